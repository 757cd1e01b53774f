package exchange

import (
	"context"
	"net"
)

// Connect opens the TCP connection (step connect) to the resolved address
// and port (--connect-to's, else the --resolve port, else the URL's, else
// 443), trying each address in turn. The connection is kept for the TLS
// step.
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
	conn, err := s.dialTCP(ctx)
	if err != nil {
		return ConnectResult{}, err
	}
	s.tcp = conn
	return ConnectResult{Remote: conn.RemoteAddr().String()}, nil
}

// dialTCP connects the way Network.DialTCP does, to the addresses the dns
// step found (resolving first if it has not run), and counts the
// connection. The connection counts the bytes it reads, for telling a
// slow server from a silent one.
func (s *Session) dialTCP(ctx context.Context) (net.Conn, error) {
	if len(s.addrs) == 0 {
		if _, err := s.lookupHost(ctx); err != nil {
			return nil, err
		}
	}
	conn, err := s.net.dial(ctx, route{host: s.u.Hostname(), port: s.port, addrs: s.addrs})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
	return conn, nil
}
