package exchangesim

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, c *http.Client, method, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHTTPBehaviour(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	tests := []struct {
		name         string
		method       string
		url          string
		wantStatus   int
		wantLocation string   // prefix
		wantHeaders  []string // "Name: value" (value "" = present)
		wantBody     []string
	}{
		{name: "owa, root redirects to /owa/", url: "https://mail.contoso.test/", wantStatus: 302, wantLocation: "https://mail.contoso.test/owa/"},
		{name: "owa, /owa/ redirects to the logon page", url: "https://mail.contoso.test/owa/", wantStatus: 302,
			wantLocation: "https://mail.contoso.test/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.test%2fowa%2f&reason=0"},
		{name: "owa, deep link", url: "https://mail.contoso.test/owa/#path=/mail", wantStatus: 302, wantLocation: "https://mail.contoso.test/owa/auth/logon.aspx?"},
		{name: "ecp redirects to the logon page", url: "https://mail.contoso.test/ecp/", wantStatus: 302,
			wantLocation: "https://mail.contoso.test/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.test%2fecp%2f&reason=0"},
		{name: "owa, logon page markers", url: "https://mail.contoso.test/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.test%2fowa%2f&reason=0", wantStatus: 200,
			wantBody: []string{"<!-- OwaPage = ASP.auth_logon_aspx -->", "<title>Outlook</title>", `<form action="/owa/auth.owa" method="POST" name="logonForm"`, `name="username"`, `name="password"`}},
		{name: "ews, unauthenticated, path in lower case", method: "POST", url: "https://mail.contoso.test/ews/exchange.asmx", wantStatus: 401,
			wantHeaders: []string{"X-OWA-Version: 15.2.1544.4", "X-FEServer: EXCH01", "request-id: ", "Content-Length: 0"}},
		{name: "ews, 2016 offers basic", url: "https://ex2016.contoso.test/EWS/Exchange.asmx", wantStatus: 401,
			wantHeaders: []string{"X-OWA-Version: 15.1.2507.6"}},
		{name: "ews, 2010 has no front-end headers", url: "https://ex2010.contoso.test/EWS/Exchange.asmx", wantStatus: 401,
			wantHeaders: []string{"Server: Microsoft-IIS/7.5"}},
		{name: "unknown path is an IIS 404", url: "https://mail.contoso.test/nothing-here", wantStatus: 404, wantBody: []string{"404 - File or directory not found."}},
		{name: "ews virtual directory root is not the endpoint", url: "https://mail.contoso.test/EWS/", wantStatus: 404},
		{name: "login proxy in front of ews", method: "POST", url: "https://portal.contoso.test/EWS/Exchange.asmx", wantStatus: 302,
			wantLocation: "https://portal.contoso.test/CookieAuth.dll?GetLogon?curl=Z2FEWSZ2FExchange.asmx&reason=0&formdir=3"},
		{name: "login proxy sign-in page", url: "https://portal.contoso.test/CookieAuth.dll?GetLogon?curl=Z2FEWSZ2FExchange.asmx&reason=0&formdir=3", wantStatus: 200,
			wantBody: []string{`<form action="/CookieAuth.dll?Logon" method="post"`, `name="username"`, `name="password"`}},
		{name: "exchange online, bearer only", method: "POST", url: "https://exo.contoso.test/EWS/Exchange.asmx", wantStatus: 401,
			wantHeaders: []string{"WWW-Authenticate: Bearer client_id=", "x-ms-diagnostics: 2000001;", "Content-Length: 0"}},
		{name: "broken host, application pool stopped", method: "POST", url: "https://broken.contoso.test/EWS/Exchange.asmx", wantStatus: 503,
			wantBody: []string{"HTTP Error 503. The service is unavailable."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			resp, body := get(t, c, method, tt.url)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("got %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if resp.ContentLength < 0 {
				t.Errorf("no Content-Length (got %d); every reply needs one for NTLM keep-alive", resp.ContentLength)
			}
			if resp.ProtoMajor != 1 || resp.ProtoMinor != 1 {
				t.Errorf("got %s, want HTTP/1.1", resp.Proto)
			}
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, tt.wantLocation) {
				t.Errorf("Location %q, want prefix %q", loc, tt.wantLocation)
			}
			for _, h := range tt.wantHeaders {
				name, value, _ := strings.Cut(h, ": ")
				if name == "Content-Length" {
					if resp.ContentLength != 0 {
						t.Errorf("Content-Length %d, want 0", resp.ContentLength)
					}
					continue
				}
				if got := resp.Header.Get(name); got == "" || !strings.HasPrefix(got, value) {
					t.Errorf("header %s = %q, want %q", name, got, value)
				}
			}
			for _, want := range tt.wantBody {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q", want)
				}
			}
		})
	}
}

