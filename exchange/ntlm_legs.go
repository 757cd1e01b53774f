package exchange

import (
	"context"
	"net"
	"net/http/httptrace"
	"slices"
	"strings"
	"sync"

	"ewsconnect/i18n"
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

// legsSeen is what showed that the two legs of an NTLM handshake did not
// reach one server over one connection, each piece worded for a Detail.
// A refused AUTHENTICATE with such evidence is auth-connection-lost, not
// a wrong password.
type legsSeen struct {
	evidence []i18n.Msg
	// certain: the AUTHENTICATE provably reached another connection or
	// another server than the CHALLENGE came from. A proxy seen on the way
	// (Via) alone only makes that likely: one that keeps each client
	// connection on one server connection passes a wrong password's 401
	// through just the same.
	certain bool
}

// split reports whether anything was seen.
func (l legsSeen) split() bool { return len(l.evidence) > 0 }

// legsSplit compares the two legs: the connections they travelled on, and
// the headers of the answer to the NEGOTIATE (the CHALLENGE) and to the
// AUTHENTICATE. A front end (X-FEServer) or server software (Server) that
// changed between them means a load balancer sent the legs to different
// servers; a Via header on either means a proxy is in the way. Nothing
// seen is the zero legsSeen.
func legsSplit(challenge, authenticate *ntlmLeg, challengeReply, finalReply *ewsReply) legsSeen {
	var seen legsSeen
	if !challenge.sameConnection(authenticate) {
		seen.evidence = append(seen.evidence, legsSplitEvidence())
		seen.certain = true
	}
	if challengeReply == nil || finalReply == nil {
		return seen
	}
	// X-FEServer names a server (plain data); Server is the software's
	// own words (quoted).
	for _, h := range []struct{ name, key string }{
		{"X-FEServer", "seen.auth.legs-front-end"},
		{"Server", "seen.auth.legs-server"},
	} {
		before, after := Sanitize(challengeReply.header.Get(h.name)), Sanitize(finalReply.header.Get(h.name))
		if before != "" && after != "" && !strings.EqualFold(before, after) {
			if h.name == "Server" {
				before, after = quotable(before), quotable(after)
			}
			seen.evidence = append(seen.evidence, i18n.M(h.key, i18n.Data{"Before": before, "After": after}))
			seen.certain = true
		}
	}
	var vias []string
	for _, r := range []*ewsReply{challengeReply, finalReply} {
		if v := Sanitize(strings.Join(r.header.Values("Via"), ", ")); v != "" && !slices.Contains(vias, v) {
			vias = append(vias, v)
		}
	}
	for _, v := range vias {
		seen.evidence = append(seen.evidence, i18n.M("seen.auth.legs-via", i18n.Data{"Via": quotable(v)}))
	}
	return seen
}

// legsSplitEvidence describes a split handshake for a Detail.
func legsSplitEvidence() i18n.Msg { return i18n.M("seen.auth.legs-new-connection") }
