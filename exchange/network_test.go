package exchange

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// closedLoopbackPort is an address on loopback that nothing listens on.
func closedLoopbackPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// Every connection goes where --connect-to, --resolve and the DNS server
// say, in that order.
func TestDialTCPFollowsTheRules(t *testing.T) {
	dnsSrv := startTestDNS(t)
	target, conns := startRawServer(t, func(net.Conn) {})
	_, port, _ := net.SplitHostPort(target)
	_, closed, _ := net.SplitHostPort(closedLoopbackPort(t))
	deadDNS, _ := startSilentUDP(t) // a DNS server that must not be asked

	tests := []struct {
		name       string
		net        Network
		host, port string
		want       Code     // "" when the dial must reach target
		detail     []string // in the problem's detail
	}{
		{name: "connect-to an IP and port", host: testHost, port: "443",
			net: Network{ConnectTo: []ConnectTo{{Host: testHost, Port: "443", Addr: "127.0.0.1", Port2: port}}}},
		{name: "connect-to a name, looked up on the DNS server", host: testHost, port: "443",
			net: Network{DNSServer: dnsSrv.addr, ConnectTo: []ConnectTo{{Host: testHost, Port: "443", Addr: "lb.contoso.test", Port2: port}}}},
		{name: "connect-to a name, then --resolve for that name, its port winning", host: testHost, port: "443",
			net: Network{DNSServer: deadDNS,
				ConnectTo: []ConnectTo{{Host: testHost, Addr: "lb2.contoso.test"}},
				Resolve:   map[string]string{"lb2.contoso.test": "127.0.0.1:" + port, testHost: "127.0.0.1:" + closed}}},
		{name: "a rule for another port does not apply", host: testHost, port: "443",
			net: Network{ConnectTo: []ConnectTo{{Host: testHost, Port: "80", Addr: "127.0.0.1", Port2: closed}},
				Resolve: map[string]string{testHost: "127.0.0.1:" + port}}},
		{name: "the first matching rule wins", host: testHost, port: "443",
			net: Network{ConnectTo: []ConnectTo{{Port: "443", Addr: "127.0.0.1", Port2: port}, {Host: testHost, Addr: "127.0.0.1", Port2: closed}}}},
		{name: "DNS server alone", host: "lb.contoso.test", port: port, net: Network{DNSServer: dnsSrv.addr}},
		{name: "Resolver wins over the DNS server", host: "lb.contoso.test", port: port,
			net: Network{DNSServer: deadDNS, Resolver: fakeResolver{addrs: map[string][]string{"lb.contoso.test": {"127.0.0.1"}}}}},
		{name: "connect-to a name that does not exist", host: testHost, port: "443",
			net:  Network{DNSServer: dnsSrv.addr, ConnectTo: []ConnectTo{{Host: testHost, Addr: "nope.contoso.test", Port2: port}}},
			want: CodeDNSFailed, detail: []string{"nope.contoso.test does not exist", "asked " + dnsSrv.addr, "--connect-to address for mail.contoso.test:443"}},
		{name: "connect-to a closed port", host: testHost, port: "443",
			net:  Network{ConnectTo: []ConnectTo{{Host: testHost, Addr: "127.0.0.1", Port2: closed}}},
			want: CodeConnectRefused, detail: []string{"127.0.0.1:" + closed}},
		{name: "a DNS server that is not an IP", host: "lb.contoso.test", port: port,
			net: Network{DNSServer: "dns.contoso.test"}, want: CodeDNSFailed, detail: []string{"--dns-server"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.net.Resolver == nil && tt.net.DNSServer == "" {
				tt.net.DNSServer = dnsSrv.addr // never the system resolver
			}
			before := conns.Load()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			conn, err := tt.net.DialTCP(ctx, tt.host, tt.port)
			if p := wantCode(t, err, tt.want); p != nil {
				wantDetail(t, p, tt.detail...)
				return
			}
			defer conn.Close()
			if got := conn.RemoteAddr().String(); got != target {
				t.Errorf("connected to %s, want %s", got, target)
			}
			if _, metered := conn.(*meteredConn); !metered {
				t.Errorf("got a %T, want the metered connection", conn)
			}
			waitFor(t, func() bool { return conns.Load() == before+1 })
		})
	}
}

// waitFor polls cond for a second: the server side counts a connection a
// moment after the client's dial returns.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Error("the server did not see the connection")
}

