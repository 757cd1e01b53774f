package exchange

import (
	"crypto"
	"crypto/md5"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"errors"
	"fmt"

	"ewsconnect/i18n"

	_ "crypto/sha512" // the tls-server-end-point hashes
)

// avChannelBindings is MsvAvChannelBindings in [MS-NLMP] 2.2.2.1.
const avChannelBindings = 0x000A

// channelBindingHash is the MsvAvChannelBindings value for a TLS connection
// whose server presented leaf: the MD5 of the gss_channel_bindings_struct
// (initiator and acceptor address type and length, all zero, then the
// application data's length and the data) carrying
// "tls-server-end-point:" + H(leaf DER). Servers with Extended Protection
// (Exchange 2019 CU14+, Exchange SE) refuse NTLM without it.
func channelBindingHash(leaf *x509.Certificate) [16]byte {
	appData := append([]byte("tls-server-end-point:"), endPointHash(leaf)...)
	gss := make([]byte, 16, 20+len(appData))
	gss = binary.LittleEndian.AppendUint32(gss, uint32(len(appData)))
	gss = append(gss, appData...)
	return md5.Sum(gss)
}

// endPointHash hashes the certificate as RFC 5929 §4.1 says: with its
// signature's hash when that is SHA-384 or SHA-512, else (MD5, SHA-1,
// SHA-256, or anything else) with SHA-256.
func endPointHash(leaf *x509.Certificate) []byte {
	h := crypto.SHA256
	switch leaf.SignatureAlgorithm {
	case x509.SHA384WithRSA, x509.ECDSAWithSHA384, x509.SHA384WithRSAPSS:
		h = crypto.SHA384
	case x509.SHA512WithRSA, x509.ECDSAWithSHA512, x509.SHA512WithRSAPSS:
		h = crypto.SHA512
	}
	d := h.New()
	d.Write(leaf.Raw)
	return d.Sum(nil)
}

// CHALLENGE message layout ([MS-NLMP] 2.2.1.2): the TargetInfo security
// buffer (length, max length, offset) starts at byte 40 of a 48-byte
// header.
const (
	challengeHeaderLen = 48
	targetInfoField    = 40
)

var errBadChallenge = errors.New("malformed NTLM CHALLENGE message")

// withChannelBinding returns a copy of the server's CHALLENGE message whose
// TargetInfo also carries MsvAvChannelBindings = cbt. go-ntlmssp copies
// TargetInfo into the NTLMv2 blob it signs, so this is how the binding gets
// into the AUTHENTICATE message (go-ntlmssp has no option for it, upstream
// issue #51). TargetInfo is rewritten as the last thing in the payload:
// replaced in place when it already was last (as Windows sends it), else
// appended, leaving the other buffers' offsets untouched.
func withChannelBinding(chal []byte, cbt [16]byte) ([]byte, error) {
	if len(chal) < challengeHeaderLen || string(chal[:8]) != "NTLMSSP\x00" || binary.LittleEndian.Uint32(chal[8:]) != 2 {
		return nil, errBadChallenge
	}
	tiLen := int(binary.LittleEndian.Uint16(chal[targetInfoField:]))
	tiOff := int(binary.LittleEndian.Uint32(chal[targetInfoField+4:]))
	var ti []byte
	if tiLen > 0 {
		if tiOff < challengeHeaderLen || tiOff+tiLen > len(chal) {
			return nil, errBadChallenge
		}
		ti = chal[tiOff : tiOff+tiLen]
	}
	pairs, err := parseAVPairs(ti)
	if err != nil {
		return nil, err
	}

	var newTI []byte
	for _, p := range pairs {
		if p.id == avChannelBindings {
			continue // replaced below
		}
		newTI = appendAVPair(newTI, p.id, p.value)
	}
	newTI = appendAVPair(newTI, avChannelBindings, cbt[:])
	newTI = appendAVPair(newTI, 0, nil) // MsvAvEOL
	if len(newTI) > 0xFFFF {
		return nil, errBadChallenge
	}

	base := chal
	if tiLen > 0 && tiOff+tiLen == len(chal) {
		base = chal[:tiOff]
	}
	out := make([]byte, 0, len(base)+len(newTI))
	out = append(out, base...)
	newOff := len(out)
	out = append(out, newTI...)
	binary.LittleEndian.PutUint16(out[targetInfoField:], uint16(len(newTI)))
	binary.LittleEndian.PutUint16(out[targetInfoField+2:], uint16(len(newTI)))
	binary.LittleEndian.PutUint32(out[targetInfoField+4:], uint32(newOff))
	return out, nil
}

// avPair is one AV_PAIR of a TargetInfo.
type avPair struct {
	id    uint16
	value []byte
}

// parseAVPairs reads AV pairs up to MsvAvEOL (which it drops), checking
// every length against the buffer.
func parseAVPairs(b []byte) ([]avPair, error) {
	var pairs []avPair
	for len(b) > 0 {
		if len(b) < 4 {
			return nil, errBadChallenge
		}
		id := binary.LittleEndian.Uint16(b)
		n := int(binary.LittleEndian.Uint16(b[2:]))
		if id == 0 {
			return pairs, nil
		}
		if len(b) < 4+n {
			return nil, errBadChallenge
		}
		pairs = append(pairs, avPair{id: id, value: b[4 : 4+n]})
		b = b[4+n:]
	}
	return pairs, nil // no EOL: tolerated, one is added
}

func appendAVPair(b []byte, id uint16, value []byte) []byte {
	b = binary.LittleEndian.AppendUint16(b, id)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(value)))
	return append(b, value...)
}

// channelBindingRefused is auth-channel-binding, as the sign-in's warning:
// the server refused the AUTHENTICATE bound to the certificate of bound's
// connection and took one without a binding. The certificate comes first
// in the Detail (which is cut at 400 characters): IT compares it with the
// one the server holds.
func (s *Session) channelBindingRefused(scheme string, bound *ewsReply) *Problem {
	saw := i18n.M("seen.tls.binding-no-certificate")
	if bound.tls != nil && len(bound.tls.PeerCertificates) > 0 {
		saw = i18n.M("seen.tls.binding-certificate", i18n.Data{"Certificate": describeCertificate(bound.tls.PeerCertificates[0])})
	}
	return NewProblem(CodeAuthChannelBinding, nil, Seen(saw,
		i18n.M("seen.tls.binding-refused", i18n.Data{"Scheme": scheme, "Login": s.creds.LoginName()})))
}

// describeCertificate names a certificate for comparison with the one a
// server holds: subject, issuer and SHA-256 fingerprint.
func describeCertificate(c *x509.Certificate) i18n.Msg {
	return i18n.M("seen.tls.certificate", i18n.Data{
		"Subject": nameOf(c.Subject), "Issuer": nameOf(c.Issuer), "SHA256": fmt.Sprintf("%X", sha256.Sum256(c.Raw))})
}

// nameOf is a distinguished name's common name, else the whole name.
func nameOf(n pkix.Name) string {
	if n.CommonName != "" {
		return n.CommonName
	}
	return n.String()
}
