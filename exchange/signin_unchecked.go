package exchange

import (
	"bytes"
	"strings"
)

// The sign-ins that ended before the server checked the password. The
// server never issued an NTLM CHALLENGE this client can answer
// (auth-ntlm-refused), or the handshake lost its connection between the
// legs (auth-connection-lost). Neither says anything about the password,
// so neither may send the user back to retype it (field server).

// ntlmRefused is auth-ntlm-refused for the answer r to our NEGOTIATE
// message; answered says what came instead of a CHALLENGE.
func (s *Session) ntlmRefused(scheme string, r *ewsReply, answered string) *Problem {
	cs := parseChallenges(r.header.Values("WWW-Authenticate"))
	offered := "nothing"
	if len(cs) > 0 {
		offered = strings.Join(schemeNames(cs), ", ")
	}
	return NewProblemf(CodeAuthNTLMRefused, nil, "%s", joinEvidence(
		scheme+" sign-in as "+s.creds.LoginName()+": the server answered the NEGOTIATE message with HTTP "+r.statusLine+" "+answered,
		"offered: "+offered+kerberosOnlyHint(scheme, cs),
		"the password was never sent",
		serverSaid("x-ms-diagnostics", diagnosticsHeader(r.header))))
}

// ntlmUnanswerable is auth-ntlm-refused for a CHALLENGE that asks for what
// this client refuses to do (NTLMv1's LM key, key exchange): go-ntlmssp
// stops before the password is used.
func (s *Session) ntlmUnanswerable(scheme string, err error) *Problem {
	return NewProblemf(CodeAuthNTLMRefused, err, "%s sign-in as %s: the server's CHALLENGE asks for something this client does not do (%v); it speaks NTLMv2 only, so the password was never sent",
		scheme, s.creds.LoginName(), err)
}

// kerberosOnlyHint explains a Windows sign-in without NTLM: Negotiate
// offered with no NTLM beside it is Kerberos only.
func kerberosOnlyHint(scheme string, offered []challenge) string {
	if strings.EqualFold(scheme, schemeNegotiate) || !offers(offered, schemeNTLM) && offers(offered, schemeNegotiate) {
		return " (Negotiate without an NTLM answer: the server may accept only Kerberos)"
	}
	return ""
}

// describeNotNTLM names a Negotiate token that is not NTLMSSP, without
// ever printing the token.
func describeNotNTLM(token []byte) string {
	switch {
	case bytes.Contains(token, []byte(ntlmSignature)):
		return "with an NTLM CHALLENGE wrapped in SPNEGO, which this client does not unwrap"
	case len(token) > 0 && (token[0] == 0x60 || token[0] == 0xa1):
		return "with a Kerberos (SPNEGO) token instead of an NTLM CHALLENGE"
	}
	return "with a token that is not an NTLM CHALLENGE"
}

// connectionLost is auth-connection-lost: the handshake's connection was
// closed or replaced between the legs (how says which), so the server
// never evaluated the AUTHENTICATE message. r is the last answer seen; its
// front end is named, for the load balancer's administrator.
func (s *Session) connectionLost(scheme string, r *ewsReply, how string) *Problem {
	var frontEnd string
	if fe := Sanitize(r.header.Get("X-FEServer")); fe != "" {
		frontEnd = "front end " + fe
	}
	return NewProblemf(CodeAuthConnectionLost, nil, "%s", joinEvidence(
		scheme+" sign-in as "+s.creds.LoginName()+": "+how,
		frontEnd,
		"the password was never checked"))
}

// lostBetweenLegs is auth-connection-lost for an AUTHENTICATE refused with
// r (a 401) after legsSplit saw the legs part: on another connection or at
// another server the password was never checked. A proxy seen on the way
// is only likely to be the cause, and the Detail says so, since it passes
// a wrong password's refusal through the same way.
func (s *Session) lostBetweenLegs(scheme string, r *ewsReply) *Problem {
	refused := scheme + " sign-in as " + s.creds.LoginName() + ": the AUTHENTICATE was refused (HTTP " + r.statusLine + ")"
	seen := strings.Join(r.legs.evidence, "; ")
	if r.legs.certain {
		return NewProblemf(CodeAuthConnectionLost, nil, "%s", joinEvidence(refused, seen, "the password was never checked"))
	}
	return NewProblemf(CodeAuthConnectionLost, nil, "%s", joinEvidence(refused,
		"a proxy is in the way ("+seen+")",
		"one that does not keep each client connection on one server connection loses the CHALLENGE; if it does, the password was wrong"))
}
