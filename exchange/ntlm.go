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
)

// MS-NLMP constants this file reads.
const (
	avNbDomainName = 0x0002
	flagUnicode    = 0x00000001
)

// ntlmSignature starts every NTLMSSP message.
const ntlmSignature = "NTLMSSP\x00"

// ntlmHandshake signs in with NTLM, sent under scheme ("NTLM", or
// "Negotiate" carrying a raw NTLM token, which IIS accepts) and returns the
// answer to body. The three legs travel on one keep-alive connection:
// NEGOTIATE with an empty POST, the 401 CHALLENGE (drained), then
// AUTHENTICATE with the request itself. A rejected login is a plain 401
// answer, not an error; the answer's legs say when the AUTHENTICATE left
// on another connection, or reached another server, than the CHALLENGE.
// Whatever ends the handshake before the server could check the password
// is a *Problem that says so.
func (s *Session) ntlmHandshake(ctx context.Context, scheme string, body []byte) (*ewsReply, error) {
	negotiate, err := ntlmssp.NewNegotiateMessage("", "")
	if err != nil {
		return nil, err
	}
	var challengeLeg, authenticateLeg ntlmLeg
	req := s.newRequest(challengeLeg.traced(ctx), http.MethodPost, nil)
	req.Header.Set("Authorization", scheme+" "+base64.StdEncoding.EncodeToString(negotiate))
	first, err := s.do(req)
	if err != nil {
		return nil, err
	}
	switch {
	case first.status == http.StatusForbidden:
		return nil, forbidden(first, "to the NTLM NEGOTIATE message, before any password was sent")
	case first.status != http.StatusUnauthorized:
		return nil, NewProblem(CodeServerError, nil, "HTTP %s to the NTLM NEGOTIATE message; a 401 with a CHALLENGE was expected", first.statusLine)
	}
	token := tokenFor(parseChallenges(first.header.Values("WWW-Authenticate")), scheme)
	if token == "" {
		// NTLM restricted by policy, or Kerberos only: no CHALLENGE comes.
		return nil, s.ntlmRefused(scheme, first, "without a CHALLENGE")
	}
	chal, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return nil, NewProblem(CodeServerError, err, "the server's NTLM CHALLENGE is not base64")
	}
	if !bytes.HasPrefix(chal, []byte(ntlmSignature)) {
		return nil, s.ntlmRefused(scheme, first, describeNotNTLM(chal))
	}
	if domain := challengeDomain(chal); domain != "" {
		s.updateServer(func(info *ServerInfo) { info.NetBIOSDomain = Sanitize(domain) })
	}
	if challengeLeg.closedWithAnswer() && !first.truncated {
		// The AUTHENTICATE could only go out on a new connection, where
		// the server has no CHALLENGE to check it against; the password is
		// not sent in vain (nor counted against the lockout threshold).
		return nil, s.connectionLost(scheme, first,
			"the connection closed right after the server's CHALLENGE (Connection: close, or dropped by a load balancer or proxy), so the AUTHENTICATE could not follow on it")
	}
	if first.tls == nil || len(first.tls.PeerCertificates) == 0 {
		return nil, NewProblem(CodeTLSFailed, nil, "no server certificate to bind the sign-in to")
	}
	authenticate, err := s.authenticateMessage(scheme, chal, first.tls.PeerCertificates[0])
	if err != nil {
		return nil, err
	}

	req = s.newRequest(authenticateLeg.traced(ctx), http.MethodPost, body)
	req.Header.Set("Authorization", scheme+" "+base64.StdEncoding.EncodeToString(authenticate))
	final, err := s.do(req)
	if err != nil {
		return nil, err
	}
	final.legs = legsSplit(&challengeLeg, &authenticateLeg, first, final)
	return final, nil
}

// authenticateMessage builds the AUTHENTICATE message for the login,
// bound to the TLS certificate of the connection that carries it.
func (s *Session) authenticateMessage(scheme string, chal []byte, leaf *x509.Certificate) ([]byte, error) {
	bound, err := withChannelBinding(chal, channelBindingHash(leaf))
	if err != nil {
		return nil, NewProblem(CodeServerError, err, "the server's NTLM CHALLENGE message is malformed")
	}
	// go-ntlmssp splits DOMAIN\user itself and passes a UPN whole with an
	// empty domain.
	msg, err := ntlmssp.NewAuthenticateMessage(bound, s.creds.LoginName(), s.password(), nil)
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
