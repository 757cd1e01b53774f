package exchangesim

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/Azure/go-ntlmssp"
)

// poxBody is a POX request for email.
func poxBody(email string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request>` +
		`<EMailAddress>` + email + `</EMailAddress>` +
		`<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>` +
		`</Request></Autodiscover>`
}

// poxCall POSTs body to https://host/autodiscover/autodiscover.xml as
// login ("" for none) and returns the response and its body.
func poxCall(t *testing.T, c *http.Client, host, login, body string) (*http.Response, []byte) {
	t.Helper()
	return postXML(t, c, "https://"+host+"/autodiscover/autodiscover.xml", login, DemoPassword, body)
}

// poxResult is what a POX answer says: the action and its target, the
// EwsUrl per protocol type, or the error code.
type poxResult struct {
	action, target, exch, expr, errorCode, smtp string
}

func parsePOX(t *testing.T, b []byte) poxResult {
	t.Helper()
	root := parseXML(t, b)
	if root.XMLName.Space != nsAutodiscoverResponse || root.XMLName.Local != "Autodiscover" {
		t.Fatalf("root %v, want the POX response schema's Autodiscover:\n%s", root.XMLName, b)
	}
	var res poxResult
	if e := root.find(nsAutodiscoverResponse, "ErrorCode"); e != nil {
		res.errorCode = e.Text
		return res
	}
	text := func(local string) string {
		if n := root.find(nsOutlookResponse, local); n != nil {
			return n.Text
		}
		return ""
	}
	res.action, res.smtp = text("Action"), text("AutoDiscoverSMTPAddress")
	res.target = text("RedirectAddr") + text("RedirectUrl")
	for _, acc := range root.Children[0].Children {
		for _, p := range acc.Children {
			if p.XMLName.Local != "Protocol" {
				continue
			}
			ews := p.find(nsOutlookResponse, "EwsUrl")
			switch typ := p.find(nsOutlookResponse, "Type"); {
			case typ == nil || ews == nil:
			case typ.Text == "EXCH":
				res.exch = ews.Text
			case typ.Text == "EXPR":
				res.expr = ews.Text
			}
		}
	}
	return res
}

func TestPOXAutodiscover(t *testing.T) {
	s := startServer(t)
	c := ntlmClient(s)
	tests := []struct {
		name, host, login, email string
		want                     poxResult
	}{
		{"settings: EXCH internal and EXPR external", "autodiscover.contoso.test", "alice@contoso.test", "alice@contoso.test",
			poxResult{action: "settings", smtp: "alice@contoso.test", exch: "https://exch01.corp.contoso.local/EWS/Exchange.asmx", expr: contosoEWS}},
		{"settings for a DOMAIN\\user login", "autodiscover.contoso.test", `CONTOSO\bob`, "bob@contoso.test",
			poxResult{action: "settings", smtp: "bob@contoso.test", exch: "https://exch01.corp.contoso.local/EWS/Exchange.asmx", expr: contosoEWS}},
		{"another company's server, its own account", "autodiscover.fabrikam.test", "alice@fabrikam.test", "alice@fabrikam.test",
			poxResult{action: "settings", smtp: "alice@fabrikam.test", exch: "https://fab-ex01.corp.fabrikam.local/EWS/Exchange.asmx", expr: "https://mail.fabrikam.test/EWS/Exchange.asmx"}},
		{"SRV target", "mail.northwind.test", "alice@northwind.test", "alice@northwind.test",
			poxResult{action: "settings", smtp: "alice@northwind.test", exch: "https://nw-ex01.corp.northwind.local/EWS/Exchange.asmx", expr: "https://mail.northwind.test/EWS/Exchange.asmx"}},
		{"internal URL only", "autodiscover.wingtip.test", "alice@wingtip.test", "alice@wingtip.test",
			poxResult{action: "settings", smtp: "alice@wingtip.test", exch: "https://exch01.corp.wingtip.local/EWS/Exchange.asmx"}},
		{"redirectAddr, signed in with a UPN alias", "autodiscover.sales.contoso.test", "alice@sales.contoso.test", "alice@sales.contoso.test",
			poxResult{action: "redirectAddr", smtp: "alice@contoso.test", target: "alice@contoso.test"}},
		{"redirectAddr to Exchange Online", "autodiscover.fourthcoffee.test", "alice@fourthcoffee.test", "alice@fourthcoffee.test",
			poxResult{action: "redirectAddr", smtp: "alice@fourthcoffee.test", target: "alice@fourthcoffee.mail.onmicrosoft.com"}},
		{"redirectUrl to another company", "autodiscover.adatum.test", "alice@adatum.test", "alice@adatum.test",
			poxResult{action: "redirectUrl", smtp: "alice@adatum.test", target: "https://autodiscover.hostedmail.test/autodiscover/autodiscover.xml"}},
		{"the hosting provider answers for adatum", "autodiscover.hostedmail.test", "alice@adatum.test", "alice@adatum.test",
			poxResult{action: "settings", smtp: "alice@adatum.test", expr: hostedmailEWS}},
		{"redirectUrl loop, first", "autodiscover.litware.test", "alice@litware.test", "alice@litware.test",
			poxResult{action: "redirectUrl", smtp: "alice@litware.test", target: "https://autodiscover2.litware.test/autodiscover/autodiscover.xml"}},
		{"redirectUrl loop, back", "autodiscover2.litware.test", "alice@litware.test", "alice@litware.test",
			poxResult{action: "redirectUrl", smtp: "alice@litware.test", target: litwareFirstPOX}},
		{"unknown address: 500", "autodiscover.contoso.test", "alice@contoso.test", "nobody@contoso.test", poxResult{errorCode: "500"}},
		{"another domain's address: 500", "autodiscover.contoso.test", "alice@contoso.test", "alice@fabrikam.test", poxResult{errorCode: "500"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := poxCall(t, c, tt.host, tt.login, poxBody(tt.email))
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
				t.Fatalf("HTTP %d %q, want 200 text/xml; charset=utf-8:\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if got := parsePOX(t, body); got != tt.want {
				t.Errorf("got %+v\nwant %+v\n%s", got, tt.want, body)
			}
			if tt.want.errorCode == "500" && !strings.Contains(string(body), "<Message>The e-mail address cannot be found.</Message>") {
				t.Errorf("500 without exchangelib's message:\n%s", body)
			}
		})
	}

	malformed := []struct{ name, body, code string }{
		{"not XML", "hello", "600"},
		{"no address", strings.Replace(poxBody("x"), "<EMailAddress>x</EMailAddress>", "", 1), "600"},
		{"wrong namespace", strings.Replace(poxBody("alice@contoso.test"), "requestschema", "nope", 1), "600"},
		{"ActiveSync schema", strings.Replace(poxBody("alice@contoso.test"), "outlook/responseschema/2006a", "mobilesync/responseschema/2006", 1), "601"},
	}
	for _, tt := range malformed {
		t.Run("malformed: "+tt.name, func(t *testing.T) {
			_, body := poxCall(t, c, "autodiscover.contoso.test", "alice@contoso.test", tt.body)
			if got := parsePOX(t, body).errorCode; got != tt.code {
				t.Errorf("error %q, want %s:\n%s", got, tt.code, body)
			}
		})
	}

	refused := []struct{ name, host, login string }{
		{"no credentials", "autodiscover.contoso.test", ""},
		{"bob's email is no login (his UPN is bob@corp.contoso.local)", "autodiscover.contoso.test", "bob@contoso.test"},
		{"unknown UPN", "autodiscover.fabrikam.test", "mallory@fabrikam.test"},
	}
	for _, tt := range refused {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			// A new connection: NTLM signs in a connection, not a request.
			resp, body := poxCall(t, ntlmClient(s), tt.host, tt.login, poxBody("alice@contoso.test"))
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(strings.Join(resp.Header.Values("WWW-Authenticate"), ","), "NTLM") {
				t.Errorf("HTTP %d %q, want 401 with NTLM offered:\n%s", resp.StatusCode, resp.Header.Values("WWW-Authenticate"), body)
			}
		})
	}
}

// The NTLM CHALLENGE names the server's own domain: CONTOSO at
// autodiscover.contoso.test (where a client learns CONTOSO\bob), FABRIKAM
// at fabrikam's server.
func TestPOXChallengeDomain(t *testing.T) {
	s := startServer(t)
	for host, want := range map[string]string{"autodiscover.contoso.test": "CONTOSO", "autodiscover.fabrikam.test": "FABRIKAM"} {
		t.Run(host, func(t *testing.T) {
			c := &http.Client{Transport: transport(s), Timeout: 10 * time.Second}
			req, _ := http.NewRequest(http.MethodPost, "https://"+host+"/autodiscover/autodiscover.xml", strings.NewReader(poxBody("x@y")))
			neg, err := ntlmssp.NewNegotiateMessage("", "")
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "NTLM "+encodeB64(neg))
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			chal := decodeChallenge(t, resp.Header.Get("WWW-Authenticate"))
			if got := challengeTarget(chal); got != want {
				t.Errorf("challenge names %q, want %q", got, want)
			}
		})
	}
}

func TestAutodiscoverJSON(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	tests := []struct {
		name, host, path string
		status           int
		want             string // the body, or a part of it
	}{
		{"v1.0 path form", "autodiscover.contoso.test", "/autodiscover/autodiscover.json/v1.0/alice@contoso.test?Protocol=EWS",
			200, `{"Protocol":"EWS","Url":"https://mail.contoso.test/EWS/Exchange.asmx"}`},
		{"query form, as EXO's docs write it", "autodiscover.contoso.test", "/autodiscover/autodiscover.json?Email=alice@contoso.test&Protocol=EWS&RedirectCount=1",
			200, `{"Protocol":"EWS","Url":"https://mail.contoso.test/EWS/Exchange.asmx"}`},
		{"case of path and protocol", "autodiscover.contoso.test", "/Autodiscover/Autodiscover.json/v1.0/Alice@Contoso.test?Protocol=Ews",
			200, `{"Protocol":"EWS","Url":"https://mail.contoso.test/EWS/Exchange.asmx"}`},
		{"AutodiscoverV1", "autodiscover.contoso.test", "/autodiscover/autodiscover.json/v1.0/alice@contoso.test?Protocol=AutodiscoverV1",
			200, `{"Protocol":"AutodiscoverV1","Url":"https://autodiscover.contoso.test/autodiscover/autodiscover.xml"}`},
		{"Exchange Online mailbox", "autodiscover.fourthcoffee.test", "/autodiscover/autodiscover.json/v1.0/alice@fourthcoffee.test?Protocol=EWS",
			200, `{"Protocol":"EWS","Url":"https://outlook.office365.com/EWS/Exchange.asmx"}`},
		{"unknown mailbox", "autodiscover.contoso.test", "/autodiscover/autodiscover.json/v1.0/nobody@contoso.test?Protocol=EWS", 404, `"ErrorCode":"MailboxNotFound"`},
		{"unknown protocol", "autodiscover.contoso.test", "/autodiscover/autodiscover.json/v1.0/alice@contoso.test?Protocol=IMAP", 400, `"ErrorCode":"ProtocolNotSupported"`},
		{"no v2 on a POX-only server", "autodiscover.wingtip.test", "/autodiscover/autodiscover.json/v1.0/alice@wingtip.test?Protocol=EWS", 404, "404 - File or directory not found"},
		{"no v2 on the redirecting server", "autodiscover.adatum.test", "/autodiscover/autodiscover.json/v1.0/alice@adatum.test?Protocol=EWS", 404, "404 - File or directory not found"},
		{"a web site", "proseware.test", "/autodiscover/autodiscover.json/v1.0/alice@proseware.test?Protocol=EWS", 404, "nginx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Get("https://" + tt.host + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Fatalf("HTTP %d %s, want %d with %s", resp.StatusCode, body, tt.status, tt.want)
			}
			if strings.HasPrefix(tt.want, "{") || strings.HasPrefix(tt.want, `"`) {
				if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
				if !json.Valid(body) {
					t.Errorf("not JSON: %s", body)
				}
			}
		})
	}
}

