package exchangesim

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Autodiscover as Exchange serves it (ews-notes §6): POX
// (POST /autodiscover/autodiscover.xml, authenticated like EWS) and the
// unauthenticated v2 JSON endpoint. What a server answers depends on the
// server and on the email address's domain: autodiscoverSite.

// autodiscoverSite is what one server's /autodiscover answers.
type autodiscoverSite struct {
	json bool // v2 JSON is answered (unauthenticated)
	// domains holds the answer for addresses of each email domain. An
	// address of another domain, or one without a mailbox, gets POX error
	// 500 (and 404 from v2).
	domains map[string]autodiscoverAnswer
}

// autodiscoverAnswer is one POX answer: settings, redirectAddr or
// redirectUrl; and the v2 answer.
type autodiscoverAnswer struct {
	redirectAddr string // redirectAddr: the same local part at this domain
	redirectURL  string // redirectUrl: this URL
	exch, expr   string // settings: the EwsUrl of the EXCH (internal) and EXPR (external) blocks; "" leaves one out
	jsonURL      string // v2's EWS URL; "" answers 404
}

const (
	contosoEWS      = "https://mail.contoso.test/EWS/Exchange.asmx"
	office365EWS    = "https://outlook.office365.com/EWS/Exchange.asmx"
	hostedmailEWS   = "https://mail.hostedmail.test/EWS/Exchange.asmx"
	litwareFirstPOX = "https://autodiscover.litware.test/autodiscover/autodiscover.xml"
)

var (
	contosoSettings     = autodiscoverAnswer{exch: "https://exch01.corp.contoso.local/EWS/Exchange.asmx", expr: contosoEWS, jsonURL: contosoEWS}
	contosoAutodiscover = &autodiscoverSite{json: true, domains: map[string]autodiscoverAnswer{
		"contoso.test": contosoSettings,
	}}
	// The sales division's old domain: its mailboxes are contoso.test's.
	salesAutodiscover = &autodiscoverSite{domains: map[string]autodiscoverAnswer{
		"sales.contoso.test": {redirectAddr: "contoso.test"},
	}}
	fabrikamAutodiscover = &autodiscoverSite{json: true, domains: map[string]autodiscoverAnswer{
		"fabrikam.test": {exch: "https://fab-ex01.corp.fabrikam.local/EWS/Exchange.asmx",
			expr: "https://mail.fabrikam.test/EWS/Exchange.asmx", jsonURL: "https://mail.fabrikam.test/EWS/Exchange.asmx"},
	}}
	tailspinAutodiscover = &autodiscoverSite{domains: map[string]autodiscoverAnswer{
		"tailspin.test": {exch: "https://ts-ex01.corp.tailspin.local/EWS/Exchange.asmx", expr: "https://mail.tailspin.test/EWS/Exchange.asmx"},
	}}
	northwindAutodiscover = &autodiscoverSite{domains: map[string]autodiscoverAnswer{
		"northwind.test": {exch: "https://nw-ex01.corp.northwind.local/EWS/Exchange.asmx", expr: "https://mail.northwind.test/EWS/Exchange.asmx"},
	}}
	// adatum.test moved its mailboxes to a hosting provider.
	adatumAutodiscover = &autodiscoverSite{domains: map[string]autodiscoverAnswer{
		"adatum.test": {redirectURL: "https://autodiscover.hostedmail.test/autodiscover/autodiscover.xml"},
	}}
	hostedmailAutodiscover = &autodiscoverSite{json: true, domains: map[string]autodiscoverAnswer{
		"adatum.test": {expr: hostedmailEWS, jsonURL: hostedmailEWS},
	}}
	// Hybrid: the mailbox is in Exchange Online; the on-premises server
	// sends clients to the tenant's routing address.
	fourthcoffeeAutodiscover = &autodiscoverSite{json: true, domains: map[string]autodiscoverAnswer{
		"fourthcoffee.test": {redirectAddr: "fourthcoffee.mail.onmicrosoft.com", jsonURL: office365EWS},
	}}
	// Only the internal URL was ever configured.
	wingtipAutodiscover = &autodiscoverSite{domains: map[string]autodiscoverAnswer{
		"wingtip.test": {exch: "https://exch01.corp.wingtip.local/EWS/Exchange.asmx"},
	}}
	// Two servers that send clients to each other.
	litwareAutodiscover = &autodiscoverSite{domains: map[string]autodiscoverAnswer{
		"litware.test": {redirectURL: "https://autodiscover2.litware.test/autodiscover/autodiscover.xml"},
	}}
	litware2Autodiscover = &autodiscoverSite{domains: map[string]autodiscoverAnswer{
		"litware.test": {redirectURL: litwareFirstPOX},
	}}
	margiesAutodiscover = &autodiscoverSite{json: true, domains: map[string]autodiscoverAnswer{
		"margiestravel.test": {exch: "https://mt-ex01.corp.margiestravel.local/EWS/Exchange.asmx",
			expr: "https://mail.margiestravel.test/EWS/Exchange.asmx", jsonURL: "https://mail.margiestravel.test/EWS/Exchange.asmx"},
	}}
)

