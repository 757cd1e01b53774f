package exchange

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"ewsconnect/i18n"
	"ewsconnect/internal/buildinfo"
)

// DefaultTimeout bounds each network step when Network.Timeout is zero,
// and is --timeout's default: the one place the 10 s live.
const DefaultTimeout = 10 * time.Second

// URLResult is the parsed, accepted EWS URL.
type URLResult struct {
	URL            *url.URL
	ExchangeOnline bool // the host is Exchange Online (outlook.office365.com and friends)
	Completed      bool // the address named only the server; URL is its EWS URL
}

// Session carries one check from the URL to the test message. It holds one
// TCP connection and one TLS session that the later steps reuse, so that a
// healthy check signs in once and sends everything on one connection.
//
// The methods are meant to be called in step order, each once; a method
// whose prerequisite has not run does it itself where that is cheap (the
// endpoint step dials if no connection is open). A Session is safe for use
// by one goroutine at a time, except Stats, Server and Suggestions, which
// may be called from anywhere.
type Session struct {
	raw   string
	net   Network
	creds Credentials // Password is always empty here; see password
	// password is a func so that printing a Session with %+v (which
	// bypasses the Credentials formatter for unexported fields) cannot
	// show it.
	password func() string
	lang     i18n.Lang // of the test message, which a person reads

	u              *url.URL
	exchangeOnline bool
	addrs          []string // resolved addresses (IPs)
	port           string   // the port to dial

	tcp     net.Conn  // opened by Connect, until Handshake takes it
	pending *tls.Conn // verified by Handshake, until the transport takes it

	client    *http.Client
	transport *http.Transport

	endpoint  *endpointSeen // what the unauthenticated request saw
	auth      *authState    // how the session signed in
	getFolder *ewsReply     // the signed-in GetFolder answer

	mu         sync.Mutex // guards the fields below
	conns      int
	handshakes int
	server     ServerInfo
	suggest    Suggestions
}

// NewSession prepares a check of the EWS URL raw with creds.
func NewSession(raw string, n Network, creds Credentials) *Session {
	pw := creds.Password
	creds.Password = ""
	return &Session{raw: raw, net: n, creds: creds, password: func() string { return pw }, lang: i18n.EN}
}

// InLanguage makes the test message's subject and text l's (English
// unless said) and returns s.
func (s *Session) InLanguage(l i18n.Lang) *Session {
	if l != "" {
		s.lang = l
	}
	return s
}

// String describes the session without any secret.
func (s *Session) String() string {
	return fmt.Sprintf("exchange.Session{url: %q, login: %q}", RedactURL(s.raw), s.creds.LoginName())
}

// GoString is String, so that %#v shows no secret either.
func (s *Session) GoString() string { return s.String() }

// CheckURL validates the URL's form (step url).
func (s *Session) CheckURL() (URLResult, error) {
	u, completed, err := s.checkURL()
	if err != nil {
		return URLResult{}, err
	}
	s.u = u
	s.exchangeOnline = IsExchangeOnlineHost(u.Hostname())
	return URLResult{URL: u, ExchangeOnline: s.exchangeOnline, Completed: completed}, nil
}

// ensureURL parses the URL if CheckURL has not run yet.
func (s *Session) ensureURL() error {
	if s.u != nil {
		return nil
	}
	_, err := s.CheckURL()
	return err
}

// Stats counts the TCP connections opened and TLS handshakes started by
// the session. A healthy run makes one of each.
func (s *Session) Stats() (conns, handshakes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns, s.handshakes
}

// Server is what was learned about the server so far.
func (s *Session) Server() ServerInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := s.server
	info.AuthSchemes = append([]string(nil), s.server.AuthSchemes...)
	return info
}

// Suggestions are the corrections learned so far.
func (s *Session) Suggestions() Suggestions {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.suggest
}

// updateServer changes the server info under the lock.
func (s *Session) updateServer(f func(*ServerInfo)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.server)
}

// suggestURL records a URL suggestion under the lock.
func (s *Session) suggestURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.suggest.URL = u
}

// Close releases every connection.
func (s *Session) Close() error {
	if s.tcp != nil {
		s.tcp.Close()
		s.tcp = nil
	}
	s.setPending(nil)
	if s.transport != nil {
		s.transport.CloseIdleConnections()
	}
	return nil
}

// timeout is the per-step deadline.
func (s *Session) timeout() time.Duration { return s.net.StepTimeout() }

// stepContext applies the step deadline on top of the caller's context.
func (s *Session) stepContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout())
}

// userAgent is this build's, with its version, so that an administrator
// can allow-list it in an EWS application access policy.
func userAgent() string { return buildinfo.UserAgent() }
