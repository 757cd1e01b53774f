package exchange

import (
	"net"
	"net/http/httptrace"
	"sync"
)

// replyProgress follows one request on its connection, so that a timeout
// can tell a server that never answered from one that answered too slowly.
// Whether the answer began is taken from the transport (its first byte
// after TLS), not from the byte count: a TLS 1.3 server may send session
// tickets on an idle connection, which are no answer.
type replyProgress struct {
	mu        sync.Mutex
	conn      net.Conn // the connection the request went out on
	before    int64    // bytes read on it before the request
	firstByte bool     // the answer's first byte arrived
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
			p.mu.Lock()
			defer p.mu.Unlock()
			p.firstByte = true
		},
	}
}

// received is how many bytes arrived on the connection since the request
// went out, and whether the answer had begun at all.
func (p *replyProgress) received() (n int64, answered bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.firstByte || p.conn == nil {
		return 0, false
	}
	return bytesRead(p.conn) - p.before, true
}
