package exchangesim

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// askDNS sends one question to the simulator's DNS server over network
// ("udp" or "tcp") with miekg/dns's client.
func askDNS(t *testing.T, s *Server, network string, qtype uint16, name string) *dns.Msg {
	t.Helper()
	c := &dns.Client{Net: network, Timeout: 5 * time.Second}
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	in, _, err := c.Exchange(q, s.DNSAddr())
	if err != nil {
		t.Fatalf("%s %s over %s: %v", dns.TypeToString[qtype], name, network, err)
	}
	return in
}

func TestDNSServer(t *testing.T) {
	s := startServer(t)
	if host, _, err := net.SplitHostPort(s.DNSAddr()); err != nil || host != "127.0.0.1" {
		t.Fatalf("DNSAddr %q, want 127.0.0.1:PORT", s.DNSAddr())
	}
	tests := []struct {
		name   string
		qtype  uint16
		qname  string
		rcode  int
		answer []string // the answers' data: "127.0.0.1", "0 0 443 mail.northwind.test."
	}{
		{"existing EWS host", dns.TypeA, "mail.contoso.test", dns.RcodeSuccess, []string{"127.0.0.1"}},
		{"autodiscover host", dns.TypeA, "autodiscover.contoso.test", dns.RcodeSuccess, []string{"127.0.0.1"}},
		{"name asked in mixed case", dns.TypeA, "AutoDiscover.Fabrikam.TEST", dns.RcodeSuccess, []string{"127.0.0.1"}},
		{"company web site", dns.TypeA, "fabrikam.test", dns.RcodeSuccess, []string{"127.0.0.1"}},
		{"blackhole web site resolves", dns.TypeA, "margiestravel.test", dns.RcodeSuccess, []string{"127.0.0.1"}},
		{"IPv4 only: AAAA is an empty answer", dns.TypeAAAA, "mail.contoso.test", dns.RcodeSuccess, nil},
		{"domain without an address of its own", dns.TypeA, "contoso.test", dns.RcodeSuccess, nil},
		{"SRV record", dns.TypeSRV, "_autodiscover._tcp.northwind.test", dns.RcodeSuccess, []string{"0 0 443 mail.northwind.test."}},
		{"no SRV record for contoso", dns.TypeSRV, "_autodiscover._tcp.contoso.test", dns.RcodeNameError, nil},
		{"northwind has no autodiscover name", dns.TypeA, "autodiscover.northwind.test", dns.RcodeNameError, nil},
		{"unresolvable demo host", dns.TypeA, "nohost.contoso.test", dns.RcodeNameError, nil},
		{"autodiscover.<TLD>", dns.TypeA, "autodiscover.test", dns.RcodeNameError, nil},
		{"internal URL's host", dns.TypeA, "exch01.corp.wingtip.local", dns.RcodeNameError, nil},
		{"Exchange Online", dns.TypeA, "outlook.office365.com", dns.RcodeNameError, nil},
		{"onmicrosoft.com", dns.TypeA, "fourthcoffee.mail.onmicrosoft.com", dns.RcodeNameError, nil},
		{"proseware has no autodiscover name", dns.TypeA, "autodiscover.proseware.test", dns.RcodeNameError, nil},
	}
	for _, network := range []string{"udp", "tcp"} {
		for _, tt := range tests {
			t.Run(network+"/"+tt.name, func(t *testing.T) {
				in := askDNS(t, s, network, tt.qtype, tt.qname)
				if in.Rcode != tt.rcode {
					t.Fatalf("rcode %s, want %s", dns.RcodeToString[in.Rcode], dns.RcodeToString[tt.rcode])
				}
				if !in.Authoritative {
					t.Error("answer is not authoritative")
				}
				var got []string
				for _, rr := range in.Answer {
					if !strings.EqualFold(rr.Header().Name, dns.Fqdn(tt.qname)) {
						t.Errorf("answer for %q, asked %q", rr.Header().Name, tt.qname)
					}
					got = append(got, strings.TrimPrefix(rr.String(), rr.Header().String()))
				}
				if !slices.Equal(got, tt.answer) {
					t.Errorf("answers %q, want %q", got, tt.answer)
				}
				if len(in.Answer) == 0 && (len(in.Ns) != 1 || in.Ns[0].Header().Rrtype != dns.TypeSOA) {
					t.Errorf("negative answer without the zone's SOA: %v", in.Ns)
				}
			})
		}
	}
}

