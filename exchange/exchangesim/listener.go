package exchangesim

import (
	"bytes"
	"encoding/base64"
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
	// SignIns counts requests that carried credentials, over TLS or not:
	// an NTLM AUTHENTICATE message (NTLM or Negotiate) or Basic credentials,
	// whether or not they were right. Per host by the Host header.
	SignIns int
	// PlainRequests counts requests over plain HTTP (no TLS).
	PlainRequests int
	// PlainAuthorization counts plain-HTTP requests with any Authorization
	// header: a client that sends one has put credentials (or an NTLM
	// token) on the wire in the clear. A careful client keeps it at 0.
	PlainAuthorization int
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

// request counts one HTTP request to host: plain or not, and what its
// Authorization header carried.
func (c *counters) request(host string, plain bool, authorization string) {
	creds := carriesCredentials(authorization)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range []*Stats{&c.total, c.host(host)} {
		if creds {
			st.SignIns++
		}
		if plain {
			st.PlainRequests++
			if authorization != "" {
				st.PlainAuthorization++
			}
		}
	}
}

// carriesCredentials reports whether an Authorization header holds
// credentials: Basic, or an NTLM AUTHENTICATE message (type 3) under NTLM
// or Negotiate. A NEGOTIATE message carries none.
func carriesCredentials(authorization string) bool {
	scheme, token, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	token = strings.TrimSpace(token)
	switch {
	case strings.EqualFold(scheme, "Basic"):
		return token != ""
	case strings.EqualFold(scheme, "NTLM"), strings.EqualFold(scheme, "Negotiate"):
		msg, err := base64.StdEncoding.DecodeString(token)
		return err == nil && len(msg) > 8 && bytes.HasPrefix(msg, []byte("NTLMSSP\x00")) && msg[8] == 3
	}
	return false
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
