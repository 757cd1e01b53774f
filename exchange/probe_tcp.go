package exchange

import (
	"context"
	"net"
	"time"
)

// minAttempt is the least time one address gets when several share the
// step's deadline, so that a dead first address cannot starve the rest.
const minAttempt = 2 * time.Second

// Connect opens the TCP connection (step connect) to the resolved address
// and port (the --resolve port, else the URL's, else 443), trying each
// address in turn. The connection is kept for the TLS step.
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

// dialTCP connects to the first address that answers, resolving first if
// the dns step has not run. The connection counts the bytes it reads, for
// telling a slow server from a silent one.
func (s *Session) dialTCP(ctx context.Context) (net.Conn, error) {
	if len(s.addrs) == 0 {
		if _, err := s.lookupHost(ctx); err != nil {
			return nil, err
		}
	}
	var first *Problem
	for i, ip := range s.addrs {
		addr := net.JoinHostPort(ip, s.port)
		attemptCtx, cancel := context.WithTimeout(ctx, attemptBudget(ctx, len(s.addrs)-i))
		var d net.Dialer
		conn, err := d.DialContext(attemptCtx, "tcp", addr)
		cancel()
		if err == nil {
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
			return &meteredConn{Conn: conn}, nil
		}
		if ctx.Err() == context.Canceled {
			return nil, ctx.Err() // the user interrupted: not a server problem
		}
		if first == nil {
			first = classifyDial(addr, err, s.timeout())
		}
	}
	if len(s.addrs) > 1 {
		first.Detail = Sanitize(first.Detail + " (and the host's other addresses failed too)")
	}
	return nil, first
}

// attemptBudget splits what is left of ctx's deadline among the addresses
// still to try, the way net.Dialer does for a host name.
func attemptBudget(ctx context.Context, left int) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return DefaultTimeout
	}
	remaining := time.Until(deadline)
	share := remaining / time.Duration(left)
	if share < minAttempt && remaining > minAttempt {
		share = minAttempt
	}
	if share > remaining {
		share = remaining
	}
	return share
}
