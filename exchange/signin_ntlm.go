package exchange

import (
	"context"
	"errors"
	"net/http"

	"ewsconnect/i18n"
)

// signInAttempt is the answer to the signed-in request and what the way to
// it taught.
type signInAttempt struct {
	reply *ewsReply
	// warning is auth-channel-binding: the sign-in worked only without a
	// channel binding.
	warning *Problem
}

// sendSignIn posts body signed in with scheme.
func (s *Session) sendSignIn(ctx context.Context, scheme string, body []byte) (signInAttempt, error) {
	switch scheme {
	case schemeNTLM, schemeNegotiate:
		return s.signInNTLM(ctx, scheme, body)
	}
	r, err := s.send(ctx, scheme, body)
	return signInAttempt{reply: r}, err
}

// signInNTLM signs in with NTLM (or Negotiate carrying it) and sends body
// with the AUTHENTICATE message, which carries a channel binding to the
// certificate this client saw. A refusal of that is tried once more
// without the binding (never more: each try may count against the lockout
// threshold): a server with Extended Protection in Accept mode that sees
// another certificate (TLS inspection, offloading, bridging) refuses a
// binding that does not match but takes none. Accepted then, the sign-in
// works with an auth-channel-binding warning; refused again, it is
// auth-failed.
func (s *Session) signInNTLM(ctx context.Context, scheme string, body []byte) (signInAttempt, error) {
	bound, err := s.authenticateFirst(ctx, scheme, body)
	if err != nil {
		return signInAttempt{}, err
	}
	if bound.status != http.StatusUnauthorized || bound.legs.split() || saysLockedOut(bound) ||
		!mayUseExtendedProtection(s.Server().OWAVersion) {
		return signInAttempt{reply: bound}, nil
	}
	unbound, err := s.ntlmHandshake(ctx, scheme, body, false)
	switch {
	case err != nil && errors.Is(ctx.Err(), context.Canceled):
		return signInAttempt{}, err
	case err != nil:
		// The second try never got an answer: the refusal the server did
		// give stands.
		return signInAttempt{reply: bound}, nil
	case unbound.status == http.StatusUnauthorized && !unbound.legs.split():
		return signInAttempt{}, s.authRefused(scheme, unbound, i18n.Msg{}, true)
	case unbound.status == http.StatusUnauthorized:
		return signInAttempt{reply: unbound}, nil // classifySignIn: the connection was switched
	}
	return signInAttempt{reply: unbound, warning: s.channelBindingRefused(scheme, bound)}, nil
}

// authenticateFirst sends the first AUTHENTICATE, with a channel binding:
// in answer to the CHALLENGE the endpoint probe brought, when it brought
// one, else after a NEGOTIATE of its own. The probe's connection is the
// one open: the steps run back to back, far inside any keep-alive timeout,
// so an AUTHENTICATE that leaves on another connection is a connection
// lost (see ntlmAuthenticate), as in a handshake of its own.
func (s *Session) authenticateFirst(ctx context.Context, scheme string, body []byte) (*ewsReply, error) {
	if pending := s.takeProbeChallenge(scheme); pending != nil {
		return s.ntlmAuthenticate(ctx, pending, body, true)
	}
	return s.ntlmHandshake(ctx, scheme, body, true)
}

// takeProbeChallenge returns the CHALLENGE the endpoint probe's NEGOTIATE
// brought, if it is for scheme, and forgets it: a CHALLENGE answers one
// AUTHENTICATE only.
func (s *Session) takeProbeChallenge(scheme string) *ntlmPending {
	if s.endpoint == nil || s.endpoint.pending == nil || s.endpoint.pending.scheme != scheme {
		return nil
	}
	p := s.endpoint.pending
	s.endpoint.pending = nil
	return p
}
