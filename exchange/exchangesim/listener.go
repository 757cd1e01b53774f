package exchangesim

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
)

// ErrNotLoopback is returned by Start for a listen address that is not a
// loopback address: the demo passwords are public.
var ErrNotLoopback = errors.New("the demo server listens on loopback addresses only (127.0.0.1, ::1, localhost)")

// loopbackAddr checks listen and returns it with "localhost" made explicit.
func loopbackAddr(listen string) (string, error) {
	if listen == "" {
		return "127.0.0.1:0", nil
	}
	h, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("listen address %q: %w", listen, err)
	}
	if strings.EqualFold(h, "localhost") {
		h = "127.0.0.1"
	}
	ip := net.ParseIP(h)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("listen address %q: %w", listen, ErrNotLoopback)
	}
	return net.JoinHostPort(ip.String(), port), nil
}

// Stats counts what reached the server, so tests can prove that a client
// kept to one connection.
type Stats struct {
	Connections int // TCP connections accepted (total), or ClientHellos naming the host (per host)
	Handshakes  int // TLS handshakes that completed and carried at least one HTTP request
}

// counters holds Stats, total and per SNI host name.
type counters struct {
	mu     sync.Mutex
	total  Stats
	byHost map[string]*Stats
}

func (c *counters) connection() {
	c.mu.Lock()
	c.total.Connections++
	c.mu.Unlock()
}

func (c *counters) hello(host string) {
	c.mu.Lock()
	c.host(host).Connections++
	c.mu.Unlock()
}

func (c *counters) handshake(host string) {
	c.mu.Lock()
	c.total.Handshakes++
	c.host(host).Handshakes++
	c.mu.Unlock()
}

// host must be called with mu held.
func (c *counters) host(name string) *Stats {
	if c.byHost == nil {
		c.byHost = map[string]*Stats{}
	}
	s := c.byHost[name]
	if s == nil {
		s = &Stats{}
		c.byHost[name] = s
	}
	return s
}

// countingListener counts accepted connections.
type countingListener struct {
	net.Listener
	stats *counters
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.stats.connection()
	}
	return c, err
}
