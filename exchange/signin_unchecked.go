package exchange

import (
	"bytes"
	"strings"

	"ewsconnect/i18n"
)

// The sign-ins that ended before the server checked the password. The
// server never issued an NTLM CHALLENGE this client can answer
// (auth-ntlm-refused), or the handshake lost its connection between the
// legs (auth-connection-lost). Neither says anything about the password,
// so neither may send the user back to retype it (field server).

// ntlmRefused is auth-ntlm-refused for the answer r to our NEGOTIATE
// message; answered says what came instead of a CHALLENGE.
func (s *Session) ntlmRefused(scheme string, r *ewsReply, answered i18n.Msg) *Problem {
	cs := parseChallenges(r.header.Values("WWW-Authenticate"))
	return NewProblem(CodeAuthNTLMRefused, nil, Seen(
		i18n.M("seen.auth.negotiate-answered", statusData(r, s.signInData(scheme), i18n.Data{"Instead": answered})),
		i18n.Join(" ", offered(cs), kerberosOnlyHint(scheme, cs)),
		i18n.M("seen.auth.password-never-sent"),
		Said("x-ms-diagnostics", diagnosticsHeader(r.header))))
}

// ntlmUnanswerable is auth-ntlm-refused for a CHALLENGE that asks for what
// this client refuses to do (NTLMv1's LM key, key exchange): go-ntlmssp
// stops before the password is used. Its error is quoted: its words.
func (s *Session) ntlmUnanswerable(scheme string, err error) *Problem {
	return NewProblem(CodeAuthNTLMRefused, err, i18n.M("seen.auth.challenge-unanswerable",
		s.signInData(scheme), i18n.Data{"Error": quotable(err.Error())}))
}

// kerberosOnlyHint explains a Windows sign-in without NTLM: Negotiate
// offered with no NTLM beside it is Kerberos only.
func kerberosOnlyHint(scheme string, offered []challenge) i18n.Msg {
	if strings.EqualFold(scheme, schemeNegotiate) || !offers(offered, schemeNTLM) && offers(offered, schemeNegotiate) {
		return i18n.M("seen.auth.kerberos-only")
	}
	return i18n.Msg{}
}

// describeNotNTLM names a Negotiate token that is not NTLMSSP, without
// ever printing the token.
func describeNotNTLM(token []byte) i18n.Msg {
	switch {
	case bytes.Contains(token, []byte(ntlmSignature)):
		return i18n.M("seen.auth.challenge-in-spnego")
	case len(token) > 0 && (token[0] == 0x60 || token[0] == 0xa1):
		return i18n.M("seen.auth.kerberos-token")
	}
	return i18n.M("seen.auth.not-a-challenge")
}

// connectionLost is auth-connection-lost: the handshake's connection was
// closed or replaced between the legs (how says which), so the server
// never evaluated the AUTHENTICATE message. r is the last answer seen; its
// front end is named, for the load balancer's administrator.
func (s *Session) connectionLost(scheme string, r *ewsReply, how i18n.Msg) *Problem {
	var frontEnd i18n.Msg
	if fe := Sanitize(r.header.Get("X-FEServer")); fe != "" {
		frontEnd = i18n.M("seen.auth.front-end", i18n.Data{"FrontEnd": fe})
	}
	return NewProblem(CodeAuthConnectionLost, nil, Seen(
		i18n.M("seen.auth.sign-in-lost", s.signInData(scheme), i18n.Data{"How": how}),
		frontEnd,
		i18n.M("seen.auth.password-never-checked")))
}

// lostBetweenLegs is auth-connection-lost for an AUTHENTICATE refused with
// r (a 401) after legsSplit saw the legs part: on another connection or at
// another server the password was never checked. A proxy seen on the way
// is only likely to be the cause, and the Detail says so, since it passes
// a wrong password's refusal through the same way.
func (s *Session) lostBetweenLegs(scheme string, r *ewsReply) *Problem {
	refused := i18n.M("seen.auth.authenticate-refused", statusData(r, s.signInData(scheme)))
	seen := Seen(r.legs.evidence...)
	if r.legs.certain {
		return NewProblem(CodeAuthConnectionLost, nil, Seen(refused, seen, i18n.M("seen.auth.password-never-checked")))
	}
	return NewProblem(CodeAuthConnectionLost, nil, Seen(refused,
		i18n.M("seen.auth.proxy-in-the-way", i18n.Data{"Seen": seen}),
		i18n.M("seen.auth.proxy-may-lose-challenge")))
}
