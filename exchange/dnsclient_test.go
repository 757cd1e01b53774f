package exchange

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"

	"ewsconnect/i18n"
)

// testDNS is a DNS server on a loopback port, UDP and TCP, answering from
// a fixed zone. It counts the questions each transport carried.
type testDNS struct {
	addr     string
	udp, tcp atomic.Int32
}

// The test zone: names and what the server does with them. Every address
// is on loopback, so that even a broken rule never reaches out.
const (
	dnsMail     = "mail.contoso.test."    // A and AAAA; A answered late
	dnsBig      = "big.contoso.test."     // truncated over UDP, answered over TCP
	dnsV6Only   = "v6.contoso.test."      // AAAA only
	dnsEmpty    = "empty.contoso.test."   // NOERROR without records
	dnsBroken   = "broken.contoso.test."  // SERVFAIL
	dnsRefused  = "refused.contoso.test." // REFUSED
	dnsLB       = "lb.contoso.test."      // 127.0.0.1, a --connect-to target
	dnsSRVOrder = "_autodiscover._tcp.contoso.test."
)

func (s *testDNS) ServeDNS(w dns.ResponseWriter, q *dns.Msg) {
	overUDP := w.LocalAddr().Network() == "udp"
	if overUDP {
		s.udp.Add(1)
	} else {
		s.tcp.Add(1)
	}
	m := new(dns.Msg)
	m.SetReply(q)
	name, qtype := q.Question[0].Name, q.Question[0].Qtype
	rr := func(text string) {
		r, err := dns.NewRR(text)
		if err != nil {
			panic(err)
		}
		m.Answer = append(m.Answer, r)
	}
	switch {
	case name == dnsMail && qtype == dns.TypeA:
		time.Sleep(50 * time.Millisecond) // AAAA arrives first; IPv4 must still lead
		rr(name + " 60 IN A 127.0.0.10")
		rr(name + " 60 IN A 127.0.0.11")
	case name == dnsMail && qtype == dns.TypeAAAA:
		rr(name + " 60 IN AAAA ::1")
	case name == dnsBig && overUDP:
		m.Truncated = true
	case name == dnsBig && qtype == dns.TypeA:
		rr(name + " 60 IN A 127.0.0.20")
	case name == dnsV6Only && qtype == dns.TypeAAAA:
		rr(name + " 60 IN AAAA ::1")
	case name == dnsLB && qtype == dns.TypeA:
		rr(name + " 60 IN A 127.0.0.1")
	case name == dnsBroken:
		m.Rcode = dns.RcodeServerFailure
	case name == dnsRefused:
		m.Rcode = dns.RcodeRefused
	case name == dnsSRVOrder && qtype == dns.TypeSRV:
		rr(name + " 60 IN SRV 20 0 443 last.contoso.test.")
		rr(name + " 60 IN SRV 10 5 443 light.contoso.test.")
		rr(name + " 60 IN SRV 10 60 443 heavy.contoso.test.")
		rr(name + " 60 IN SRV 0 0 443 first.contoso.test.")
	case name == dnsMail, name == dnsBig, name == dnsV6Only, name == dnsEmpty, name == dnsLB:
		// the name exists without records of this type
	default:
		m.Rcode = dns.RcodeNameError
	}
	w.WriteMsg(m)
}

// startTestDNS serves the test zone on one loopback port over UDP and TCP.
func startTestDNS(t testing.TB) *testDNS {
	t.Helper()
	s := &testDNS{}
	for try := 0; ; try++ {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil { // the TCP port is taken: try another
			pc.Close()
			if try == 10 {
				t.Fatal(err)
			}
			continue
		}
		s.addr = pc.LocalAddr().String()
		for _, srv := range []*dns.Server{{PacketConn: pc, Handler: s}, {Listener: l, Handler: s}} {
			started := make(chan struct{})
			srv.NotifyStartedFunc = func() { close(started) }
			go srv.ActivateAndServe()
			<-started
			t.Cleanup(func() { srv.Shutdown() })
		}
		return s
	}
}