func TestDNSQueryLog(t *testing.T) {
	s := startServer(t)
	askDNS(t, s, "udp", dns.TypeA, "autodiscover.contoso.test.")
	askDNS(t, s, "tcp", dns.TypeSRV, "_autodiscover._tcp.Northwind.test")
	if _, err := s.Resolver().LookupHost(context.Background(), "fabrikam.test"); err != nil {
		t.Fatal(err)
	}
	want := []string{"A autodiscover.contoso.test", "SRV _autodiscover._tcp.northwind.test", "A fabrikam.test", "AAAA fabrikam.test"}
	if got := s.DNSQueries(); !slices.Equal(got, want) {
		t.Errorf("DNSQueries() = %q, want %q", got, want)
	}
	for _, q := range s.DNSQueries() {
		if strings.HasSuffix(q, " autodiscover.test") {
			t.Errorf("asked for autodiscover.<TLD>: %q", q)
		}
	}
}

// The in-process resolver answers what the DNS server answers.
func TestResolverMatchesDNS(t *testing.T) {
	s := startServer(t)
	r := s.Resolver()
	ctx := context.Background()
	for _, name := range []string{"mail.contoso.test", "autodiscover.contoso.test", "contoso.test", "tailspin.test",
		"autodiscover.tailspin.test", "mail.northwind.test", "northwind.test", "autodiscover.northwind.test",
		"autodiscover.sales.contoso.test", "autodiscover.hostedmail.test", "outlook.office365.com",
		"exch01.corp.wingtip.local", "proseware.test", "autodiscover2.litware.test", "margiestravel.test",
		"nohost.contoso.test", "autodiscover.test"} {
		t.Run(name, func(t *testing.T) {
			in := askDNS(t, s, "udp", dns.TypeA, name)
			addrs, err := r.LookupHost(ctx, name)
			if len(in.Answer) > 0 {
				if err != nil || !slices.Equal(addrs, []string{"127.0.0.1"}) {
					t.Errorf("DNS has an address, LookupHost: %v %v", addrs, err)
				}
				return
			}
			var dnsErr *net.DNSError
			if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
				t.Errorf("DNS has no address, LookupHost: %v %v", addrs, err)
			}
		})
	}

	tests := []struct {
		name, service, proto, qname string
		want                        string // "" = not found
	}{
		{"full name", "", "", "_autodiscover._tcp.northwind.test", "mail.northwind.test.:443"},
		{"service and proto", "autodiscover", "tcp", "northwind.test", "mail.northwind.test.:443"},
		{"no record", "autodiscover", "tcp", "contoso.test", ""},
	}
	for _, tt := range tests {
		t.Run("SRV "+tt.name, func(t *testing.T) {
			cname, srvs, err := r.LookupSRV(ctx, tt.service, tt.proto, tt.qname)
			if tt.want == "" {
				var dnsErr *net.DNSError
				if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
					t.Errorf("got %v %v, want not found", srvs, err)
				}
				return
			}
			if err != nil || len(srvs) != 1 || net.JoinHostPort(srvs[0].Target, "443") != tt.want || srvs[0].Port != 443 {
				t.Fatalf("got %q %v %v, want %s", cname, srvs, err, tt.want)
			}
			if cname != "_autodiscover._tcp.northwind.test." {
				t.Errorf("cname %q", cname)
			}
		})
	}
	if q := s.DNSQueries(); !slices.Contains(q, "SRV _autodiscover._tcp.northwind.test") {
		t.Errorf("LookupSRV is not in the query log: %q", q)
	}
}

// Go's own resolver, pointed at the simulator, gets the same answers:
// what a client with --dns-server sees.
func TestDNSWithGoResolver(t *testing.T) {
	s := startServer(t)
	for _, network := range []string{"udp", "tcp"} {
		t.Run(network, func(t *testing.T) {
			r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, network, s.DNSAddr())
			}}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			addrs, err := r.LookupHost(ctx, "autodiscover.contoso.test")
			if err != nil || !slices.Equal(addrs, []string{"127.0.0.1"}) {
				t.Errorf("LookupHost autodiscover.contoso.test: %v %v", addrs, err)
			}
			for _, name := range []string{"contoso.test", "autodiscover.test"} {
				_, err = r.LookupHost(ctx, name)
				var dnsErr *net.DNSError
				if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
					t.Errorf("LookupHost %s: %v, want not found", name, err)
				}
			}
			_, srvs, err := r.LookupSRV(ctx, "autodiscover", "tcp", "northwind.test")
			if err != nil || len(srvs) != 1 || srvs[0].Target != "mail.northwind.test." || srvs[0].Port != 443 {
				t.Errorf("LookupSRV: %v %v", srvs, err)
			}
		})
	}
}
