package autodiscover_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/exchange/exchangesim"
)

// startSim runs the simulator as demo-server does: its own DNS server,
// every port-443 and port-80 connection sent to its one port.
func startSim(tb testing.TB, latency time.Duration) (*exchangesim.Server, exchange.Network) {
	tb.Helper()
	sim, err := exchangesim.Start(exchangesim.Options{Latency: latency})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { sim.Close() })
	_, port, _ := net.SplitHostPort(sim.Addr())
	return sim, exchange.Network{
		DNSServer: sim.DNSAddr(),
		ConnectTo: []exchange.ConnectTo{{Port: "443", Port2: port}, {Port: "80", Port2: port}},
		RootCAs:   sim.CAPool(),
		Timeout:   30 * time.Second,
	}
}

func discover(t testing.TB, n exchange.Network, email string, allow ...string) (autodiscover.Result, error) {
	t.Helper()
	return autodiscover.Discover(context.Background(), autodiscover.Options{
		Credentials:   exchange.Credentials{Email: email, Password: exchangesim.DemoPassword},
		Network:       n,
		AllowRedirect: allow,
	})
}

// The simulator's rows through the engine alone, over real UDP DNS and
// --connect-to, as a user's own network would carry them.
func TestDiscoverTheSimulatorsDomains(t *testing.T) {
	_, n := startSim(t, 0)
	for _, tt := range []struct {
		situation, email string
		allow            []string
		url              string
		method           autodiscover.Method
		code             exchange.Code
	}{
		{"found at autodiscover.D", "alice@contoso.test", nil, "https://mail.contoso.test/EWS/Exchange.asmx", autodiscover.MethodAutodiscoverDomain, ""},
		{"company web site on the bare domain", "alice@fabrikam.test", nil, "https://mail.fabrikam.test/EWS/Exchange.asmx", autodiscover.MethodAutodiscoverDomain, ""},
		{"only the HTTP redirect method", "alice@tailspin.test", nil, "https://mail.tailspin.test/EWS/Exchange.asmx", autodiscover.MethodHTTPRedirect, ""},
		{"only SRV", "alice@northwind.test", nil, "https://mail.northwind.test/EWS/Exchange.asmx", autodiscover.MethodSRV, ""},
		{"redirectAddr in the same organisation", "alice@sales.contoso.test", nil, "https://mail.contoso.test/EWS/Exchange.asmx", autodiscover.MethodRedirectAddr, ""},
		{"redirectUrl to another domain, allowed", "alice@adatum.test", []string{"hostedmail.test"}, "https://mail.hostedmail.test/EWS/Exchange.asmx", autodiscover.MethodRedirectURL, ""},
		{"redirectUrl to another domain, no consent", "alice@adatum.test", nil, "", "", exchange.CodeAutodiscoverUnconfirmed},
		{"points to Exchange Online", "alice@fourthcoffee.test", nil, "", "", exchange.CodeAuthBasicDisabled},
		{"internal URL only", "alice@wingtip.test", nil, "", "", exchange.CodeAutodiscoverInternalOnly},
		{"nothing found", "alice@proseware.test", nil, "", "", exchange.CodeAutodiscoverNotFound},
		{"a redirect loop", "alice@litware.test", nil, "", "", exchange.CodeAutodiscoverLoop},
		{"the login is refused", "bob@contoso.test", nil, "", "", exchange.CodeAuthFailed},
	} {
		t.Run(tt.situation, func(t *testing.T) {
			res, err := discover(t, n, tt.email, tt.allow...)
			code := exchange.Code("")
			if p := exchange.AsProblem(err); p != nil {
				code = p.Code
			} else if err != nil {
				t.Fatalf("not a problem: %v", err)
			}
			if code != tt.code || res.URL != tt.url || (tt.method != "" && res.Method != tt.method) {
				t.Fatalf("got %q %q via %s, want %q %q via %s\nattempts: %+v", code, res.URL, res.Method, tt.code, tt.url, tt.method, res.Attempts)
			}
			if len(res.Attempts) == 0 {
				t.Error("no attempts recorded")
			}
		})
	}
}

// Without consent nothing signs in at the other domain, and the consent
// names the certificate the wizard shows.
func TestNoCredentialsToAnotherDomainWithoutConsent(t *testing.T) {
	sim, n := startSim(t, 0)
	res, err := discover(t, n, "alice@adatum.test")
	if p := exchange.AsProblem(err); p == nil || p.Code != exchange.CodeAutodiscoverUnconfirmed {
		t.Fatalf("got %v", err)
	}
	if got := sim.HostStats("autodiscover.hostedmail.test").SignIns; got != 0 {
		t.Errorf("%d sign-ins reached autodiscover.hostedmail.test without consent", got)
	}
	if c := res.Consent; c == nil || c.Domain != "hostedmail.test" || c.CertName != "autodiscover.hostedmail.test" {
		t.Errorf("consent = %+v", res.Consent)
	}
	if _, err := discover(t, n, "alice@adatum.test", "hostedmail.test"); err != nil {
		t.Fatalf("with consent: %v", err)
	}
	if got := sim.HostStats("autodiscover.hostedmail.test").SignIns; got == 0 {
		t.Error("with consent, the sign-in never reached autodiscover.hostedmail.test (the test above proves nothing)")
	}
}

// Across every domain of the demo: no Authorization over plain HTTP, no
// question for autodiscover.<TLD> or for a domain shortened from the
// email's, and nothing ever asked of Microsoft 365.
func TestSafetyAcrossTheSimulatorsDomains(t *testing.T) {
	sim, n := startSim(t, 0)
	emails := []string{"alice@contoso.test", "alice@fabrikam.test", "alice@tailspin.test", "alice@northwind.test",
		"alice@sales.contoso.test", "alice@adatum.test", "alice@fourthcoffee.test", "alice@wingtip.test",
		"alice@proseware.test", "alice@litware.test", "bob@contoso.test", "alice@deep.sub.proseware.test"}
	for _, e := range emails {
		_, _ = discover(t, n, e) // the outcomes are TestDiscoverTheSimulatorsDomains'
	}
	if st := sim.Stats(); st.PlainAuthorization != 0 || st.PlainRequests == 0 {
		t.Errorf("plain HTTP: %d requests, %d with Authorization; want some requests and none with it", st.PlainRequests, st.PlainAuthorization)
	}
	queries := sim.DNSQueries()
	if len(queries) == 0 {
		t.Fatal("no DNS question reached the simulator: the test proves nothing")
	}
	for _, q := range queries {
		_, name, _ := strings.Cut(q, " ")
		name = strings.TrimSuffix(strings.ToLower(name), ".")
		switch {
		case name == "autodiscover.test" || name == "test" || strings.HasSuffix(name, "_tcp.test"):
			t.Errorf("asked %q: autodiscover.<TLD> or the TLD itself", q)
		case strings.HasSuffix(name, "sub.proseware.test") && !strings.HasSuffix(name, "deep.sub.proseware.test"):
			t.Errorf("asked %q: a domain shortened from deep.sub.proseware.test", q)
		case strings.Contains(name, "office365") || strings.Contains(name, "onmicrosoft") || strings.Contains(name, "outlook.com"):
			t.Errorf("asked %q: Exchange Online is recognised, never connected to", q)
		}
	}
}
