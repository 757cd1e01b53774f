package ntlmaccept

import (
	"crypto"
	"crypto/md5"
	"crypto/x509"
	"encoding/binary"
)

// ChannelBindingHash is the value a client puts in MsvAvChannelBindings for
// a TLS connection whose server presented cert: the MD5 of the
// gss_channel_bindings_struct (four zero address fields, then the
// application data length and the data) whose application data is
// "tls-server-end-point:" followed by the hash of the certificate's DER
// (RFC 5929 §4.1: SHA-256, unless the certificate is signed with SHA-384 or
// SHA-512, in which case that hash).
//
// The client in package exchange computes the same value on its own, on
// purpose: an acceptor that shared the client's code would accept the
// client's mistakes, and only a real server would notice.
func ChannelBindingHash(cert *x509.Certificate) [16]byte {
	appData := append([]byte("tls-server-end-point:"), endPointHash(cert)...)
	var gss []byte
	gss = append(gss, make([]byte, 16)...) // initiator and acceptor addrtype + length
	gss = binary.LittleEndian.AppendUint32(gss, uint32(len(appData)))
	gss = append(gss, appData...)
	return md5.Sum(gss)
}

// endPointHash hashes the certificate as RFC 5929 §4.1 asks.
func endPointHash(cert *x509.Certificate) []byte {
	h := crypto.SHA256
	switch cert.SignatureAlgorithm {
	case x509.SHA384WithRSA, x509.ECDSAWithSHA384, x509.SHA384WithRSAPSS:
		h = crypto.SHA384
	case x509.SHA512WithRSA, x509.ECDSAWithSHA512, x509.SHA512WithRSAPSS:
		h = crypto.SHA512
	}
	d := h.New()
	d.Write(cert.Raw)
	return d.Sum(nil)
}