// startSilentUDP is a DNS server that reads questions and never answers.
func startSilentUDP(t testing.TB) (addr string, questions *atomic.Int32) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	questions = new(atomic.Int32)
	go func() {
		buf := make([]byte, 1500)
		for {
			if _, _, err := pc.ReadFrom(buf); err != nil {
				return
			}
			questions.Add(1)
		}
	}()
	return pc.LocalAddr().String(), questions
}

func TestParseDNSServer(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "10.0.0.53", want: "10.0.0.53:53"},
		{in: "10.0.0.53:5353", want: "10.0.0.53:5353"},
		{in: " 10.0.0.53 ", want: "10.0.0.53:53"},
		{in: "::1", want: "[::1]:53"},
		{in: "[::1]", want: "[::1]:53"},
		{in: "[::1]:53", want: "[::1]:53"},
		{in: "[fd00::53]:5353", want: "[fd00::53]:5353"},
		{in: "dns.contoso.test", err: "not an IP address"},
		{in: "dns.contoso.test:53", err: "not an IP address"},
		{in: "10.0.0.53:", err: "port"},
		{in: "10.0.0.53:dns", err: "port"},
		{in: "10.0.0.53:70000", err: "port"},
		{in: "", err: "not an IP address"},
	}
	for _, tt := range tests {
		got, err := ParseDNSServer(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseDNSServer(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseDNSServer(%q) = %q, %v; want an error saying %q", tt.in, got, err, tt.err)
		}
	}
}

func TestDNSClientLookupHost(t *testing.T) {
	srv := startTestDNS(t)
	c, err := NewDNSClient(srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, host string
		want       string // addresses, comma-separated
		notFound   bool
		temporary  bool
		errText    string // in the DNSError's Err
	}{
		{name: "A and AAAA merged, IPv4 first", host: "mail.contoso.test", want: "127.0.0.10,127.0.0.11,::1"},
		{name: "a final dot", host: "mail.contoso.test.", want: "127.0.0.10,127.0.0.11,::1"},
		{name: "IPv6 only", host: "v6.contoso.test", want: "::1"},
		{name: "truncated over UDP, asked again over TCP", host: "big.contoso.test", want: "127.0.0.20"},
		{name: "IP literal, not asked", host: "192.0.2.99", want: "192.0.2.99"},
		{name: "NXDOMAIN", host: "nope.contoso.test", notFound: true, errText: "no such host"},
		{name: "NOERROR without records", host: "empty.contoso.test", notFound: true, errText: "no addresses"},
		{name: "SERVFAIL", host: "broken.contoso.test", temporary: true, errText: "SERVFAIL"},
		{name: "REFUSED", host: "refused.contoso.test", errText: "answered REFUSED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			addrs, err := c.LookupHost(ctx, tt.host)
			if tt.errText == "" {
				if got := strings.Join(addrs, ","); err != nil || got != tt.want {
					t.Errorf("got %s, %v; want %s", got, err, tt.want)
				}
				return
			}
			var d *net.DNSError
			if !errors.As(err, &d) {
				t.Fatalf("got %v, %v; want a *net.DNSError", addrs, err)
			}
			if d.IsNotFound != tt.notFound || d.IsTemporary != tt.temporary || d.IsTimeout || !strings.Contains(d.Err, tt.errText) {
				t.Errorf("got %+v; want IsNotFound=%v IsTemporary=%v and %q", d, tt.notFound, tt.temporary, tt.errText)
			}
			if d.Server != srv.addr {
				t.Errorf("got server %q, want %q", d.Server, srv.addr)
			}
		})
	}
	if srv.tcp.Load() == 0 {
		t.Error("the truncated answer was not asked again over TCP")
	}
}

// Only a truncated answer goes to TCP.
func TestDNSClientUsesUDPFirst(t *testing.T) {
	srv := startTestDNS(t)
	c, _ := NewDNSClient(srv.addr)
	if _, err := c.LookupHost(context.Background(), "mail.contoso.test"); err != nil {
		t.Fatal(err)
	}
	if u, tc := srv.udp.Load(), srv.tcp.Load(); u != 2 || tc != 0 {
		t.Errorf("got %d UDP and %d TCP questions, want 2 (A, AAAA) and 0", u, tc)
	}
}

