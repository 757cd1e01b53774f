package exchange

import (
	"bytes"
	"crypto/x509"
	"errors"
	"strconv"
	"strings"
)

// explainUnknownAuthority says why no chain reached a trusted root, with no
// more than the evidence shows: a "missing intermediate" is only offered
// as a cause when the server did not send the issuer and x509 found no
// certificate of that name anywhere. (An issuer outside its validity
// period comes as x509.CertificateInvalidError, not here.)
func explainUnknownAuthority(leaf *x509.Certificate, sent []*x509.Certificate, unknown x509.UnknownAuthorityError, err error) *Problem {
	stuck := unknown.Cert // the last certificate whose issuer was looked for
	if stuck == nil {
		stuck = leaf
	}
	issuer := displayName(stuck.Issuer.String())

	if hint, ok := issuerHint(err); ok {
		reason := strings.TrimPrefix(hint.reason, "x509: ")
		return NewProblemf(CodeTLSUntrusted, err, "the issuer %s was found (%q) but cannot vouch for the certificate: %s", issuer, hint.candidate, rejectionInWords(reason))
	}
	switch {
	case !stuck.Equal(leaf) && isSelfSigned(stuck):
		return NewProblemf(CodeTLSUntrusted, err, "the chain the server sent ends at the root %s, which this computer does not trust", displayName(stuck.Subject.String()))
	case !stuck.Equal(leaf):
		return NewProblemf(CodeTLSUntrusted, err, "the chain the server sent ends at %s, issued by %s, which this computer does not trust", displayName(stuck.Subject.String()), issuer)
	case len(sent) > 0:
		var names []string
		for _, c := range sent {
			names = append(names, displayName(c.Subject.String()))
		}
		return NewProblemf(CodeTLSUntrusted, err, "the certificate was issued by %s, which this computer does not trust, and did not come from the certificates the server sent with it (%s)", issuer, listNames(names, 3))
	}
	return NewProblemf(CodeTLSUntrusted, err, "the certificate was issued by %s, which this computer does not trust (the server sent no certificate for it: a CA unknown here, such as a company CA, or an intermediate the server should send)", issuer)
}

// rejectionInWords explains the usual reasons x509 gives for not using an
// issuer it found; others are repeated as they are.
func rejectionInWords(reason string) string {
	switch {
	case strings.Contains(reason, "verification failure"), strings.Contains(reason, "verification error"):
		return "its key did not sign this certificate (a CA of the same name with another key)"
	case strings.Contains(reason, "parent certificate cannot sign"):
		return "it is not a CA certificate"
	}
	return reason
}

// isSelfSigned reports a certificate that names itself as its issuer and
// carries a valid signature of its own key. CheckSignatureFrom would insist
// on a CA; a self-signed server certificate usually is not one.
func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// displayName is a distinguished name for evidence, never empty.
func displayName(dn string) string {
	if dn == "" {
		return "(empty)"
	}
	return dn
}

// authorityHint is what crypto/x509 says about an issuer it found (by
// name, among the trusted roots or the certificates the server sent) but
// could not use.
type authorityHint struct {
	reason    string // e.g. "x509: cannot verify signature: insecure algorithm SHA1-RSA"
	candidate string // the issuer as x509 names it: its CN, else O, else serial
}

// issuerHint reads the hint of an UnknownAuthorityError. x509 keeps it in
// unexported fields and shows it only in Error(): "x509: certificate signed
// by unknown authority (possibly because of "REASON" while trying to verify
// candidate authority certificate "NAME")". No hint means that no
// certificate of the issuer's name was found at all.
func issuerHint(err error) (authorityHint, bool) {
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		return authorityHint{}, false
	}
	return parseAuthorityHint(unknown.Error())
}

// parseAuthorityHint is issuerHint's parser of the message text.
func parseAuthorityHint(msg string) (authorityHint, bool) {
	const intro, between = "(possibly because of ", " while trying to verify candidate authority certificate "
	_, rest, found := strings.Cut(msg, intro)
	if !found {
		return authorityHint{}, false
	}
	reason, rest, ok := unquotePrefix(rest)
	if !ok {
		return authorityHint{}, false
	}
	rest, found = strings.CutPrefix(rest, between)
	if !found {
		return authorityHint{}, false
	}
	candidate, _, ok := unquotePrefix(rest)
	if !ok {
		return authorityHint{}, false
	}
	return authorityHint{reason: reason, candidate: candidate}, true
}

// unquotePrefix reads one Go-quoted string at the start of s.
func unquotePrefix(s string) (value, rest string, ok bool) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", s, false
	}
	value, err = strconv.Unquote(q)
	return value, s[len(q):], err == nil
}
