package autodiscover_test

import (
	"net"
	"strings"
	"testing"

	"ewsconnect/exchange"
	"ewsconnect/exchange/proxy"
)

// Through a proxy, autodiscover's https probes (and the reachability test
// of an internal URL) are tunnelled with CONNECT; the plain-HTTP redirect
// method goes direct, as curl with only HTTPS_PROXY does. --connect-to
// then finds the proxy itself.
func TestDiscoverThroughTheProxy(t *testing.T) {
	sim, n := startSim(t, 0)
	addr := sim.ProxyAddrs()["proxy.contoso.test"]
	host, port, _ := net.SplitHostPort(addr)
	n.ConnectTo = append([]exchange.ConnectTo{{Host: "proxy.contoso.test", Port: "3128", Addr: host, Port2: port}}, n.ConnectTo...)
	p, err := proxy.New("http://proxy.contoso.test:3128", proxy.SourceFlag)
	if err != nil {
		t.Fatal(err)
	}
	n.Proxy = p

	res, err := discover(t, n, "alice@tailspin.test")
	if err != nil || res.URL != "https://mail.tailspin.test/EWS/Exchange.asmx" {
		t.Fatalf("got %q, %v", res.URL, err)
	}
	targets := map[string]bool{}
	for _, e := range sim.ProxyLog() {
		targets[e.Target] = true
		if e.Method != "CONNECT" || !strings.HasSuffix(e.Target, ":443") {
			t.Errorf("the proxy carried %s %s; only https goes through it", e.Method, e.Target)
		}
	}
	if !targets["autodiscover.tailspin.test:443"] || !targets["mail.tailspin.test:443"] {
		t.Errorf("the https probes did not go through the proxy: %v", targets)
	}
	if sim.HostStats("autodiscover.tailspin.test").PlainRequests == 0 {
		t.Error("the HTTP redirect method did not reach the server directly")
	}

	// An internal-only URL is tested for reachability through the proxy
	// too, which cannot reach it.
	_, err = discover(t, n, "alice@wingtip.test")
	pr := exchange.AsProblem(err)
	if pr == nil || pr.Code != exchange.CodeAutodiscoverInternalOnly || !strings.Contains(pr.Detail, "proxy http://proxy.contoso.test:3128") {
		t.Errorf("got %v", err)
	}
	found := false
	for _, e := range sim.ProxyLog() {
		found = found || strings.HasPrefix(e.Target, "exch01.corp.wingtip.local:")
	}
	if !found {
		t.Error("the internal host was not asked for through the proxy")
	}
}

// Behind a proxy that refuses every tunnel, discovery names the proxy's
// problem, not "no server answered": the domain is not what to check.
func TestDiscoverBehindARefusingProxyNamesTheProxy(t *testing.T) {
	for _, tt := range []struct{ name, code, evidence string }{
		{"authproxy.contoso.test:8080", "proxy-auth-required", "NTLM"},
		{"filter.contoso.test:3128", "proxy-failed", "403 Forbidden"},
	} {
		sim, n := startSim(t, 0)
		host, port, _ := net.SplitHostPort(sim.ProxyAddrs()[strings.Split(tt.name, ":")[0]])
		proxyHost, proxyPort, _ := net.SplitHostPort(tt.name)
		n.ConnectTo = append([]exchange.ConnectTo{{Host: proxyHost, Port: proxyPort, Addr: host, Port2: port}}, n.ConnectTo...)
		p, err := proxy.New("http://"+tt.name, proxy.SourceFlag)
		if err != nil {
			t.Fatal(err)
		}
		n.Proxy = p
		_, err = discover(t, n, "alice@contoso.test")
		pr := exchange.AsProblem(err)
		if pr == nil || string(pr.Code) != tt.code || !strings.Contains(pr.Detail, tt.evidence) || !strings.Contains(pr.Detail, "autodiscover for alice@contoso.test") {
			t.Errorf("%s: got %v, want %s showing %q", tt.name, err, tt.code, tt.evidence)
		}
	}
}
