package exchange

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"unicode/utf16"

	"github.com/Azure/go-ntlmssp"

	"ewsconnect/i18n"
)

// MS-NLMP constants this file reads.
const (
	avNbDomainName = 0x0002
	flagUnicode    = 0x00000001
)

// ntlmSignature starts every NTLMSSP message.
const ntlmSignature = "NTLMSSP\x00"

// ntlmPending is a CHALLENGE waiting for its AUTHENTICATE: the message,
// the answer that carried it, and the leg (the connection) it came on,
// which the AUTHENTICATE must take too.
type ntlmPending struct {
	scheme    string // NTLM, or Negotiate carrying NTLM
	challenge []byte
	reply     *ewsReply
	leg       *ntlmLeg
}

// negotiateHeader is the Authorization header that starts an NTLM
// handshake under scheme. The NEGOTIATE message names no user, domain or
// workstation: it carries nothing secret.
func negotiateHeader(scheme string) (string, error) {
	negotiate, err := ntlmssp.NewNegotiateMessage("", "")
	if err != nil {
		return "", err
	}
	return scheme + " " + base64.StdEncoding.EncodeToString(negotiate), nil
}

// ntlmHandshake signs in with NTLM, sent under scheme ("NTLM", or
// "Negotiate" carrying a raw NTLM token, which IIS accepts) and returns the
// answer to body: NEGOTIATE with an empty POST, the 401 CHALLENGE
// (drained), then AUTHENTICATE with the request itself, on one keep-alive
// connection. bind puts the channel binding into the AUTHENTICATE. A
// rejected login is a plain 401 answer, not an error; the answer's legs
// say when the AUTHENTICATE left on another connection, or reached another
// server, than the CHALLENGE.
func (s *Session) ntlmHandshake(ctx context.Context, scheme string, body []byte, bind bool) (*ewsReply, error) {
	pending, err := s.ntlmNegotiate(ctx, scheme)
	if err != nil {
		return nil, err
	}
	return s.ntlmAuthenticate(ctx, pending, body, bind)
}

// ntlmNegotiate sends the NEGOTIATE message with an empty POST and returns
// the CHALLENGE of its 401. Whatever else comes is a *Problem that says the
// password was never sent.
func (s *Session) ntlmNegotiate(ctx context.Context, scheme string) (*ntlmPending, error) {
	header, err := negotiateHeader(scheme)
	if err != nil {
		return nil, err
	}
	leg := &ntlmLeg{}
	req := s.newRequest(leg.traced(ctx), http.MethodPost, nil)
	req.Header.Set("Authorization", header)
	first, err := s.do(req)
	if err != nil {
		return nil, err
	}
	switch {
	case first.status == http.StatusForbidden:
		return nil, forbidden(first, i18n.M("seen.auth.to-negotiate"))
	case first.status != http.StatusUnauthorized:
		return nil, NewProblem(CodeServerError, nil, i18n.M("seen.auth.negotiate-unexpected", statusData(first)))
	}
	chal, instead, err := ntlmChallengeIn(first, scheme)
	switch {
	case err != nil:
		return nil, NewProblem(CodeServerError, err, i18n.M("seen.auth.challenge-not-base64"))
	case chal == nil:
		// NTLM restricted by policy, or Kerberos only: no CHALLENGE comes.
		return nil, s.ntlmRefused(scheme, first, instead)
	}
	return &ntlmPending{scheme: scheme, challenge: chal, reply: first, leg: leg}, nil
}

// ntlmChallengeIn is the NTLM CHALLENGE message that the 401 r carries
// under scheme. When there is none, instead says what came (for
// ntlmRefused); err is a token that is not base64.
func ntlmChallengeIn(r *ewsReply, scheme string) (chal []byte, instead i18n.Msg, err error) {
	token := tokenFor(parseChallenges(r.header.Values("WWW-Authenticate")), scheme)
	if token == "" {
		return nil, i18n.M("seen.auth.without-challenge"), nil
	}
	chal, err = base64.StdEncoding.DecodeString(token)
	if err != nil {
		return nil, i18n.Msg{}, err
	}
	if !bytes.HasPrefix(chal, []byte(ntlmSignature)) {
		return nil, describeNotNTLM(chal), nil
	}
	return chal, i18n.Msg{}, nil
}

