package exchange

import (
	"context"
	"net"
)

// LookupSRV asks for the SRV records of name (e.g.
// "_autodiscover._tcp.contoso.test") with the configured resolver.
// An answer without records is an empty list and no error.
//
// TODO(network): --dns-server; this first version asks Resolver when it
// answers SRV, else the system resolver.
func (n Network) LookupSRV(ctx context.Context, name string) ([]*net.SRV, error) {
	var r SRVResolver = net.DefaultResolver
	if sr, ok := n.Resolver.(SRVResolver); ok {
		r = sr
	}
	_, addrs, err := r.LookupSRV(ctx, "", "", name)
	return addrs, err
}

// DialTCP opens a plain TCP connection to host:port the way every check
// does: --connect-to, then --resolve, then DNS. Failures are *Problem
// values (dns-failed, connect-refused, connect-timeout).
//
// TODO(network): --connect-to, --dns-server and problem classification.
func (n Network) DialTCP(ctx context.Context, host, port string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
}
