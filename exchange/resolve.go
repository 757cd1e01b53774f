package exchange

import (
	"context"
	"errors"
	"net"
	"strings"
)

// LookupHost resolves the URL's host (step dns) as every connection does
// (see Network.DialTCP): --connect-to, then --resolve, then DNS. The
// result says when a rule or an override decided the answer.
func (s *Session) LookupHost(ctx context.Context) (DNSResult, error) {
	if err := s.ensureURL(); err != nil {
		return DNSResult{}, err
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()
	return s.lookupHost(ctx)
}

// lookupHost finds the addresses and port to dial for the URL's host (its
// port, else 443) and keeps them for the steps after. Through a proxy
// nothing is looked up here: the proxy resolves the host.
func (s *Session) lookupHost(ctx context.Context) (DNSResult, error) {
	host, port := s.u.Hostname(), s.urlPort()
	if p := s.net.proxyFor(host, port); p != nil {
		s.addrs, s.port = nil, port
		return DNSResult{Proxy: p.URL(), ProxySource: p.Source()}, nil
	}
	rt, err := s.net.route(ctx, host, port)
	if err != nil {
		return DNSResult{}, s.net.scriptHint(err)
	}
	s.addrs, s.port = rt.addrs, rt.port
	return rt.result(), nil
}

// urlPort is the URL's port, else 443.
func (s *Session) urlPort() string {
	if port := s.u.Port(); port != "" {
		return port
	}
	return "443"
}

// splitOverride reads "IP", "IP:PORT" or "[IPv6]:PORT".
func splitOverride(addr string) (ip, port string, err error) {
	if parsed := net.ParseIP(strings.Trim(addr, "[]")); parsed != nil {
		return parsed.String(), "", nil
	}
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", "", err
	}
	parsed := net.ParseIP(h)
	if parsed == nil {
		return "", "", errors.New("not an IP address")
	}
	return parsed.String(), p, nil
}
