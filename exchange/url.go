package exchange

import (
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"ewsconnect/i18n"
)

// ewsPath is the one path every Exchange version serves EWS on. IIS compares
// it case-insensitively.
const ewsPath = "/EWS/Exchange.asmx"

// exchangeOnlineHosts are the EWS hosts of Exchange Online and its sovereign
// clouds. They accept only OAuth for EWS, which the url step warns about.
var exchangeOnlineHosts = map[string]bool{
	"outlook.office365.com":    true, // worldwide
	"outlook.office.com":       true, // worldwide, the OWA host
	"outlook.office365.us":     true, // GCC High
	"outlook-dod.office365.us": true, // DoD
	"webmail.apps.mil":         true, // DoD
	"partner.outlook.cn":       true, // operated by 21Vianet
	"outlook.office.de":        true, // Microsoft Cloud Deutschland (retired)
}

// IsExchangeOnlineHost reports whether host (without port) is an Exchange
// Online EWS host.
func IsExchangeOnlineHost(host string) bool {
	return exchangeOnlineHosts[strings.TrimSuffix(strings.ToLower(host), ".")]
}

// owaPathPrefixes are the first path segments of Outlook Web App, the
// Exchange admin center and the new Outlook on the web: what users copy from
// the browser's address bar.
var owaPathPrefixes = map[string]bool{
	"owa": true, "ecp": true, "home": true, "mail": true, "calendar": true,
	"people": true, "exchange": true, "exchweb": true,
}

// ParseEWSURL checks that raw is an https EWS URL and returns it parsed. The
// error is a *Problem (url-malformed, url-not-https, url-owa or
// url-not-ews); SuggestEWSURL gives the address to offer instead.
func ParseEWSURL(raw string) (*url.URL, error) {
	u, p := parseEWSURL(raw)
	if p != nil {
		return nil, p
	}
	return u, nil
}

// SuggestEWSURL returns the EWS URL the user most likely means when raw is
// not one (an OWA address, a bare host, http://), or "" when raw is already
// a good EWS URL or names no host.
func SuggestEWSURL(raw string) string {
	if _, p := parseEWSURL(raw); p == nil {
		return ""
	}
	return suggestEWSURL(raw)
}

// parseEWSURL applies the URL rules in order: form, scheme, path.
func parseEWSURL(raw string) (*url.URL, *Problem) {
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.empty"))
	case HasPassword(s):
		// Before url.Parse: a password with "/" or "?" in it would be read
		// as a path, and a later detail would echo part of it.
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.password"))
	case strings.IndexFunc(s, unicode.IsSpace) >= 0:
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.space"))
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.control"))
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Error repeats the input; a typed password must not be echoed.
		return nil, NewProblem(CodeURLMalformed, err, i18n.M("seen.url.unreadable"))
	}
	if u.Scheme == "" || u.Opaque != "" && u.Host == "" {
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.no-scheme"))
	}
	if u.User != nil {
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.user"))
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.no-host"))
	}
	if fault := hostFault(u.Hostname()); !fault.IsZero() {
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.bad-host", i18n.Data{"Host": u.Hostname(), "Fault": fault}))
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, NewProblem(CodeURLMalformed, err, i18n.M("seen.url.port", i18n.Data{"Port": port}))
		}
	}

	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		p := NewProblem(CodeURLNotHTTPS, nil, i18n.M("seen.url.http"))
		return nil, p
	default:
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.url.scheme", i18n.Data{"Scheme": u.Scheme}))
	}

	path := u.EscapedPath()
	switch {
	case isOWAPath(path):
		return nil, NewProblem(CodeURLOWA, nil, i18n.M("seen.url.owa", i18n.Data{"URL": displayURL(u), "Path": orSlash(path)}))
	case !strings.EqualFold(path, ewsPath):
		return nil, NewProblem(CodeURLNotEWS, nil, i18n.M("seen.url.path", i18n.Data{"Path": orSlash(path), "EWSPath": ewsPath}))
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, NewProblem(CodeURLNotEWS, nil, i18n.M("seen.url.query"))
	}
	u.Scheme = "https"
	u.Host = strings.ToLower(u.Host)
	return u, nil
}

// checkURL is CheckURL's work: the parsed URL (completed from a bare
// server name when the address is one), or the problem with the suggested
// URL recorded.
func (s *Session) checkURL() (u *url.URL, completed bool, err error) {
	raw := s.raw
	if ews, ok := CompleteEWSURL(raw); ok {
		raw, completed = ews, true
	}
	u, p := parseEWSURL(raw)
	if p != nil {
		s.suggest.URL = suggestEWSURL(s.raw)
		return nil, false, p
	}
	return u, completed, nil
}