// A server that never answers costs the caller's deadline, no more, and
// is a timeout.
func TestDNSClientSilentServer(t *testing.T) {
	addr, questions := startSilentUDP(t)
	c, _ := NewDNSClient(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.LookupHost(ctx, "mail.contoso.test")
	took := time.Since(start)
	var d *net.DNSError
	if !errors.As(err, &d) || !d.IsTimeout {
		t.Fatalf("got %v; want a DNSError with IsTimeout", err)
	}
	if took > time.Second {
		t.Errorf("took %v; want about the 300 ms deadline", took)
	}
	if questions.Load() == 0 {
		t.Error("the silent server got no question")
	}
	p := classifyDNS("mail.contoso.test", err, 300*time.Millisecond)
	wantDetail(t, p, "the DNS server "+addr+" did not answer for mail.contoso.test within 300 ms")
}

// Ctrl+C while a server is silent returns at once, as cancelled.
func TestDNSClientCancelled(t *testing.T) {
	addr, _ := startSilentUDP(t)
	c, _ := NewDNSClient(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.LookupHost(ctx, "mail.contoso.test")
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Errorf("got %v after %v; want context.Canceled at once", err, time.Since(start))
	}
}

// Nothing listens on the server's port: the ICMP port-unreachable comes
// back as "refused", which says the server did not answer.
func TestDNSClientNothingListens(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	c, _ := NewDNSClient(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err = c.LookupHost(ctx, "mail.contoso.test")
	var d *net.DNSError
	if !errors.As(err, &d) || d.IsNotFound || !strings.Contains(d.Err, "the DNS server "+addr+" did not answer") {
		t.Fatalf("got %v; want a DNSError saying the DNS server %s did not answer", err, addr)
	}
	p := classifyDNS("mail.contoso.test", err, time.Second)
	wantDetail(t, p, "mail.contoso.test", addr, "did not answer")
	if pl := p.DetailIn(i18n.PL); !strings.Contains(pl, "zapytanie DNS o mail.contoso.test nie powiodło się: serwer DNS "+addr+" nie odpowiedział: na jego porcie nic nie nasłuchuje („") {
		t.Errorf("Polish detail %q", pl)
	}
}

func TestDNSClientLookupSRV(t *testing.T) {
	srv := startTestDNS(t)
	c, _ := NewDNSClient(srv.addr)
	ctx := context.Background()
	cname, srvs, err := c.LookupSRV(ctx, "autodiscover", "tcp", "contoso.test")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range srvs {
		got = append(got, s.Target)
	}
	want := "first.contoso.test.,heavy.contoso.test.,light.contoso.test.,last.contoso.test."
	if strings.Join(got, ",") != want || cname != dnsSRVOrder {
		t.Errorf("got %s %v; want %s %s (priority up, then weight down)", cname, got, dnsSRVOrder, want)
	}
	_, _, err = c.LookupSRV(ctx, "autodiscover", "tcp", "nope.test")
	var d *net.DNSError
	if !errors.As(err, &d) || !d.IsNotFound {
		t.Errorf("NXDOMAIN: got %v, want a not-found DNSError", err)
	}
}

// A truncated UDP answer from a server without TCP is not "did not
// answer": the detail says TCP was the trouble.
func TestDNSClientTruncatedWithoutTCP(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		m.Truncated = true
		w.WriteMsg(m)
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })

	c, _ := NewDNSClient(pc.LocalAddr().String())
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err = c.LookupHost(ctx, "mail.contoso.test")
	var d *net.DNSError
	if !errors.As(err, &d) || !strings.Contains(d.Err, "truncated answer over UDP and could not be asked over TCP") {
		t.Errorf("got %v; want a DNSError naming the failed TCP fallback", err)
	}
}
