package exchangesim

import (
	"context"
	"net"
)

// closedPortAddr is where the port-closed host points: port 1 (tcpmux) on
// loopback, which nothing listens on and no one else can take without
// privileges, so a connection is refused at once.
const closedPortAddr = "127.0.0.1:1"

// Resolve maps every demo host name to the address to connect to, as
// curl's --resolve does: the server's own address, or a closed loopback
// port for the port-closed host. The unresolvable host is absent.
func (s *Server) Resolve() map[string]string {
	m := map[string]string{}
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

// Resolver answers DNS questions for the demo domain without asking real
// DNS: demo hosts resolve to 127.0.0.1, every other name is not found.
func (s *Server) Resolver() interface {
	LookupHost(ctx context.Context, host string) ([]string, error)
} {
	return resolver{}
}

type resolver struct{}

func (resolver) LookupHost(ctx context.Context, name string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, &net.DNSError{Err: err.Error(), Name: name, IsTimeout: true}
	}
	if h := findHost(normalizeHost(name)); h != nil && h.kind != kindUnresolvable {
		return []string{"127.0.0.1"}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}