// One port speaks TLS to a ClientHello and plain HTTP to anything else.
func TestSniffPlainAndTLSOnOnePort(t *testing.T) {
	s := startServer(t)
	// Plain HTTP by hand: no TLS anywhere.
	conn, err := net.DialTimeout("tcp", s.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, "GET /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: autodiscover.contoso.test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("plain HTTP: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "https://autodiscover.contoso.test/autodiscover/autodiscover.xml" {
		t.Errorf("plain HTTP: %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// TLS on the same port.
	tc, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", s.Addr(),
		&tls.Config{ServerName: "autodiscover.contoso.test", RootCAs: s.CAPool()})
	if err != nil {
		t.Fatalf("TLS: %v", err)
	}
	tc.Close()

	// A client that connects and says nothing is not served either way,
	// and holds up no one else.
	silent, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	r, err := plainClient(s).Get("http://mail.contoso.test/")
	if err != nil {
		t.Fatalf("a plain request behind a silent connection: %v", err)
	}
	r.Body.Close()
	if st := s.Stats(); st.PlainRequests != 2 || st.Handshakes != 0 {
		t.Errorf("Stats %+v, want 2 plain requests and no TLS request", st)
	}
}

// The HTTP redirect method on port 80, and what else port 80 answers.
func TestHTTPRedirectMethod(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	tests := []struct {
		name, method, url string
		status            int
		location          string
	}{
		{"redirect to the autodiscover host's https", "GET", "http://autodiscover.contoso.test/autodiscover/autodiscover.xml",
			302, "https://autodiscover.contoso.test/autodiscover/autodiscover.xml"},
		{"path in Outlook's case", "GET", "http://autodiscover.contoso.test/Autodiscover/Autodiscover.xml",
			302, "https://autodiscover.contoso.test/autodiscover/autodiscover.xml"},
		{"shared web host redirects to the mail server", "GET", "http://autodiscover.tailspin.test/autodiscover/autodiscover.xml",
			302, "https://mail.tailspin.test/autodiscover/autodiscover.xml"},
		{"the port a client came on is kept", "GET", "http://autodiscover.tailspin.test:8080/autodiscover/autodiscover.xml",
			302, "https://mail.tailspin.test:8080/autodiscover/autodiscover.xml"},
		{"POST over plain HTTP: SSL required, no sign-in", "POST", "http://autodiscover.contoso.test/autodiscover/autodiscover.xml", 403, ""},
		{"EWS over plain HTTP: SSL required", "POST", "http://mail.contoso.test/EWS/Exchange.asmx", 403, ""},
		{"an Exchange host without the redirect", "GET", "http://autodiscover.fabrikam.test/autodiscover/autodiscover.xml", 403, ""},
		{"web site", "GET", "http://proseware.test/autodiscover/autodiscover.xml", 404, ""},
		{"web site's home page", "GET", "http://proseware.test/", 200, ""},
		{"a name no site has", "GET", "http://autodiscover.test/autodiscover/autodiscover.xml", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, tt.url, strings.NewReader(poxBody("alice@contoso.test")))
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
				t.Errorf("HTTP %d Location %q, want %d %q", resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.location)
			}
			if v := resp.Header.Values("WWW-Authenticate"); len(v) > 0 {
				t.Errorf("plain HTTP asked for credentials: %q", v)
			}
		})
	}
	if st := s.Stats(); st.PlainAuthorization != 0 || st.SignIns != 0 {
		t.Errorf("Stats %+v: nothing sent credentials", st)
	}
}

