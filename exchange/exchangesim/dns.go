package exchangesim

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// The demo's DNS: one zone for every demo name. A name that has an
// address gets A 127.0.0.1 (and an empty AAAA answer: the simulator is
// IPv4 only); SRV records are in srvRecords. A name with no records of its
// own but with names below it (contoso.test, the .test TLD, _tcp.…) exists
// and answers NOERROR with no records, as such names do in real DNS;
// every other name is NXDOMAIN: autodiscover.test, exch01.corp.*.local,
// outlook.office365.com, *.onmicrosoft.com, nohost.contoso.test.

// srvRecords are the SRV records by owner name.
var srvRecords = map[string][]net.SRV{
	// northwind.test has neither an address nor autodiscover.northwind.test.
	"_autodiscover._tcp.northwind.test": {{Target: "mail.northwind.test.", Port: 443, Priority: 0, Weight: 0}},
}

// dnsTTL is the TTL of every answer, in seconds.
const dnsTTL = 300

// lookupA reports whether name has an address (127.0.0.1).
func lookupA(name string) bool {
	h := findHost(normalizeHost(name))
	return h != nil && h.resolves()
}

// lookupSRV returns name's SRV records.
func lookupSRV(name string) []net.SRV { return srvRecords[normalizeHost(name)] }

// nameExists reports whether name is in the zone: it has records, or a
// name below it has.
func nameExists(name string) bool {
	name = normalizeHost(name)
	if lookupA(name) || len(lookupSRV(name)) > 0 {
		return true
	}
	below := func(owner string) bool { return strings.HasSuffix(owner, "."+name) }
	for _, h := range demoHosts {
		if h.resolves() && below(h.name) {
			return true
		}
	}
	for owner := range srvRecords {
		if below(owner) {
			return true
		}
	}
	return false
}

// queryLog remembers the questions asked, over DNS and of Resolver.
type queryLog struct {
	mu sync.Mutex
	qs []string
}

func (l *queryLog) add(qtype, name string) {
	l.mu.Lock()
	l.qs = append(l.qs, qtype+" "+normalizeHost(name))
	l.mu.Unlock()
}

func (l *queryLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.qs...)
}

// DNSAddr is where the simulator answers DNS, over UDP and TCP:
// "127.0.0.1:PORT" (for --dns-server).
func (s *Server) DNSAddr() string { return s.dns.addr }

// DNSQueries lists the questions asked so far, oldest first, as "TYPE
// name" with the name in lower case without the final dot: "A
// autodiscover.contoso.test", "SRV _autodiscover._tcp.northwind.test".
// Questions to Resolver count too (LookupHost as "A" and "AAAA", as a
// system resolver asks them).
func (s *Server) DNSQueries() []string { return s.queries.list() }

// dnsServer is the simulator's DNS server on one UDP and TCP port.
type dnsServer struct {
	addr     string
	udp, tcp *dns.Server
}

// startDNS listens on a loopback port that is free for both UDP and TCP
// (a free UDP port may be taken for TCP: then it tries another).
func (s *Server) startDNS() (*dnsServer, error) {
	handler := dns.HandlerFunc(s.answerDNS)
	var lastErr error
	for range 20 {
		pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("DNS: %w", err)
		}
		addr := pc.LocalAddr().String()
		ln, err := net.Listen("tcp4", addr)
		if err != nil {
			pc.Close()
			lastErr = err
			continue
		}
		d := &dnsServer{addr: addr,
			udp: &dns.Server{PacketConn: pc, Handler: handler},
			tcp: &dns.Server{Listener: ln, Handler: handler, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second}}
		var started sync.WaitGroup
		for _, srv := range []*dns.Server{d.udp, d.tcp} {
			started.Add(1)
			srv.NotifyStartedFunc = started.Done
			go func() { _ = srv.ActivateAndServe() }()
		}
		started.Wait() // Shutdown refuses a server that has not started
		return d, nil
	}
	return nil, fmt.Errorf("DNS: no port free for both UDP and TCP: %w", lastErr)
}

func (d *dnsServer) close() {
	_ = d.udp.Shutdown()
	_ = d.tcp.Shutdown()
}

// answerDNS answers one question from the zone, authoritatively.
func (s *Server) answerDNS(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	// Authoritative (and "recursion available", as a site resolver says):
	// Go's resolver takes an empty answer without these for a lame
	// referral.
	m.Authoritative, m.RecursionAvailable = true, true
	if len(req.Question) != 1 || req.Opcode != dns.OpcodeQuery {
		m.Rcode = dns.RcodeFormatError
		if req.Opcode != dns.OpcodeQuery {
			m.Rcode = dns.RcodeNotImplemented
		}
		_ = w.WriteMsg(m)
		return
	}
	q := req.Question[0]
	s.queries.add(dns.TypeToString[q.Qtype], q.Name)
	name := normalizeHost(q.Name)
	switch {
	case q.Qclass != dns.ClassINET:
		m.Rcode = dns.RcodeRefused
	case !nameExists(name):
		m.Rcode = dns.RcodeNameError
	case q.Qtype == dns.TypeA && lookupA(name):
		m.Answer = append(m.Answer, aRecord(q.Name))
	case q.Qtype == dns.TypeSRV && len(lookupSRV(name)) > 0:
		for _, r := range lookupSRV(name) {
			m.Answer = append(m.Answer, &dns.SRV{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeSRV, Class: dns.ClassINET, Ttl: dnsTTL},
				Priority: r.Priority, Weight: r.Weight, Port: r.Port, Target: r.Target})
			if lookupA(r.Target) {
				m.Extra = append(m.Extra, aRecord(r.Target))
			}
		}
	}
	if len(m.Answer) == 0 {
		m.Ns = append(m.Ns, zoneSOA())
	}
	if !sleepOrDone(s.opts.Latency, s.done) {
		return
	}
	_ = w.WriteMsg(m)
}

func aRecord(name string) dns.RR {
	return &dns.A{Hdr: dns.RR_Header{Name: dns.Fqdn(name), Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: dnsTTL}, A: net.IPv4(127, 0, 0, 1)}
}

// zoneSOA is the authority of negative answers (RFC 2308).
func zoneSOA() dns.RR {
	return &dns.SOA{Hdr: dns.RR_Header{Name: "test.", Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: dnsTTL},
		Ns: "ns.test.", Mbox: "hostmaster.test.", Serial: 1, Refresh: 3600, Retry: 600, Expire: 86400, Minttl: dnsTTL}
}

// dnsNotFound is the error *net.Resolver returns for a name without the
// records asked for.
func dnsNotFound(name string) error {
	return &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}
