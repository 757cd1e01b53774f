package exchange

import (
	"context"
	"errors"
	"net"
	"strings"
)

// LookupHost resolves the URL's host (step dns): a --resolve override
// first, then the configured resolver, else the system's.
func (s *Session) LookupHost(ctx context.Context) (DNSResult, error) {
	if err := s.ensureURL(); err != nil {
		return DNSResult{}, err
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()
	return s.lookupHost(ctx)
}

func (s *Session) lookupHost(ctx context.Context) (DNSResult, error) {
	host := s.u.Hostname()
	s.port = s.u.Port()
	if s.port == "" {
		s.port = "443"
	}

	if addr, ok := s.override(host); ok {
		ip, port, err := splitOverride(addr)
		if err != nil {
			return DNSResult{}, NewProblem(CodeDNSFailed, err, "the --resolve address %q for %s is not an IP address (IP or IP:PORT)", addr, host)
		}
		if port != "" {
			s.port = port
		}
		s.addrs = []string{ip}
		return DNSResult{Addrs: s.addrs, Override: true}, nil
	}
	if ip := net.ParseIP(host); ip != nil {
		s.addrs = []string{ip.String()}
		return DNSResult{Addrs: s.addrs}, nil
	}

	var r Resolver = net.DefaultResolver
	if s.net.Resolver != nil {
		r = s.net.Resolver
	}
	addrs, err := r.LookupHost(ctx, host)
	if err == nil && len(addrs) == 0 {
		err = &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	if err != nil {
		return DNSResult{}, classifyDNS(host, err, s.timeout())
	}
	s.addrs = addrs
	return DNSResult{Addrs: addrs}, nil
}

// override finds the --resolve entry for host; host names are compared
// case-insensitively, as DNS does.
func (s *Session) override(host string) (string, bool) {
	if addr, ok := s.net.Resolve[host]; ok {
		return addr, true
	}
	for h, addr := range s.net.Resolve {
		if strings.EqualFold(strings.TrimSuffix(h, "."), strings.TrimSuffix(host, ".")) {
			return addr, true
		}
	}
	return "", false
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