// The steps of a session follow --connect-to: the dns step says which rule
// applied, connect and every later connection go to its address, and the
// URL's host stays the TLS server name and the Host header.
func TestSessionFollowsConnectTo(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	var mu sync.Mutex
	var hosts, snis []string
	fake := newFakeEWS()
	ts := startTLSServer(t, ca.issue(t, leafOptions{}), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hosts, snis = append(hosts, r.Host), append(snis, r.TLS.ServerName)
		mu.Unlock()
		fake.ServeHTTP(w, r)
	}))
	dnsSrv := startTestDNS(t)

	for _, tt := range []struct {
		name      string
		rule      ConnectTo
		connectTo string
		dnsServer string
	}{
		{name: "to an IP", rule: ConnectTo{Host: testHost, Port: "443", Addr: "127.0.0.1", Port2: ts.port()},
			connectTo: "127.0.0.1:" + ts.port()},
		{name: "to a name on the DNS server", rule: ConnectTo{Host: testHost, Addr: "lb.contoso.test", Port2: ts.port()},
			connectTo: "lb.contoso.test:" + ts.port(), dnsServer: dnsSrv.addr},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hosts, snis = nil, nil
			before := ts.conns.Load()
			n := Network{ConnectTo: []ConnectTo{tt.rule}, DNSServer: dnsSrv.addr, RootCAs: ca.pool, Timeout: 3 * time.Second}
			s := NewSession("https://"+testHost+ewsPath, n, Credentials{Email: "alice@contoso.test"})
			ctx := context.Background()
			if _, err := s.CheckURL(); err != nil {
				t.Fatal(err)
			}
			res, err := s.LookupHost(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(res.Addrs, ",") != "127.0.0.1" || res.ConnectTo != tt.connectTo || res.Override || res.DNSServer != tt.dnsServer {
				t.Errorf("dns: got %+v, want 127.0.0.1 via --connect-to %s, DNS server %q", res, tt.connectTo, tt.dnsServer)
			}
			c, err := s.Connect(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if c.Remote != ts.Listener.Addr().String() {
				t.Errorf("connect: got %s, want %s", c.Remote, ts.Listener.Addr())
			}
			if _, err := s.Handshake(ctx); err != nil {
				t.Fatalf("tls: %v", err)
			}
			if _, err := s.ProbeEndpoint(ctx); err != nil {
				t.Fatalf("endpoint: %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(hosts) == 0 || hosts[0] != testHost || snis[0] != testHost {
				t.Errorf("Host %v, SNI %v; want %s for both", hosts, snis, testHost)
			}
			if got := ts.conns.Load() - before; got != 1 || s.conns != 1 {
				t.Errorf("the server saw %d connections, the session counted %d; want 1 and 1", got, s.conns)
			}
		})
	}
}

// Without a dns step first, a later step resolves through the same rules.
func TestSessionDialWithoutDNSStep(t *testing.T) {
	target, conns := startRawServer(t, func(net.Conn) {})
	_, port, _ := net.SplitHostPort(target)
	deadDNS, _ := startSilentUDP(t) // never the system resolver
	n := Network{ConnectTo: []ConnectTo{{Host: testHost, Addr: "127.0.0.1", Port2: port}}, DNSServer: deadDNS, Timeout: 3 * time.Second}
	s := NewSession("https://"+testHost+ewsPath, n, Credentials{})
	if _, err := s.CheckURL(); err != nil {
		t.Fatal(err)
	}
	res, err := s.Connect(context.Background())
	if err != nil || res.Remote != target {
		t.Fatalf("got %+v, %v; want a connection to %s", res, err, target)
	}
	s.tcp.Close()
	waitFor(t, func() bool { return conns.Load() == 1 })
}

// srvResolver answers SRV questions from a fixed, unordered list.
type srvResolver struct {
	fakeResolver
	srvs []*net.SRV
	err  error
}

func (r srvResolver) LookupSRV(context.Context, string, string, string) (string, []*net.SRV, error) {
	return "", r.srvs, r.err
}

func TestNetworkLookupSRV(t *testing.T) {
	dnsSrv := startTestDNS(t)
	deadDNS, questions := startSilentUDP(t)
	unordered := []*net.SRV{
		{Target: "b.", Priority: 10, Weight: 1}, {Target: "c.", Priority: 20, Weight: 100},
		{Target: "a.", Priority: 10, Weight: 50}, {Target: "z.", Priority: 0, Weight: 0},
	}
	tests := []struct {
		name    string
		net     Network
		srvName string
		want    string
		wantErr bool
	}{
		{name: "DNS server, sorted", net: Network{DNSServer: dnsSrv.addr}, srvName: "_autodiscover._tcp.contoso.test",
			want: "first.contoso.test.,heavy.contoso.test.,light.contoso.test.,last.contoso.test."},
		{name: "Resolver answering SRV wins, sorted", net: Network{DNSServer: deadDNS, Resolver: srvResolver{srvs: unordered}},
			srvName: "_autodiscover._tcp.contoso.test", want: "z.,a.,b.,c."},
		{name: "Resolver without SRV: the DNS server", net: Network{DNSServer: dnsSrv.addr, Resolver: fakeResolver{}},
			srvName: "_autodiscover._tcp.contoso.test", want: "first.contoso.test.,heavy.contoso.test.,light.contoso.test.,last.contoso.test."},
		{name: "NXDOMAIN is no records", net: Network{DNSServer: dnsSrv.addr}, srvName: "_autodiscover._tcp.nope.test"},
		{name: "NOERROR without records is no records", net: Network{DNSServer: dnsSrv.addr}, srvName: "empty.contoso.test"},
		{name: "SERVFAIL is an error", net: Network{DNSServer: dnsSrv.addr}, srvName: "broken.contoso.test", wantErr: true},
		{name: "Resolver's not-found is no records", srvName: "x",
			net: Network{Resolver: srvResolver{err: &net.DNSError{Err: "no such host", IsNotFound: true}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			srvs, err := tt.net.LookupSRV(ctx, tt.srvName)
			var got []string
			for _, s := range srvs {
				got = append(got, s.Target)
			}
			var dnsErr *net.DNSError
			if tt.wantErr != (err != nil) || tt.wantErr && !errors.As(err, &dnsErr) || strings.Join(got, ",") != tt.want {
				t.Errorf("got %v, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
	if questions.Load() != 0 {
		t.Error("the DNS server was asked although Resolver answers SRV")
	}
	if unordered[0].Target != "b." {
		t.Error("the resolver's own slice was reordered")
	}
}