// answer looks addr up: its mailbox must exist, and its domain must be
// one the site answers for.
func (site *autodiscoverSite) answer(addr string) (autodiscoverAnswer, *account, bool) {
	addr = strings.ToLower(strings.TrimSpace(addr))
	_, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return autodiscoverAnswer{}, nil, false
	}
	a, ok := site.domains[domain]
	mb := findRecipient(addr)
	if !ok || mb == nil {
		return autodiscoverAnswer{}, nil, false
	}
	return a, mb, true
}

const (
	nsAutodiscoverResponse = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
	nsAutodiscoverRequest  = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
	nsOutlookResponse      = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
)

// poxRequest is the POX request of ews-notes §6.1.
type poxRequest struct {
	XMLName xml.Name `xml:"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006 Autodiscover"`
	Request struct {
		EMailAddress             string `xml:"EMailAddress"`
		LegacyDN                 string `xml:"LegacyDN"`
		AcceptableResponseSchema string `xml:"AcceptableResponseSchema"`
	} `xml:"Request"`
}

// servePOX is /autodiscover/autodiscover.xml: Windows authentication as
// on EWS, then the answer for the request's EMailAddress. Exchange answers
// errors with 200 and an Error element, as here.
func (s *Server) servePOX(w http.ResponseWriter, r *http.Request, h *host) {
	if _, ok := s.authenticate(w, r, h); !ok {
		return
	}
	site := h.autodiscover
	if r.Method != http.MethodPost {
		writePOXError(w, 600, "Invalid Request")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return
	}
	var req poxRequest
	if err := xml.Unmarshal(body, &req); err != nil || strings.TrimSpace(req.Request.EMailAddress) == "" && strings.TrimSpace(req.Request.LegacyDN) == "" {
		writePOXError(w, 600, "Invalid Request")
		return
	}
	if schema := strings.TrimSpace(req.Request.AcceptableResponseSchema); schema != nsOutlookResponse {
		writePOXError(w, 601, "Provider is not available.")
		return
	}
	email := strings.TrimSpace(req.Request.EMailAddress)
	a, mb, ok := site.answer(email)
	if !ok {
		writePOXError(w, 500, "The e-mail address cannot be found.")
		return
	}
	var acc string
	switch {
	case a.redirectAddr != "":
		local, _, _ := strings.Cut(strings.ToLower(email), "@")
		acc = "<AccountType>email</AccountType><Action>redirectAddr</Action><RedirectAddr>" + xmlEscape(local+"@"+a.redirectAddr) + "</RedirectAddr>"
	case a.redirectURL != "":
		acc = "<AccountType>email</AccountType><Action>redirectUrl</Action><RedirectUrl>" + xmlEscape(localURL(a.redirectURL, r.Host)) + "</RedirectUrl>"
	default:
		acc = "<AccountType>email</AccountType><Action>settings</Action><MicrosoftOnline>False</MicrosoftOnline>"
		if a.exch != "" {
			u := localURL(a.exch, r.Host)
			acc += "<Protocol><Type>EXCH</Type><Server>" + xmlEscape(hostOf(u)) + "</Server><ServerVersion>" + serverVersionHex(h.release) +
				"</ServerVersion><ASUrl>" + xmlEscape(u) + "</ASUrl><EwsUrl>" + xmlEscape(u) + "</EwsUrl><OOFUrl>" + xmlEscape(u) + "</OOFUrl></Protocol>"
		}
		if a.expr != "" {
			u := localURL(a.expr, r.Host)
			acc += "<Protocol><Type>EXPR</Type><Server>" + xmlEscape(hostOf(u)) + "</Server><SSL>On</SSL><AuthPackage>Ntlm</AuthPackage><ASUrl>" +
				xmlEscape(u) + "</ASUrl><EwsUrl>" + xmlEscape(u) + "</EwsUrl><OOFUrl>" + xmlEscape(u) + "</OOFUrl></Protocol>"
		}
	}
	out := `<?xml version="1.0" encoding="utf-8"?>` + "\r\n" +
		`<Autodiscover xmlns="` + nsAutodiscoverResponse + `"><Response xmlns="` + nsOutlookResponse + `">` +
		"<User><DisplayName>" + xmlEscape(mb.displayName) + "</DisplayName><LegacyDN>" + xmlEscape(legacyDN(mb)) +
		"</LegacyDN><AutoDiscoverSMTPAddress>" + xmlEscape(mb.smtp) + "</AutoDiscoverSMTPAddress></User>" +
		"<Account>" + acc + "</Account></Response></Autodiscover>"
	reply(w, http.StatusOK, "text/xml; charset=utf-8", []byte(out))
}