// Credentials sent over plain HTTP are counted (and ignored), so that a
// test can prove a client never sends them; so are sign-ins per host.
func TestCredentialCounting(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	send := func(url, authorization string) int {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	neg, _ := ntlmssp.NewNegotiateMessage("", "")
	if code := send("http://autodiscover.contoso.test/autodiscover/autodiscover.xml", "Basic YWxpY2U6cHc="); code != 302 {
		t.Errorf("with Basic: %d, want the same 302", code)
	}
	send("http://autodiscover.contoso.test/autodiscover/autodiscover.xml", "NTLM "+encodeB64(neg))
	send("http://autodiscover.contoso.test/autodiscover/autodiscover.xml", "")

	host := s.HostStats("autodiscover.contoso.test")
	if total := s.Stats(); total.PlainAuthorization != 2 || total.PlainRequests != 3 || host.PlainAuthorization != 2 {
		t.Errorf("total %+v host %+v, want 3 plain requests, 2 with Authorization", total, host)
	}
	if host.SignIns != 1 {
		t.Errorf("SignIns %d, want 1 (Basic carries credentials, an NTLM NEGOTIATE does not)", host.SignIns)
	}

	// Over TLS: the NTLM handshake's AUTHENTICATE is one sign-in, a
	// refused one too.
	nc := ntlmClient(s)
	poxCall(t, nc, "autodiscover.fabrikam.test", "alice@fabrikam.test", poxBody("alice@fabrikam.test"))
	poxCall(t, nc, "mail.fabrikam.test", "bob@fabrikam.test", poxBody("alice@fabrikam.test"))
	if got := s.HostStats("autodiscover.fabrikam.test").SignIns; got != 1 {
		t.Errorf("autodiscover.fabrikam.test SignIns %d, want 1", got)
	}
	if got := s.HostStats("mail.fabrikam.test").SignIns; got != 1 {
		t.Errorf("mail.fabrikam.test SignIns %d, want 1 (refused)", got)
	}
	if got := s.HostStats("fabrikam.test").SignIns; got != 0 {
		t.Errorf("fabrikam.test SignIns %d, want 0", got)
	}
}

// Certificates: the web site and the shared web host present names that
// do not match; the new Exchange hosts' certificates are valid.
func TestAutodiscoverCertificates(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		host     string
		mismatch bool
	}{
		{"fabrikam.test", true},
		{"www.fabrikam.test", false},
		{"autodiscover.tailspin.test", true},
		{"autodiscover.contoso.test", false},
		{"autodiscover.hostedmail.test", false},
		{"mail.northwind.test", false},
		{"proseware.test", false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			c, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", s.Addr(), &tls.Config{ServerName: tt.host, RootCAs: s.CAPool()})
			if err == nil {
				c.Close()
			}
			var hostErr x509HostnameError
			if tt.mismatch != errors.As(err, &hostErr) || !tt.mismatch && err != nil {
				t.Errorf("handshake: %v, want a name mismatch: %v", err, tt.mismatch)
			}
		})
	}
}