func TestChallengeOffersSchemesInSeparateHeaders(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		host string
		want []string
	}{
		{"mail.contoso.test", []string{"Negotiate", "NTLM"}},
		{"ex2016.contoso.test", []string{"Negotiate", "NTLM", `Basic realm="ex2016.contoso.test"`}},
		{"exse.contoso.test", []string{"Negotiate", "NTLM"}},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			resp, _ := get(t, plainClient(s), http.MethodPost, ewsURL(tt.host))
			got := resp.Header.Values("WWW-Authenticate")
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAuthenticatedGetShowsServicePage(t *testing.T) {
	s := startServer(t)
	req, _ := http.NewRequest(http.MethodGet, ewsURL("mail.contoso.test"), nil)
	req.SetBasicAuth(`CONTOSO\alice`, DemoPassword)
	resp, err := ntlmClient(s).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "You have created a service.") {
		t.Errorf("got %d\n%s", resp.StatusCode, b)
	}
}

func TestSlowHost(t *testing.T) {
	t.Run("answers after the delay", func(t *testing.T) {
		s := startServer(t) // SlowDelay 300ms
		start := time.Now()
		resp, _ := get(t, plainClient(s), http.MethodPost, ewsURL("slow.contoso.test"))
		if took := time.Since(start); took < 300*time.Millisecond {
			t.Errorf("answered after %v, want at least the 300ms delay", took)
		}
		if resp.StatusCode != 401 {
			t.Errorf("got %d, want the 401 an Exchange server gives", resp.StatusCode)
		}
	})
	t.Run("a client timeout gives up first, TLS works", func(t *testing.T) {
		s, err := Start(Options{SlowDelay: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		c := plainClient(s)
		c.Timeout = 200 * time.Millisecond
		_, err = c.Post(ewsURL("slow.contoso.test"), "text/xml", strings.NewReader("<x/>"))
		if err == nil || !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "Timeout") {
			t.Errorf("got %v, want a client timeout", err)
		}
		if st := s.HostStats("slow.contoso.test"); st.Connections != 1 {
			t.Errorf("the ClientHello should have reached the server: %+v", st)
		}
		// Close must not wait the 5 seconds out.
		start := time.Now()
		_ = s.Close()
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("Close took %v while the slow host held a request", took)
		}
	})
}

func TestHTTP2IsNotOffered(t *testing.T) {
	s := startServer(t)
	conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: "mail.contoso.test", RootCAs: s.CAPool(), NextProtos: []string{"h2", "http/1.1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if p := conn.ConnectionState().NegotiatedProtocol; p != "http/1.1" {
		t.Errorf("ALPN chose %q, want http/1.1", p)
	}
}

func TestStatsCountConnectionsAndHandshakes(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	for i := 0; i < 3; i++ {
		get(t, c, http.MethodGet, "https://mail.contoso.test/")
	}
	if st := s.Stats(); st.Connections != 1 || st.Handshakes != 1 {
		t.Errorf("three requests on a keep-alive client: got %+v, want 1 connection, 1 handshake", st)
	}
	if st := s.HostStats("mail.contoso.test"); st.Handshakes != 1 {
		t.Errorf("HostStats(mail) = %+v", st)
	}
	if st := s.HostStats("ex2016.contoso.test"); st != (Stats{}) {
		t.Errorf("HostStats(ex2016) = %+v, want zero", st)
	}
}
