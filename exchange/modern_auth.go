package exchange

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"ewsconnect/i18n"
)

// A server that offers only Bearer (OAuth) wants a token, never a
// password. Exchange Online has done so since 2022 (auth-basic-disabled);
// a company's own Exchange does so when hybrid modern authentication or AD
// FS OAuth is set up and an authentication policy blocks legacy sign-in
// for EWS (auth-modern-only). What tells them apart is in the answer's
// headers (realworld-failures H3).

// bearerOnly is the problem of a server that offers Bearer and no scheme
// this client speaks: auth-modern-only when what the server sent marks it
// as on-premises Exchange and nothing marks it as Exchange Online, else
// auth-basic-disabled as before.
func (s *Session) bearerOnly(seen *endpointSeen) *Problem {
	info := s.Server()
	online := exchangeOnlineMarkers(info)
	onPrem := onPremisesMarkers(info, seen.challenges)
	if s.exchangeOnline || len(online) > 0 || len(onPrem) == 0 {
		p := s.oauthOnly(seen.challenges, seen.diagnostics, false)
		if len(online) > 0 && !s.exchangeOnline {
			p.Add("; ", i18n.M("seen.auth.online-markers", i18n.Data{"Markers": i18n.Join(", ", online...)}))
		}
		return p
	}
	if uri := bearerParam(seen.challenges, "authorization_uri"); uri != "" && isCommonEntraAuthority(uri) {
		onPrem = append(onPrem, marker("authorization_uri", uri)) // hybrid: Entra ID signs in for the server
	}
	return NewProblem(CodeAuthModernOnly, nil, Seen(
		i18n.M("seen.auth.modern-only", i18n.Data{"Schemes": offeredSchemes(seen.challenges)}),
		i18n.M("seen.auth.on-premises-markers", i18n.Data{"Markers": i18n.Join(", ", onPrem...)}),
		Said("x-ms-diagnostics", seen.diagnostics)))
}

// marker is a header or parameter with the value that marks where a server
// is ("X-FEServer EXCH01"): the same words in every language.
func marker(name, value string) i18n.Msg {
	return i18n.Verbatim(name + " " + Sanitize(value))
}

// bearerParam is a parameter of the first Bearer challenge that has it.
func bearerParam(cs []challenge, name string) string {
	for _, c := range cs {
		if strings.EqualFold(c.Scheme, "Bearer") {
			if v := authParam(c.Params, name); v != "" {
				return v
			}
		}
	}
	return ""
}

// exchangeOnlineMarkers are what show a Microsoft datacenter: a front end
// named like one, or a build of the service (15.20 and later; on-premises
// Exchange stays at 15.0–15.2).
func exchangeOnlineMarkers(info ServerInfo) []i18n.Msg {
	var found []i18n.Msg
	if isDatacenterServer(info.FrontEnd) {
		found = append(found, marker("X-FEServer", info.FrontEnd))
	}
	if b, ok := parseBuild(info.OWAVersion); ok && b.major == 15 && b.minor >= 20 {
		found = append(found, marker("X-OWA-Version", info.OWAVersion))
	}
	return found
}

// onPremisesMarkers are what show a company's own Exchange, each quoted as
// seen: an Exchange 2013–SE build, a front end with a name of its own, an
// authorization_uri at AD FS or at an Entra ID tenant of its own, a trusted
// issuer naming one tenant (Exchange Online trusts them all: "@*").
func onPremisesMarkers(info ServerInfo, cs []challenge) []i18n.Msg {
	var found []i18n.Msg
	if b, ok := parseBuild(info.OWAVersion); ok && b.major == 15 && b.minor <= 2 {
		found = append(found, marker("X-OWA-Version", info.OWAVersion))
	}
	if info.FrontEnd != "" && !isDatacenterServer(info.FrontEnd) {
		found = append(found, marker("X-FEServer", info.FrontEnd))
	}
	if uri := bearerParam(cs, "authorization_uri"); uri != "" && !isCommonEntraAuthority(uri) {
		found = append(found, marker("authorization_uri", uri))
	}
	if tenant := singleTrustedTenant(bearerParam(cs, "trusted_issuers")); tenant != "" {
		found = append(found, i18n.M("seen.auth.trusted-tenant", i18n.Data{"Tenant": Sanitize(tenant)}))
	}
	return found
}

// datacenterServer matches Exchange Online's server names, e.g.
// AM0PR04CA0012, AM3PR1001MB1421, GV3P280CU004: a datacenter code, a
// digit, P(R), a number, a role and a number.
var datacenterServer = regexp.MustCompile(`^[A-Z]{2,3}[0-9]{1,2}PR?[0-9]{2,5}[A-Z]{2}[0-9]{3,5}$`)

// isDatacenterServer reports an X-FEServer value that names an Exchange
// Online server: its short name, or a host in outlook.com.
func isDatacenterServer(name string) bool {
	name = strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(name)), ".")
	if name == "" {
		return false
	}
	if short, domain, found := strings.Cut(name, "."); found {
		if domain == "OUTLOOK.COM" || strings.HasSuffix(domain, ".OUTLOOK.COM") {
			return true
		}
		name = short
	}
	return datacenterServer.MatchString(name)
}

// entraHosts are Microsoft Entra ID's sign-in hosts (public and national
// clouds).
var entraHosts = map[string]bool{
	"login.microsoftonline.com": true, "login.windows.net": true, "login.microsoft.com": true,
	"login.microsoftonline.us": true, "login.chinacloudapi.cn": true, "login.partner.microsoftonline.cn": true,
}

// isCommonEntraAuthority reports an authorization_uri that says nothing
// about where the server is: Entra ID's multi-tenant endpoint, which both
// Exchange Online and hybrid servers name. An unparsable one is treated the
// same way: it is no evidence.
func isCommonEntraAuthority(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return true
	}
	if !entraHosts[strings.ToLower(u.Hostname())] {
		return false // AD FS or another authority of the company's own
	}
	tenant, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	switch strings.ToLower(tenant) {
	case "", "common", "organizations", "consumers":
		return true
	}
	return false
}

// singleTrustedTenant is the tenant of a trusted_issuers value that trusts
// one tenant ("00000001-…@<tenant>"), "" for Exchange Online's "@*".
func singleTrustedTenant(issuers string) string {
	for _, issuer := range strings.Split(issuers, ",") {
		_, tenant, found := strings.Cut(strings.TrimSpace(issuer), "@")
		if found && tenant != "" && tenant != "*" {
			return tenant
		}
	}
	return ""
}

// authParam is the value of one auth-param of a challenge's raw parameters
// (name=token or name="quoted"), or "".
func authParam(params, name string) string {
	for _, item := range splitOutsideQuotes(params, ',') {
		key, value, found := strings.Cut(strings.TrimSpace(item), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(key), name) {
			continue
		}
		value = strings.TrimSpace(value)
		if strings.HasPrefix(value, `"`) {
			// Unquote would turn each invalid byte into U+FFFD (three
			// bytes): a server's garbage is trimmed, not grown.
			if unquoted, err := strconv.Unquote(value); err == nil && utf8.ValidString(value) {
				return unquoted
			}
			return strings.Trim(value, `"`)
		}
		return value
	}
	return ""
}
