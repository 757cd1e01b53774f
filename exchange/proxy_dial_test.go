package exchange_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
)

// proxySim starts the simulator and a Network that reaches it through the
// demo proxy called proxyName (its name mapped to its listener).
func proxySim(t *testing.T, proxyName string) (*exchangesim.Server, exchange.Network) {
	t.Helper()
	sim, err := exchangesim.Start(exchangesim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	n := exchange.Network{Resolve: sim.Resolve(), Resolver: sim.Resolver(), RootCAs: sim.CAPool(), Timeout: 5 * time.Second}
	if proxyName != "" {
		n.Proxy = mustProxy(t, "http://"+proxyName+":3128", proxy.SourceFlag)
	}
	return sim, n
}

func mustProxy(t *testing.T, raw, source string) *proxy.Proxy {
	t.Helper()
	p, err := proxy.New(raw, source)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runSession runs every step up to sending, returning the first error.
func runSession(s *exchange.Session) (exchange.DNSResult, exchange.ConnectResult, error) {
	ctx := context.Background()
	var (
		dns  exchange.DNSResult
		conn exchange.ConnectResult
		err  error
	)
	if _, err = s.CheckURL(); err != nil {
		return dns, conn, err
	}
	if dns, err = s.LookupHost(ctx); err != nil {
		return dns, conn, err
	}
	if conn, err = s.Connect(ctx); err != nil {
		return dns, conn, err
	}
	for _, step := range []func() error{
		func() error { _, err := s.Handshake(ctx); return err },
		func() error { _, err := s.ProbeEndpoint(ctx); return err },
		func() error { _, err := s.SignIn(ctx); return err },
		func() error { _, err := s.CheckVersion(ctx); return err },
		func() error { _, err := s.CheckMailbox(ctx); return err },
		func() error { _, err := s.SendTestMessage(ctx, ""); return err },
	} {
		if err := step(); err != nil {
			return dns, conn, err
		}
	}
	return dns, conn, nil
}

// Through the proxy, the whole check runs on one tunnelled connection: one
// CONNECT at the proxy, one TCP connection and one TLS handshake at the
// server; the dns step resolves nothing, the connect step names the proxy.
func TestSessionThroughTheProxy(t *testing.T) {
	sim, n := proxySim(t, "proxy.contoso.test")
	s := exchange.NewSession("https://mail.contoso.test/EWS/Exchange.asmx", n,
		exchange.Credentials{Email: "alice@contoso.test", Password: exchangesim.DemoPassword})
	defer s.Close()
	dns, conn, err := runSession(s)
	if err != nil {
		t.Fatal(err)
	}
	if dns.Proxy != "http://proxy.contoso.test:3128" || dns.ProxySource != "--proxy" || len(dns.Addrs) != 0 {
		t.Errorf("dns = %+v, want the proxy and no addresses", dns)
	}
	want := exchange.ConnectResult{Remote: sim.ProxyAddrs()["proxy.contoso.test"], Proxy: "http://proxy.contoso.test:3128",
		ProxySource: "--proxy", ProxyRoute: exchange.DNSResult{Override: true}, Target: "mail.contoso.test:443"}
	if !reflect.DeepEqual(conn, want) {
		t.Errorf("connect = %+v, want %+v", conn, want)
	}
	log := sim.ProxyLog()
	if len(log) != 1 || log[0].Method != "CONNECT" || log[0].Target != "mail.contoso.test:443" || log[0].Status != 200 {
		t.Fatalf("the proxy saw %+v, want one CONNECT mail.contoso.test:443", log)
	}
	if conns, hs := s.Stats(); conns != 1 || hs != 1 {
		t.Errorf("the session made %d connections, %d handshakes; want 1, 1", conns, hs)
	}
	if st, host := sim.Stats(), sim.HostStats("mail.contoso.test"); st.Connections != 1 || st.Handshakes != 1 || host.Connections != 1 || host.Handshakes != 1 {
		t.Errorf("the server saw %+v (mail.contoso.test: %+v), want 1 TCP connection and 1 TLS handshake", st, host)
	}
}

// The proxy sees only the CONNECT; the mailbox password and every
// Authorization header for the mail server travel inside TLS, NTLM and
// Basic sign-in alike.
func TestPasswordNeverReachesTheProxy(t *testing.T) {
	for _, host := range []string{"mail.contoso.test", "ex2016.contoso.test"} {
		t.Run(host, func(t *testing.T) {
			sim, n := proxySim(t, "proxy.contoso.test")
			s := exchange.NewSession("https://"+host+"/EWS/Exchange.asmx", n,
				exchange.Credentials{Email: "alice@contoso.test", Password: exchangesim.DemoPassword})
			defer s.Close()
			if _, _, err := runSession(s); err != nil {
				t.Fatal(err)
			}
			if sim.HostStats(host).SignIns == 0 {
				t.Fatal("no sign-in reached the server")
			}
			s.Close()
			basic := base64.StdEncoding.EncodeToString([]byte("alice@contoso.test:" + exchangesim.DemoPassword))
			for _, e := range sim.ProxyLog() {
				if strings.Count(e.Header, "\r\n\r\n") != 1 || !strings.HasPrefix(e.Header, "CONNECT "+host+":443 HTTP/1.1\r\n") {
					t.Errorf("the proxy's plaintext is not one CONNECT:\n%q", e.Header)
				}
				all := e.Header + string(e.Tunnelled)
				for _, secret := range []string{exchangesim.DemoPassword, basic, "Authorization", "NTLMSSP", "TlRMTVNTUA", "alice@contoso.test"} {
					if strings.Contains(all, secret) {
						t.Errorf("the proxy saw %q in the clear", secret)
					}
				}
				if len(e.Tunnelled) == 0 || e.Tunnelled[0] != 0x16 {
					t.Errorf("the tunnel did not carry TLS: % x", e.Tunnelled[:min(8, len(e.Tunnelled))])
				}
			}
		})
	}
}

// Basic sign-in, sent by hand on ex2016 (which offers it; the session
// prefers NTLM there), also travels only inside the tunnel's TLS.
func TestBasicSignInNeverReachesTheProxy(t *testing.T) {
	sim, n := proxySim(t, "proxy.contoso.test")
	client := &http.Client{Transport: &http.Transport{
		DialTLSContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			host, port, _ := net.SplitHostPort(addr)
			conn, err := n.DialHTTPS(ctx, host, port)
			if err != nil {
				return nil, err
			}
			tc := tls.Client(conn, &tls.Config{ServerName: host, RootCAs: sim.CAPool()})
			return tc, tc.HandshakeContext(ctx)
		},
	}}
	defer client.CloseIdleConnections()
	body := `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><soap:Header><t:RequestServerVersion Version="Exchange2010_SP2"/></soap:Header><soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></soap:Body></soap:Envelope>`
	req, _ := http.NewRequest(http.MethodPost, "https://ex2016.contoso.test/EWS/Exchange.asmx", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.SetBasicAuth("alice@contoso.test", exchangesim.DemoPassword)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || sim.HostStats("ex2016.contoso.test").SignIns != 1 {
		t.Fatalf("Basic sign-in through the proxy: %s, %+v", resp.Status, sim.HostStats("ex2016.contoso.test"))
	}
	client.CloseIdleConnections()
	basic := base64.StdEncoding.EncodeToString([]byte("alice@contoso.test:" + exchangesim.DemoPassword))
	log := sim.ProxyLog()
	if len(log) != 1 {
		t.Fatalf("proxy log %+v", log)
	}
	for _, secret := range []string{basic, exchangesim.DemoPassword, "Authorization", "alice@contoso.test"} {
		if strings.Contains(log[0].Header+string(log[0].Tunnelled), secret) {
			t.Errorf("the proxy saw %q in the clear", secret)
		}
	}
}

// Each way a proxy fails is the connect step's proxy-failed or
// proxy-auth-required, naming the proxy; none sends the password on.
func TestProxyFailures(t *testing.T) {
	// A listener that accepts and never answers.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			go func() { bufio.NewReader(c).ReadString(0); c.Close() }()
		}
	}()
	sim, base := proxySim(t, "")
	tests := []struct {
		name     string
		proxy    string
		resolve  map[string]string
		timeout  time.Duration
		code     exchange.Code
		evidence []string
	}{
		{"refused: nothing listens", "http://127.0.0.1:1", nil, 2 * time.Second, exchange.CodeProxyFailed,
			[]string{"cannot reach the proxy http://127.0.0.1:1 (--proxy)", "refused"}},
		{"its name does not resolve", "http://noproxy.contoso.test:3128", nil, 2 * time.Second, exchange.CodeProxyFailed,
			[]string{"cannot reach the proxy http://noproxy.contoso.test:3128 (--proxy)", "noproxy.contoso.test does not exist"}},
		{"never answers", "http://silent.contoso.test:3128", map[string]string{"silent.contoso.test": silent.Addr().String()}, 500 * time.Millisecond,
			exchange.CodeProxyFailed, []string{"http://silent.contoso.test:3128 (--proxy) at " + silent.Addr().String() + " accepted the connection but did not answer CONNECT mail.contoso.test:443 within 500 ms"}},
		{"407", "http://authproxy.contoso.test:8080", nil, 2 * time.Second, exchange.CodeProxyAuthRequired,
			[]string{"wants its own sign-in", "offers NTLM, Basic", "your mailbox password was not sent to it", `the proxy said: "407 Proxy Authentication Required"`}},
		{"407 to the proxy credentials in its URL", "http://alice:wrong@authproxy.contoso.test:8080", nil, 2 * time.Second, exchange.CodeProxyAuthRequired,
			[]string{"refused the user name and password in its own address"}},
		{"403", "http://filter.contoso.test:3128", nil, 2 * time.Second, exchange.CodeProxyFailed,
			[]string{"refused CONNECT mail.contoso.test:443", `the proxy said: "403 Forbidden (X-Squid-Error: ERR_ACCESS_DENIED 0)"`}},
	}
	// What each says in Polish (the cause of an unreachable proxy is
	// the dns or connect step's own words).
	polish := map[string]string{
		"refused: nothing listens":  "nie można połączyć się z serwerem proxy http://127.0.0.1:1 (--proxy): ",
		"its name does not resolve": "nie można połączyć się z serwerem proxy http://noproxy.contoso.test:3128 (--proxy): ",
		"never answers":             "serwer proxy http://silent.contoso.test:3128 (--proxy) pod adresem " + silent.Addr().String() + " przyjął połączenie, ale nie odpowiedział na żądanie CONNECT mail.contoso.test:443 przed upływem limitu czasu (500 ms)",
		"407":                       "serwer proxy http://authproxy.contoso.test:8080 (--proxy) wymaga własnego logowania przed żądaniem CONNECT mail.contoso.test:443 (oferuje logowanie przez NTLM, Basic); hasło do skrzynki pocztowej nie zostało do niego wysłane; serwer proxy odpowiedział: „407 Proxy Authentication Required”",
		"407 to the proxy credentials in its URL": "odrzucił nazwę użytkownika i hasło podane w jego własnym adresie",
		"403": "serwer proxy http://filter.contoso.test:3128 (--proxy) odrzucił żądanie CONNECT mail.contoso.test:443; serwer proxy odpowiedział: „403 Forbidden (X-Squid-Error: ERR_ACCESS_DENIED 0)”",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := base
			n.Timeout = tt.timeout
			n.Resolve = sim.Resolve()
			for k, v := range tt.resolve {
				n.Resolve[k] = v
			}
			n.Proxy = mustProxy(t, tt.proxy, proxy.SourceFlag)
			s := exchange.NewSession("https://mail.contoso.test/EWS/Exchange.asmx", n,
				exchange.Credentials{Email: "alice@contoso.test", Password: "Zq9-proxy-S3cret"})
			defer s.Close()
			start := time.Now()
			dns, _, err := runSession(s)
			if took := time.Since(start); took > tt.timeout+time.Second {
				t.Errorf("took %v with a %v timeout", took, tt.timeout)
			}
			if dns.Proxy == "" {
				t.Errorf("the dns step did not go through the proxy: %+v", dns)
			}
			p := exchange.AsProblem(err)
			if p == nil || p.Code != tt.code || p.Field != exchange.FieldServer {
				t.Fatalf("got %v, want %s (field server)", err, tt.code)
			}
			for _, e := range tt.evidence {
				if !strings.Contains(p.Detail, e) {
					t.Errorf("detail %q lacks %q", p.Detail, e)
				}
			}
			if pl := p.DetailIn(i18n.PL); !strings.Contains(pl, polish[tt.name]) {
				t.Errorf("Polish detail %q lacks %q", pl, polish[tt.name])
			}
			if strings.Contains(p.Detail, "wrong") || strings.Contains(p.Detail, "alice:") {
				t.Errorf("the detail shows the proxy's credentials: %s", p.Detail)
			}
			if conns, hs := s.Stats(); hs != 0 {
				t.Errorf("%d connections, %d TLS handshakes after the proxy failed", conns, hs)
			}
		})
	}
	if st := sim.Stats(); st.SignIns != 0 || st.Connections != 0 {
		t.Errorf("a failed proxy let something reach the server: %+v", st)
	}
	for _, e := range sim.ProxyLog() {
		if strings.Contains(e.Header, "Zq9-proxy-S3cret") || strings.Contains(e.Header, "\r\nAuthorization:") {
			t.Errorf("the mailbox password went to the proxy:\n%s", e.Header)
		}
	}
}

