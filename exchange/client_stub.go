package exchange

// STUB: the exchange helper replaces this file with the real implementation
// (split into url.go, probe_*.go, auth_*.go, soap_*.go, classify.go ...).

import (
	"context"
	"errors"
	"net/url"
)

var errNotImplemented = errors.New("not implemented")

// URLResult is the parsed, accepted EWS URL.
type URLResult struct {
	URL            *url.URL
	ExchangeOnline bool // the host is Exchange Online (outlook.office365.com and friends)
}

// Session carries one check from the URL to the test message. It holds one
// TCP connection and one TLS session that the later steps reuse, so that a
// healthy check signs in once and sends everything on one connection.
type Session struct {
	raw   string
	net   Network
	creds Credentials
}

// NewSession prepares a check of the EWS URL raw with creds.
func NewSession(raw string, n Network, creds Credentials) *Session {
	return &Session{raw: raw, net: n, creds: creds}
}

// CheckURL validates the URL's form (step url).
func (s *Session) CheckURL() (URLResult, error) { return URLResult{}, errNotImplemented }

// LookupHost resolves the URL's host (step dns).
func (s *Session) LookupHost(ctx context.Context) (DNSResult, error) {
	return DNSResult{}, errNotImplemented
}

// Connect opens the TCP connection (step connect).
func (s *Session) Connect(ctx context.Context) (ConnectResult, error) {
	return ConnectResult{}, errNotImplemented
}

// Handshake runs TLS on the open connection and verifies the certificate
// (step tls).
func (s *Session) Handshake(ctx context.Context) (TLSResult, error) {
	return TLSResult{}, errNotImplemented
}

// ProbeEndpoint sends an unauthenticated request (step endpoint).
func (s *Session) ProbeEndpoint(ctx context.Context) (EndpointResult, error) {
	return EndpointResult{}, errNotImplemented
}

// SignIn authenticates with GetFolder(inbox) (step auth).
func (s *Session) SignIn(ctx context.Context) (AuthResult, error) {
	return AuthResult{}, errNotImplemented
}

// CheckVersion reads ServerVersionInfo (step version).
func (s *Session) CheckVersion(ctx context.Context) (VersionResult, error) {
	return VersionResult{}, errNotImplemented
}

// CheckMailbox checks that the mailbox has an SMTP address (step mailbox).
func (s *Session) CheckMailbox(ctx context.Context) (MailboxResult, error) {
	return MailboxResult{}, errNotImplemented
}

// SendTestMessage sends the test message, BCC to bcc (step send).
func (s *Session) SendTestMessage(ctx context.Context, bcc string) (SendResult, error) {
	return SendResult{}, errNotImplemented
}

// Server is what was learned about the server so far.
func (s *Session) Server() ServerInfo { return ServerInfo{} }

// Suggestions are the corrections learned so far.
func (s *Session) Suggestions() Suggestions { return Suggestions{} }

// Close releases the connection.
func (s *Session) Close() error { return nil }
