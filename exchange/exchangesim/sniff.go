package exchangesim

import (
	"bufio"
	"crypto/tls"
	"net"
	"sync"
	"time"
)

// sniffTimeout is how long a new connection may stay silent before the
// server gives up on learning whether it speaks TLS.
const sniffTimeout = 30 * time.Second

// sniffListener serves TLS and plain HTTP on one port. Each accepted
// connection's first byte decides: 0x16 (a TLS handshake record, the
// ClientHello) makes it a *tls.Conn, anything else stays a plain
// connection, which net/http serves as HTTP/1.1 with r.TLS nil. The wait
// for that byte happens off the accept loop, so a silent client holds up
// no one.
type sniffListener struct {
	inner   net.Listener
	tls     *tls.Config
	stats   *counters
	latency time.Duration
	done    <-chan struct{} // the server is closing

	ready     chan net.Conn
	closed    chan struct{}
	closeOnce sync.Once
	mu        sync.Mutex
	pending   map[net.Conn]struct{} // being sniffed: closed by Close
}

func newSniffListener(inner net.Listener, cfg *tls.Config, stats *counters, latency time.Duration, done <-chan struct{}) *sniffListener {
	l := &sniffListener{inner: inner, tls: cfg, stats: stats, latency: latency, done: done,
		ready: make(chan net.Conn), closed: make(chan struct{}), pending: map[net.Conn]struct{}{}}
	go l.acceptLoop()
	return l
}

func (l *sniffListener) acceptLoop() {
	for {
		c, err := l.inner.Accept()
		if err != nil {
			_ = l.Close()
			return
		}
		l.stats.connection()
		if l.latency > 0 {
			c = &latencyConn{Conn: c, delay: l.latency, done: l.done}
		}
		l.mu.Lock()
		l.pending[c] = struct{}{}
		l.mu.Unlock()
		go l.sniff(c)
	}
}

func (l *sniffListener) sniff(c net.Conn) {
	defer func() {
		l.mu.Lock()
		delete(l.pending, c)
		l.mu.Unlock()
	}()
	_ = c.SetReadDeadline(time.Now().Add(sniffTimeout))
	br := bufio.NewReaderSize(c, 512)
	first, err := br.Peek(1)
	_ = c.SetReadDeadline(time.Time{})
	if err != nil {
		c.Close()
		return
	}
	var out net.Conn = &peekedConn{Conn: c, r: br}
	if first[0] == 0x16 {
		out = tls.Server(out, l.tls)
	}
	select {
	case l.ready <- out:
	case <-l.closed:
		c.Close()
	}
}

// Accept returns the next connection whose first byte has arrived.
func (l *sniffListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close stops accepting and drops the connections still being sniffed
// (net/http closes the ones it was handed).
func (l *sniffListener) Close() error {
	var err error
	l.closeOnce.Do(func() {
		close(l.closed)
		err = l.inner.Close()
		l.mu.Lock()
		for c := range l.pending {
			c.Close()
		}
		l.mu.Unlock()
	})
	return err
}

func (l *sniffListener) Addr() net.Addr { return l.inner.Addr() }

// peekedConn reads the sniffed bytes first.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// latencyConn makes loopback behave like a link with a round-trip time
// of delay: what the server sends after it has read something (one
// answer, which may take several writes: a TLS flight, a response) is held
// back by delay, and the connection's first answer by one delay more, for
// the TCP handshake loopback cannot slow down. So a fresh HTTPS request
// costs three round trips (TCP, TLS 1.3, HTTP), a plain one two, and a
// request on a kept-alive connection one.
type latencyConn struct {
	net.Conn
	delay time.Duration
	done  <-chan struct{}

	mu        sync.Mutex
	wrote     bool // anything written yet
	readSince bool // something read since the last write
}

func (c *latencyConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		c.readSince = true
		c.mu.Unlock()
	}
	return n, err
}

func (c *latencyConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	var wait time.Duration
	switch {
	case !c.wrote:
		wait = 2 * c.delay
	case c.readSince:
		wait = c.delay
	}
	c.wrote, c.readSince = true, false
	c.mu.Unlock()
	if !sleepOrDone(wait, c.done) {
		return 0, net.ErrClosed
	}
	return c.Conn.Write(p)
}

// sleepOrDone waits d; it returns false when done closed first.
func sleepOrDone(d time.Duration, done <-chan struct{}) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-done:
		return false
	}
}
