package exchange

import (
	"context"
	"net"
	"net/http/httptrace"
	"sync"
)

// ntlmLeg follows the connection that one leg of the NTLM handshake
// travels on. NTLM signs in a connection, not a request (ews-notes §7): the
// AUTHENTICATE must go out on the connection that carried the CHALLENGE,
// or the server has nothing to check it against.
type ntlmLeg struct {
	mu   sync.Mutex
	conn net.Conn // the connection the request went out on
	// returned: the transport offered the connection back to its pool
	// after the answer (whether or not the pool had room).
	returned bool
}

// traced is ctx with a trace that records the leg's connection. The
// transport reports returning a connection to its pool before the answer's
// body reads to its end, so the record is complete when do returns.
func (l *ntlmLeg) traced(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.conn = info.Conn
		},
		PutIdleConn: func(error) {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.returned = true
		},
	})
}

// closedWithAnswer reports a connection that ended with its answer: the
// server sent "Connection: close" or hung up (the transport never offered
// it back to its pool). A connection our own pool turned away does not
// count: that was not the server.
func (l *ntlmLeg) closedWithAnswer() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.conn != nil && !l.returned
}

// sameConnection reports whether both legs travelled on one connection.
func (l *ntlmLeg) sameConnection(other *ntlmLeg) bool {
	l.mu.Lock()
	a := l.conn
	l.mu.Unlock()
	other.mu.Lock()
	b := other.conn
	other.mu.Unlock()
	return a != nil && a == b
}

// legsSplit reports whether the CHALLENGE and the AUTHENTICATE travelled
// on different connections. This is where more evidence of a load
// balancer without affinity belongs (X-FEServer changing between the legs,
// a Via header); legsSplitEvidence then says which.
func legsSplit(challenge, authenticate *ntlmLeg) bool {
	return !challenge.sameConnection(authenticate)
}

// legsSplitEvidence describes a split handshake for a Detail.
const legsSplitEvidence = "the AUTHENTICATE went out on a new connection, not the one that carried the CHALLENGE, so the server had no CHALLENGE to check it against"
