package main

import (
	"net"
	"sync"
	"testing"
	"time"
)

// roundTripRelay is a loopback TCP relay put in front of the simulator
// (the client's --resolve points at it) that counts the round trips the
// client waits for: the TCP connect, then each answer, that is, bytes from
// the server that arrive after the client has sent something since the
// last ones. Bytes that follow others without a client write in between
// (the rest of a TLS flight, a body after its headers) belong to the same
// trip. It counts on the wire, under TLS, so a request sent without
// waiting for an answer first costs nothing extra, and one that waits
// costs one. An answer counts once the client writes again: the last
// thing a client writes is its TLS close_notify, whose answer nobody waits
// for.
type roundTripRelay struct {
	ln     net.Listener
	target string
	wg     sync.WaitGroup
	active sync.WaitGroup // the relayed connections' copiers

	mu    sync.Mutex
	trips int
	conns int
	open  []net.Conn
}

// startRelay relays 127.0.0.1:<free port> to target until the test ends.
func startRelay(tb testing.TB, target string) *roundTripRelay {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	r := &roundTripRelay{ln: ln, target: target}
	r.wg.Add(1)
	go r.serve()
	tb.Cleanup(r.close)
	return r
}

// Addr is where the client connects.
func (r *roundTripRelay) Addr() string { return r.ln.Addr().String() }

// Counts returns the round trips and TCP connections once every relayed
// connection has ended (the client closed them: a finished check does), so
// that the last answer, counted when the client writes its close_notify,
// is in.
func (r *roundTripRelay) Counts() (trips, conns int) {
	done := make(chan struct{})
	go func() { r.active.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.trips, r.conns
}

// relayedConn is one connection's turn-taking: sent is set by a client
// write and turned into answered by the server's next bytes, which count
// as a trip when the client writes again.
type relayedConn struct {
	sent, answered bool
}

func (r *roundTripRelay) serve() {
	defer r.wg.Done()
	for {
		client, err := r.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.DialTimeout("tcp", r.target, 5*time.Second)
		if err != nil {
			client.Close()
			continue
		}
		r.mu.Lock()
		r.trips++ // the TCP handshake
		r.conns++
		r.open = append(r.open, client, server)
		r.mu.Unlock()
		turn := &relayedConn{}
		r.wg.Add(2)
		r.active.Add(2)
		go func() {
			defer r.wg.Done()
			defer r.active.Done()
			r.pipe(server, client, func() {
				if turn.answered {
					r.trips++
				}
				turn.sent, turn.answered = true, false
			})
			server.(*net.TCPConn).CloseWrite()
		}()
		go func() {
			defer r.wg.Done()
			defer r.active.Done()
			r.pipe(client, server, func() {
				if turn.sent {
					turn.sent, turn.answered = false, true
				}
			})
			client.Close()
		}()
	}
}

// pipe copies src to dst, calling seen (under r.mu) before each chunk is
// forwarded, so that what it records happens before the other side can
// answer.
func (r *roundTripRelay) pipe(dst, src net.Conn, seen func()) {
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			r.mu.Lock()
			seen()
			r.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (r *roundTripRelay) close() {
	r.ln.Close()
	r.mu.Lock()
	for _, c := range r.open {
		c.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
}