// A host that the bypass list names goes direct, and the connect step
// says which rule sent it past the proxy.
func TestProxyBypassed(t *testing.T) {
	sim, n := proxySim(t, "")
	d, err := proxy.Choose(proxy.Choice{Getenv: func(k string) string {
		return map[string]string{"HTTPS_PROXY": "http://proxy.contoso.test:3128", "NO_PROXY": ".contoso.test"}[k]
	}})
	if err != nil {
		t.Fatal(err)
	}
	n.Proxy = d.Proxy
	s := exchange.NewSession("https://mail.contoso.test/EWS/Exchange.asmx", n,
		exchange.Credentials{Email: "alice@contoso.test", Password: exchangesim.DemoPassword})
	defer s.Close()
	dns, conn, err := runSession(s)
	if err != nil {
		t.Fatal(err)
	}
	if dns.Proxy != "" || conn.Proxy != "" || len(sim.ProxyLog()) != 0 {
		t.Errorf("went through the proxy: %+v %+v %+v", dns, conn, sim.ProxyLog())
	}
	if want := "the proxy http://proxy.contoso.test:3128 (HTTPS_PROXY) is bypassed for mail.contoso.test (NO_PROXY=.contoso.test)"; conn.Bypassed.In(i18n.EN) != want {
		t.Errorf("Bypassed = %q, want %q", conn.Bypassed.In(i18n.EN), want)
	}
	if got := conn.Bypassed.In(i18n.PL); !strings.Contains(got, "jest pomijany dla mail.contoso.test (NO_PROXY=.contoso.test)") {
		t.Errorf("Bypassed in Polish = %q", got)
	}
}