// isOWAPath reports whether path is under one of Outlook Web App's first
// segments (/owa, /owa/auth/logon.aspx, /mail/…). The root is not: it is
// the server's address, which CompleteEWSURL completes.
func isOWAPath(path string) bool {
	trimmed := strings.Trim(path, "/")
	if trimmed == "" {
		return false
	}
	first, _, _ := strings.Cut(trimmed, "/")
	return owaPathPrefixes[strings.ToLower(first)]
}

// suggestEWSURL builds https://HOST[:PORT]/EWS/Exchange.asmx from whatever
// names a host: an OWA address, a bare "mail.contoso.com", an http:// URL.
// It returns "" when no host can be found or raw looks like an email
// address.
func suggestEWSURL(raw string) string {
	s := strings.TrimSpace(withoutUserInfo(raw))
	if s == "" || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return ""
	}
	if !strings.Contains(s, "://") {
		if strings.Contains(s, "@") {
			return "" // an email address, not a server
		}
		// "https:/host" or "http:host": a mistyped scheme, not a host.
		for _, scheme := range []string{"https:", "http:"} {
			if len(s) > len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) {
				s = strings.TrimLeft(s[len(scheme):], "/")
				break
			}
		}
		s = "https://" + s
	}
	// "htps://", "hhtps://": a slip of the finger on the scheme.
	if scheme, rest, ok := strings.Cut(s, "://"); ok && looksLikeHTTPS(scheme) {
		s = "https://" + rest
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" || !hostFault(u.Hostname()).IsZero() {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if n, err := strconv.Atoi(port); port != "" && (err != nil || n < 1 || n > 65535) {
		return ""
	}
	if port == "443" || scheme == "http" && port == "80" {
		port = ""
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6 literal
	}
	return "https://" + host + ewsPath
}

// badHost says, in English, what is wrong with a host name, or "" when it
// looks usable (see hostFault).
func badHost(host string) string { return hostFault(host).In(i18n.EN) }

// hostFault says what is wrong with a host name, as the end of a sentence
// whose subject is the name ("is too long", "contains the character '/'"),
// or nothing (IsZero) when it looks usable. It is deliberately lenient
// (underscores and IDNs occur on real intranets); it only catches what
// cannot possibly resolve.
func hostFault(host string) i18n.Msg {
	if net.ParseIP(host) != nil {
		return i18n.Msg{}
	}
	h := strings.TrimSuffix(host, ".")
	if h == "" {
		return i18n.M("seen.url.host-fault.empty")
	}
	if len(h) > 253 {
		return i18n.M("seen.url.host-fault.too-long")
	}
	for _, label := range strings.Split(h, ".") {
		switch {
		case label == "":
			return i18n.M("seen.url.host-fault.empty-label")
		case len(label) > 63:
			return i18n.M("seen.url.host-fault.long-label")
		case strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-"):
			return i18n.M("seen.url.host-fault.hyphen")
		}
		for _, r := range label {
			if r < 0x80 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return i18n.M("seen.url.host-fault.character", i18n.Data{"Char": strconv.QuoteRune(r)})
			}
		}
	}
	return i18n.Msg{}
}

// displayURL is u without user info, for evidence.
func displayURL(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

func orSlash(path string) string {
	if path == "" {
		return "/"
	}
	return path
}

// looksLikeHTTPS reports a scheme within two typing slips of "https"
// (htps, htttps, hhtps, httsp), but not "http" or another real scheme.
func looksLikeHTTPS(scheme string) bool {
	scheme = strings.ToLower(scheme)
	switch scheme {
	case "https", "http", "ftp", "ftps", "file", "ws", "wss", "mailto":
		return false
	}
	return editDistance(scheme, "https") <= 2 && strings.HasPrefix(scheme, "h")
}

// editDistance is the Levenshtein distance of two short ASCII strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// CompleteEWSURL is the EWS URL for an address that names only a server,
// as people type it: a bare host ("mail.contoso.com", with or without a
// port) or the server's https root ("https://mail.contoso.com/"). ok is
// false for anything else, which the URL rules judge as it is.
func CompleteEWSURL(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	if s == "" || strings.ContainsAny(s, "@ \t") || HasPassword(s) {
		return "", false
	}
	if !strings.Contains(s, "://") {
		if strings.ContainsAny(s, "/?#") {
			return "", false
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || !strings.EqualFold(u.Scheme, "https") || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", false
	}
	// suggestEWSURL judges the host and the port, as for any suggestion.
	ews := suggestEWSURL(s)
	return ews, ews != ""
}

// LooksLikeEmail reports an email address typed where a server address
// belongs.
func LooksLikeEmail(raw string) bool {
	s := strings.TrimSpace(raw)
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, "/: ") && !strings.Contains(domain, "@")
}
