package exchange

import (
	"context"
	"net"

	"ewsconnect/i18n"
)

// Connect opens the TCP connection (step connect) to the resolved address
// and port (--connect-to's, else the --resolve port, else the URL's, else
// 443), trying each address in turn; or, through a proxy, a connection to
// the proxy and a tunnel from it to the URL's host and port. The
// connection is kept for the TLS step.
func (s *Session) Connect(ctx context.Context) (ConnectResult, error) {
	if err := s.ensureURL(); err != nil {
		return ConnectResult{}, err
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()
	if s.tcp != nil {
		s.tcp.Close()
		s.tcp = nil
	}
	conn, res, err := s.dialRoute(ctx)
	if err != nil {
		return ConnectResult{}, err
	}
	s.tcp = conn
	return res, nil
}

// dialTCP connects the way Network.DialHTTPS does, to the addresses the
// dns step found (resolving first if it has not run) or through the
// proxy, and counts the connection. The connection counts the bytes it
// reads, for telling a slow server from a silent one.
func (s *Session) dialTCP(ctx context.Context) (net.Conn, error) {
	conn, _, err := s.dialRoute(ctx)
	return conn, err
}

// dialRoute is dialTCP, saying how the connection was made.
func (s *Session) dialRoute(ctx context.Context) (net.Conn, ConnectResult, error) {
	host, port := s.u.Hostname(), s.urlPort()
	var (
		conn net.Conn
		res  ConnectResult
		err  error
	)
	if p := s.net.proxyFor(host, port); p != nil {
		var tn tunnel
		if conn, tn, err = s.net.dialTunnel(ctx, p, host, port); err != nil {
			return nil, ConnectResult{}, err
		}
		res = ConnectResult{Remote: tn.remote, Proxy: p.URL(), ProxySource: p.Source(), ProxyRoute: tn.route, Target: tn.target}
	} else {
		if len(s.addrs) == 0 {
			if _, err := s.lookupHost(ctx); err != nil {
				return nil, ConnectResult{}, err
			}
		}
		if conn, err = s.net.dial(ctx, route{host: host, port: s.port, addrs: s.addrs}); err != nil {
			return nil, ConnectResult{}, s.net.scriptHint(err)
		}
		res = ConnectResult{Remote: conn.RemoteAddr().String(), Script: s.net.ProxyScript}
		if p := s.net.Proxy; p != nil {
			res.Bypassed = i18n.M("seen.proxy.bypassed", i18n.Data{"Proxy": ProxyName(p), "Host": host})
			if p.Bypass() != "" {
				res.Bypassed = i18n.M("seen.proxy.bypassed-by", i18n.Data{"Proxy": ProxyName(p), "Host": host, "Rule": p.Bypass()})
			}
		}
	}
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
	return conn, res, nil
}