// A PAC script the system names is never run; a direct connection that
// fails says that it exists.
func TestProxyScriptIsOnlyMentioned(t *testing.T) {
	_, n := proxySim(t, "")
	n.ProxyScript = "http://wpad.contoso.test/wpad.dat"
	s := exchange.NewSession("https://down.contoso.test/EWS/Exchange.asmx", n, exchange.Credentials{Email: "alice@contoso.test", Password: "x"})
	defer s.Close()
	_, _, err := runSession(s)
	p := exchange.AsProblem(err)
	if p == nil || p.Code != exchange.CodeConnectRefused || !strings.Contains(p.Detail, "proxy script (PAC) at http://wpad.contoso.test/wpad.dat") {
		t.Errorf("got %v", err)
	}
	s = exchange.NewSession("https://mail.contoso.test/EWS/Exchange.asmx", n, exchange.Credentials{Email: "alice@contoso.test", Password: exchangesim.DemoPassword})
	defer s.Close()
	if _, conn, err := runSession(s); err != nil || conn.Script != n.ProxyScript {
		t.Errorf("got %+v, %v", conn, err)
	}
}

// DialHTTPS tunnels through the proxy when it applies; DialTCP never does.
func TestDialHTTPS(t *testing.T) {
	sim, n := proxySim(t, "proxy.contoso.test")
	ctx := context.Background()
	c, err := n.DialHTTPS(ctx, "mail.contoso.test", "443")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.RemoteAddr().String(); got != "mail.contoso.test:443 through the proxy proxy.contoso.test:3128" {
		t.Errorf("remote address %q", got)
	}
	c.Close()
	c, err = n.DialTCP(ctx, "mail.contoso.test", "80")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if log := sim.ProxyLog(); len(log) != 1 || log[0].Target != "mail.contoso.test:443" {
		t.Errorf("proxy log %+v, want the one https CONNECT", log)
	}
	n.Proxy = mustProxy(t, "http://filter.contoso.test:3128", proxy.SourceFlag)
	if _, err := n.DialHTTPS(ctx, "mail.contoso.test", "443"); exchange.AsProblem(err) == nil || exchange.AsProblem(err).Code != exchange.CodeProxyFailed {
		t.Errorf("through the filter: %v", err)
	}
}