// ntlmAuthenticate answers a CHALLENGE with the AUTHENTICATE message,
// carrying body, on the CHALLENGE's connection. A rejected login is a plain
// 401 answer, not an error; the answer's legs say when the AUTHENTICATE
// left on another connection, or reached another server, than the
// CHALLENGE came from.
// A connection that closed with the CHALLENGE is a *Problem: the password
// is not sent in vain (nor counted against the lockout threshold).
func (s *Session) ntlmAuthenticate(ctx context.Context, p *ntlmPending, body []byte, bind bool) (*ewsReply, error) {
	if domain := challengeDomain(p.challenge); domain != "" {
		s.updateServer(func(info *ServerInfo) { info.NetBIOSDomain = Sanitize(domain) })
	}
	if p.leg.closedWithAnswer() && !p.reply.truncated {
		// The AUTHENTICATE could only go out on a new connection, where
		// the server has no CHALLENGE to check it against.
		return nil, s.connectionLost(p.scheme, p.reply, i18n.M("seen.auth.closed-after-challenge"))
	}
	if p.reply.tls == nil || len(p.reply.tls.PeerCertificates) == 0 {
		return nil, NewProblem(CodeTLSFailed, nil, i18n.M("seen.auth.no-certificate-to-bind"))
	}
	authenticate, err := s.authenticateMessage(p.scheme, p.challenge, p.reply.tls.PeerCertificates[0], bind)
	if err != nil {
		return nil, err
	}

	var authenticateLeg ntlmLeg
	req := s.newRequest(authenticateLeg.traced(ctx), http.MethodPost, body)
	req.Header.Set("Authorization", p.scheme+" "+base64.StdEncoding.EncodeToString(authenticate))
	final, err := s.do(req)
	if err != nil {
		return nil, err
	}
	final.legs = legsSplit(p.leg, &authenticateLeg, p.reply, final)
	return final, nil
}

// authenticateMessage builds the AUTHENTICATE message for the login; with
// bind, bound to the TLS certificate of the connection that carries it.
func (s *Session) authenticateMessage(scheme string, chal []byte, leaf *x509.Certificate, bind bool) ([]byte, error) {
	challenge := chal
	if bind {
		bound, err := withChannelBinding(chal, channelBindingHash(leaf))
		if err != nil {
			return nil, NewProblem(CodeServerError, err, i18n.M("seen.auth.challenge-malformed"))
		}
		challenge = bound
	}
	// go-ntlmssp splits DOMAIN\user itself and passes a UPN whole with an
	// empty domain.
	msg, err := ntlmssp.NewAuthenticateMessage(challenge, s.creds.LoginName(), s.password(), nil)
	if err != nil {
		// The CHALLENGE parsed above, so what remains are the flags it
		// refuses (LM key, key exchange); its errors never hold the password.
		return nil, s.ntlmUnanswerable(scheme, err)
	}
	return msg, nil
}

// challengeDomain is the server's NetBIOS domain from a CHALLENGE message:
// MsvAvNbDomainName, else the TargetName. Malformed input gives "".
func challengeDomain(chal []byte) string {
	if len(chal) < challengeHeaderLen || string(chal[:8]) != ntlmSignature {
		return ""
	}
	flags := binary.LittleEndian.Uint32(chal[20:])
	if ti := securityBuffer(chal, targetInfoField); ti != nil {
		if pairs, err := parseAVPairs(ti); err == nil {
			for _, p := range pairs {
				if p.id == avNbDomainName {
					return decodeUTF16LE(p.value)
				}
			}
		}
	}
	name := securityBuffer(chal, 12)
	if flags&flagUnicode != 0 {
		return decodeUTF16LE(name)
	}
	return string(name)
}

// securityBuffer reads the buffer whose (length, max, offset) starts at
// field, or nil if it lies outside msg.
func securityBuffer(msg []byte, field int) []byte {
	if len(msg) < field+8 {
		return nil
	}
	n := int(binary.LittleEndian.Uint16(msg[field:]))
	off := int(binary.LittleEndian.Uint32(msg[field+4:]))
	if n == 0 || off < 0 || off+n > len(msg) {
		return nil
	}
	return msg[off : off+n]
}

func decodeUTF16LE(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}
