package exchange

import (
	"context"
	"net"
	"net/http/httptrace"
	"sync"
	"time"
)

// replyProgress follows one request on its connection, so that a timeout
// can tell a server that never answered from one that answered too slowly.
// Whether the answer began is taken from the transport (its first byte
// after TLS), not from the byte count: a TLS 1.3 server may send session
// tickets on an idle connection, which are no answer.
type replyProgress struct {
	mu          sync.Mutex
	conn        net.Conn  // the connection the request went out on
	before      int64     // bytes read on it before the request
	firstByteAt time.Time // when the answer's first byte arrived; zero: not yet
}

func (p *replyProgress) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			n := bytesRead(info.Conn)
			p.mu.Lock()
			defer p.mu.Unlock()
			p.conn, p.before = info.Conn, n
		},
		GotFirstResponseByte: func() {
			now := time.Now()
			p.mu.Lock()
			defer p.mu.Unlock()
			p.firstByteAt = now
		},
	}
}

// received is how many bytes arrived on the connection since the request
// went out, and whether the answer had begun before ctx's deadline. A
// server may well answer the moment the client gives up and hangs up (Go's
// net/http does); that answer came too late to count.
func (p *replyProgress) received(ctx context.Context) (n int64, answered bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.firstByteAt.IsZero() || p.conn == nil {
		return 0, false
	}
	if deadline, ok := ctx.Deadline(); ok && !p.firstByteAt.Before(deadline) {
		return 0, false
	}
	return bytesRead(p.conn) - p.before, true
}