// margiestravel.test takes the connection and never answers the
// ClientHello, until the client gives up or the server closes.
func TestBlackholeHost(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	raw, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	tc := tls.Client(raw, &tls.Config{ServerName: "margiestravel.test", RootCAs: s.CAPool()})
	handshake := make(chan error, 1)
	go func() { handshake <- tc.Handshake() }()
	select {
	case err := <-handshake:
		t.Fatalf("the blackhole answered: %v", err)
	case <-time.After(500 * time.Millisecond):
	}
	if st := s.HostStats("margiestravel.test"); st.Connections != 1 || st.Handshakes != 0 {
		t.Errorf("HostStats %+v, want the ClientHello counted and no handshake", st)
	}

	// Other hosts are served meanwhile.
	status, _ := soapCall(t, ntlmClient(s), "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2016", getInbox))
	if status != 200 {
		t.Errorf("mail.contoso.test beside the blackhole: %d", status)
	}

	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs on the blackhole's connection")
	}
	select {
	case err := <-handshake:
		if err == nil {
			t.Error("handshake succeeded after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the blackhole's connection was not released by Close")
	}
}

// With Latency, a request on a kept-alive connection costs one round trip,
// a fresh HTTPS one three (TCP, TLS, HTTP), a plain one two; a DNS answer
// one. Lower bounds only: a loaded machine may be slower.
func TestLatency(t *testing.T) {
	const rtt = 150 * time.Millisecond
	s, err := Start(Options{Latency: rtt})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	c := plainClient(s)
	get := func(url string) time.Duration {
		t.Helper()
		start := time.Now()
		resp, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return time.Since(start)
	}
	if d := get("https://autodiscover.contoso.test/autodiscover/autodiscover.json/v1.0/alice@contoso.test?Protocol=EWS"); d < 3*rtt {
		t.Errorf("fresh HTTPS request took %v, want at least 3 round trips (%v)", d, 3*rtt)
	}
	if d := get("https://autodiscover.contoso.test/autodiscover/autodiscover.json/v1.0/alice@contoso.test?Protocol=EWS"); d < rtt {
		t.Errorf("request on the kept-alive connection took %v, want at least one round trip (%v)", d, rtt)
	}
	if d := get("http://autodiscover.contoso.test/autodiscover/autodiscover.xml"); d < 2*rtt {
		t.Errorf("fresh plain HTTP request took %v, want at least 2 round trips (%v)", d, 2*rtt)
	}
	start := time.Now()
	askDNS(t, s, "udp", 1, "mail.contoso.test")
	if d := time.Since(start); d < rtt {
		t.Errorf("DNS answer took %v, want at least %v", d, rtt)
	}
}