// writePOXError is a POX Error response ([MS-OXDSCLI] ErrorCode).
func writePOXError(w http.ResponseWriter, code int, message string) {
	var id [4]byte
	_, _ = rand.Read(id[:])
	out := fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?>`+"\r\n"+
		`<Autodiscover xmlns="%s"><Response><Error Time="%s" Id="%d"><ErrorCode>%d</ErrorCode><Message>%s</Message><DebugData /></Error></Response></Autodiscover>`,
		nsAutodiscoverResponse, time.Now().UTC().Format("15:04:05.0000000"), binary.BigEndian.Uint32(id[:]), code, xmlEscape(message))
	reply(w, http.StatusOK, "text/xml; charset=utf-8", []byte(out))
}

// serveAutodiscoverJSON is autodiscover v2 (ews-notes §6.4), both forms:
// /autodiscover/autodiscover.json/v1.0/EMAIL?Protocol=EWS and
// /autodiscover/autodiscover.json?Email=EMAIL&Protocol=EWS. It needs no
// sign-in and ignores one.
func serveAutodiscoverJSON(w http.ResponseWriter, r *http.Request, h *host) {
	q := r.URL.Query()
	email := q.Get("Email")
	if rest, ok := cutPrefixFold(r.URL.Path, "/autodiscover/autodiscover.json/v1.0/"); ok {
		email = rest
	}
	protocol := q.Get("Protocol")
	writeJSON := func(status int, v any) {
		b, _ := json.Marshal(v)
		reply(w, status, "application/json; charset=utf-8", b)
	}
	type jsonError struct {
		ErrorCode    string
		ErrorMessage string
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(http.StatusMethodNotAllowed, jsonError{"MethodNotAllowed", "The HTTP method is not allowed."})
		return
	}
	if email == "" || !strings.Contains(email, "@") {
		writeJSON(http.StatusBadRequest, jsonError{"InvalidUser", "The email address is missing or not valid."})
		return
	}
	a, _, ok := h.autodiscover.answer(email)
	switch {
	case strings.EqualFold(protocol, "AutodiscoverV1"):
		if !ok {
			break
		}
		writeJSON(http.StatusOK, struct{ Protocol, Url string }{"AutodiscoverV1", localURL("https://"+h.name+"/autodiscover/autodiscover.xml", r.Host)})
		return
	case strings.EqualFold(protocol, "EWS"):
		if !ok || a.jsonURL == "" {
			break
		}
		writeJSON(http.StatusOK, struct{ Protocol, Url string }{"EWS", localURL(a.jsonURL, r.Host)})
		return
	default:
		writeJSON(http.StatusBadRequest, jsonError{"ProtocolNotSupported",
			fmt.Sprintf("The given protocol value '%s' is invalid. Supported values are 'Rest,ActiveSync,Ews,AutodiscoverV1'", protocol)})
		return
	}
	writeJSON(http.StatusNotFound, jsonError{"MailboxNotFound", "No mailbox with the address " + email + " was found."})
}

// localURL gives a URL that names a demo host the port of the request's
// Host header, when that has one: a client that reached the simulator at
// HOST:PORT is sent on to the same port (the simulator serves every name
// there). Without a port (the client maps 443 and 80 itself, or runs
// in-process), and for names the simulator does not serve, raw is as it is.
func localURL(raw, requestHost string) string {
	_, port, err := net.SplitHostPort(requestHost)
	if err != nil || port == "" {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Port() != "" || findHost(normalizeHost(u.Hostname())) == nil {
		return raw
	}
	u.Host = net.JoinHostPort(u.Hostname(), port)
	return u.String()
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Hostname()
	}
	return ""
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// legacyDN is the mailbox's Exchange legacy distinguished name.
func legacyDN(a *account) string {
	return "/o=" + a.orgName() + "/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=" + a.sam
}

// serverVersionHex is POX's ServerVersion: 0111, 6 bits major, 6 bits
// minor, a 1 bit, 15 bits build (15.1.2176 is 73C18880).
func serverVersionHex(rel release) string {
	v := uint32(0x7)<<28 | uint32(rel.major&0x3f)<<22 | uint32(rel.minor&0x3f)<<16 | 1<<15 | uint32(rel.build&0x7fff)
	return fmt.Sprintf("%08X", v)
}
