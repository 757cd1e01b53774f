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
// port, else 443) and keeps them for the steps after.
func (s *Session) lookupHost(ctx context.Context) (DNSResult, error) {
	port := s.u.Port()
	if port == "" {
		port = "443"
	}
	rt, err := s.net.route(ctx, s.u.Hostname(), port)
	if err != nil {
		return DNSResult{}, err
	}
	s.addrs, s.port = rt.addrs, rt.port
	return rt.result(), nil
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