// curl, an independent NTLM client, against POX.
func TestCurlAutodiscover(t *testing.T) {
	curl := needCurl(t)
	s := startServer(t)
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, s.CAPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(s.Addr())
	tests := []struct {
		name, host, login, email string
		wantStatus               string
		want                     poxResult
	}{
		{"settings, UPN login", "autodiscover.contoso.test", "alice@contoso.test", "alice@contoso.test", "200",
			poxResult{action: "settings", smtp: "alice@contoso.test", exch: "https://exch01.corp.contoso.local/EWS/Exchange.asmx",
				expr: "https://mail.contoso.test:" + port + "/EWS/Exchange.asmx"}},
		{"settings, DOMAIN\\user login", "autodiscover.contoso.test", `CONTOSO\alice`, "alice@contoso.test", "200",
			poxResult{action: "settings", smtp: "alice@contoso.test", exch: "https://exch01.corp.contoso.local/EWS/Exchange.asmx",
				expr: "https://mail.contoso.test:" + port + "/EWS/Exchange.asmx"}},
		{"redirectAddr", "autodiscover.sales.contoso.test", "alice@sales.contoso.test", "alice@sales.contoso.test", "200",
			poxResult{action: "redirectAddr", smtp: "alice@contoso.test", target: "alice@contoso.test"}},
		{"redirectUrl keeps the port curl came on", "autodiscover.adatum.test", "alice@adatum.test", "alice@adatum.test", "200",
			poxResult{action: "redirectUrl", smtp: "alice@adatum.test", target: "https://autodiscover.hostedmail.test:" + port + "/autodiscover/autodiscover.xml"}},
		{"error 500", "autodiscover.contoso.test", "alice@contoso.test", "nobody@contoso.test", "200", poxResult{errorCode: "500"}},
		{"bob's email is no login", "autodiscover.contoso.test", "bob@contoso.test", "bob@contoso.test", "401", poxResult{}},
		{"bob's domain login works", "autodiscover.contoso.test", `CONTOSO\bob`, "bob@contoso.test", "200",
			poxResult{action: "settings", smtp: "bob@contoso.test", exch: "https://exch01.corp.contoso.local/EWS/Exchange.asmx",
				expr: "https://mail.contoso.test:" + port + "/EWS/Exchange.asmx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqFile := filepath.Join(t.TempDir(), "pox.xml")
			if err := os.WriteFile(reqFile, []byte(poxBody(tt.email)), 0o644); err != nil {
				t.Fatal(err)
			}
			bodyFile := filepath.Join(t.TempDir(), "body")
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, curl, "-sS", "--ntlm", "-u", tt.login+":"+DemoPassword,
				"--cacert", caFile, "--resolve", tt.host+":"+port+":127.0.0.1",
				"-H", "Content-Type: text/xml; charset=utf-8", "--data-binary", "@"+reqFile,
				"-o", bodyFile, "-w", "%{http_code} %{num_connects}",
				"https://"+tt.host+":"+port+"/autodiscover/autodiscover.xml").CombinedOutput()
			if err != nil {
				t.Fatalf("curl: %v\n%s", err, out)
			}
			status, conns, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
			if status != tt.wantStatus || conns != "1" {
				t.Fatalf("HTTP %s over %s connections, want %s over 1", status, conns, tt.wantStatus)
			}
			if status != "200" {
				return
			}
			body, _ := os.ReadFile(bodyFile)
			if got := parsePOX(t, body); got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

type x509HostnameError = x509.HostnameError

func encodeB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// decodeChallenge returns the NTLM CHALLENGE message of a WWW-Authenticate
// header "NTLM <base64>".
func decodeChallenge(t *testing.T, header string) []byte {
	t.Helper()
	scheme, token, _ := strings.Cut(header, " ")
	b, err := base64.StdEncoding.DecodeString(token)
	if scheme != "NTLM" || err != nil || len(b) < 48 || b[8] != 2 {
		t.Fatalf("no NTLM CHALLENGE in %q", header)
	}
	return b
}

// challengeTarget is a CHALLENGE's TargetName (the NetBIOS domain).
func challengeTarget(chal []byte) string {
	n, off := int(binary.LittleEndian.Uint16(chal[12:])), int(binary.LittleEndian.Uint32(chal[16:]))
	u := make([]uint16, 0, n/2)
	for i := off; i+1 < off+n && i+1 < len(chal); i += 2 {
		u = append(u, binary.LittleEndian.Uint16(chal[i:]))
	}
	return string(utf16.Decode(u))
}
