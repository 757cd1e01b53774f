package exchangesim

import (
	"context"
	"net"
	"strings"
)

// closedPortAddr is where the port-closed host points: port 1 (tcpmux) on
// loopback, which nothing listens on and no one else can take without
// privileges, so a connection is refused at once.
const closedPortAddr = "127.0.0.1:1"

// Resolve maps every demo host name to the address to connect to, as
// curl's --resolve does: the server's own address, or a closed loopback
// port for the port-closed host; and each demo proxy's name to its own
// listener (ProxyAddrs). The unresolvable host is absent.
func (s *Server) Resolve() map[string]string {
	m := s.ProxyAddrs()
	for _, h := range demoHosts {
		switch h.kind {
		case kindUnresolvable:
		case kindClosedPort:
			m[h.name] = closedPortAddr
		default:
			m[h.name] = s.addr
		}
	}
	return m
}

// DemoResolver is the in-process resolver of Resolver: the part of
// *net.Resolver the client uses.
type DemoResolver interface {
	LookupHost(ctx context.Context, host string) ([]string, error)
	LookupSRV(ctx context.Context, service, proto, name string) (cname string, addrs []*net.SRV, err error)
}

// Resolver answers DNS questions for the demo domains without asking real
// DNS, exactly as the DNS server at DNSAddr does: demo hosts resolve to
// 127.0.0.1, SRV records where a scenario has one, every other name is not
// found. Its questions go to DNSQueries too.
func (s *Server) Resolver() DemoResolver {
	return resolver{log: &s.queries}
}

type resolver struct{ log *queryLog }

func (r resolver) LookupHost(ctx context.Context, name string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, &net.DNSError{Err: err.Error(), Name: name, IsTimeout: true}
	}
	r.log.add("A", name)
	r.log.add("AAAA", name)
	if lookupA(name) {
		return []string{"127.0.0.1"}, nil
	}
	return nil, dnsNotFound(name)
}

// LookupSRV is (*net.Resolver).LookupSRV: the question is
// _service._proto.name, or name itself when service and proto are empty.
func (r resolver) LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	qname := name
	if service != "" || proto != "" {
		qname = "_" + service + "._" + proto + "." + name
	}
	if err := ctx.Err(); err != nil {
		return "", nil, &net.DNSError{Err: err.Error(), Name: qname, IsTimeout: true}
	}
	r.log.add("SRV", qname)
	records := lookupSRV(qname)
	if len(records) == 0 {
		return "", nil, dnsNotFound(qname)
	}
	out := make([]*net.SRV, len(records))
	for i := range records {
		rec := records[i]
		out[i] = &rec
	}
	return strings.ToLower(strings.TrimSuffix(qname, ".")) + ".", out, nil
}
