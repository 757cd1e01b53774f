package exchange

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"slices"
	"strings"

	"ewsconnect/i18n"
)

// The smallest keys still trusted: public CAs stopped issuing smaller ones
// years ago (CA/Browser Forum Baseline Requirements §6.1.5).
const (
	minRSABits   = 2048
	minECDSABits = 256
)

// checkStrength reports the certificates of path (the leaf first, as
// reliedOn gives them) that use cryptography no current client trusts: a
// signature made with a broken hash, or a key too small. Trusting the CA
// cannot fix either, which is why this is tls-weak-certificate and not
// tls-untrusted.
func checkStrength(path []*x509.Certificate) *Problem {
	var found []i18n.Msg
	for i, c := range path {
		weakness := certWeaknesses(c)
		if weakness.IsZero() {
			continue
		}
		if i == 0 {
			found = append(found, i18n.M("seen.tls.weak-certificate", i18n.Data{"Weakness": weakness}))
		} else {
			found = append(found, i18n.M("seen.tls.weak-intermediate", i18n.Data{"Subject": c.Subject.String(), "Weakness": weakness}))
		}
	}
	if len(found) == 0 {
		return nil
	}
	return NewProblem(CodeTLSWeakCert, nil, Seen(found...))
}

// certWeaknesses says what is weak about c: "is signed with SHA-1
// (SHA1-RSA)", "has an RSA key of 1024 bits", or both; nothing when
// nothing is. The signature of a self-signed certificate is never checked
// by anyone, so only its key counts.
func certWeaknesses(c *x509.Certificate) i18n.Msg {
	var signature, key i18n.Msg
	if hash := brokenSignatureHash(c.SignatureAlgorithm); hash != "" && !bytes.Equal(c.RawIssuer, c.RawSubject) {
		signature = i18n.M("seen.tls.weak-signature", i18n.Data{"Hash": hash, "Algorithm": c.SignatureAlgorithm.String()})
	}
	switch pub := c.PublicKey.(type) {
	case *rsa.PublicKey:
		if bits := pub.N.BitLen(); bits < minRSABits {
			key = i18n.M("seen.tls.weak-key", i18n.Data{"Type": "RSA", "Bits": bits})
		}
	case *ecdsa.PublicKey:
		if bits := pub.Curve.Params().BitSize; bits < minECDSABits {
			key = i18n.M("seen.tls.weak-key", i18n.Data{"Type": "ECDSA", "Bits": bits})
		}
	}
	if signature.IsZero() || key.IsZero() {
		return i18n.Join("", signature, key)
	}
	return i18n.M("seen.tls.weak-both", i18n.Data{"Signature": signature, "Key": key})
}

// reliedOn is what a client relies on besides its own roots: the leaf and
// the intermediates of a verified chain (the first with no weakness, if
// any), or, when none verified, the leaf and the certificates the server
// sent above it, following issuer names. Extra certificates a server sends
// that no path uses, and roots, whose signatures nobody checks, are left
// out.
func reliedOn(leaf *x509.Certificate, sent []*x509.Certificate, verified [][]*x509.Certificate) []*x509.Certificate {
	withoutRoot := func(chain []*x509.Certificate) []*x509.Certificate {
		return chain[:max(1, len(chain)-1)] // a leaf trusted itself is its own root
	}
	for _, chain := range verified {
		if checkStrength(withoutRoot(chain)) == nil {
			return withoutRoot(chain)
		}
	}
	if len(verified) > 0 {
		return withoutRoot(verified[0])
	}
	path := []*x509.Certificate{leaf}
	for cur := leaf; ; {
		next := sentIssuer(cur, sent, path)
		if next == nil || bytes.Equal(next.RawIssuer, next.RawSubject) {
			return path
		}
		path = append(path, next)
		cur = next
	}
}

// sentIssuer is the first certificate in sent named as c's issuer that is
// not yet on path.
func sentIssuer(c *x509.Certificate, sent, path []*x509.Certificate) *x509.Certificate {
	for _, s := range sent {
		if bytes.Equal(s.RawSubject, c.RawIssuer) && !slices.ContainsFunc(path, s.Equal) {
			return s
		}
	}
	return nil
}

// brokenSignatureHash names the hash of a signature algorithm that
// crypto/x509 refuses in a chain (it returns InsecureAlgorithmError for MD5
// and SHA-1, and cannot check MD2 at all), or "".
func brokenSignatureHash(alg x509.SignatureAlgorithm) string {
	switch alg {
	case x509.MD2WithRSA:
		return "MD2"
	case x509.MD5WithRSA:
		return "MD5"
	case x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1:
		return "SHA-1"
	}
	return ""
}

// rejectedAsInsecure reports a chain that failed because a signature used
// a broken hash. crypto/x509 keeps the InsecureAlgorithmError of an issuer
// it found but could not use only in UnknownAuthorityError's text.
func rejectedAsInsecure(err error) bool {
	var insecure x509.InsecureAlgorithmError
	if errors.As(err, &insecure) {
		return true
	}
	hint, ok := issuerHint(err)
	return ok && strings.Contains(hint.reason, "insecure algorithm")
}
