package exchange

import (
	"bytes"
	"crypto/x509"
	"errors"
	"strconv"
	"strings"

	"ewsconnect/i18n"
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
		return NewProblem(CodeTLSUntrusted, err, rejectionInWords(reason).in("seen.tls.issuer-rejected",
			i18n.Data{"Issuer": issuer, "Candidate": strconv.Quote(hint.candidate)}))
	}
	switch {
	case !stuck.Equal(leaf) && isSelfSigned(stuck):
		return NewProblem(CodeTLSUntrusted, err, i18n.M("seen.tls.chain-ends-at-root", i18n.Data{"Root": displayName(stuck.Subject.String())}))
	case !stuck.Equal(leaf):
		return NewProblem(CodeTLSUntrusted, err, i18n.M("seen.tls.chain-ends-at", i18n.Data{"Subject": displayName(stuck.Subject.String()), "Issuer": issuer}))
	case len(sent) > 0:
		var names []i18n.Msg
		for _, c := range sent {
			names = append(names, displayName(c.Subject.String()))
		}
		return NewProblem(CodeTLSUntrusted, err, i18n.M("seen.tls.issuer-not-sent", i18n.Data{"Issuer": issuer, "Sent": listMsgs(names, 3)}))
	}
	return NewProblem(CodeTLSUntrusted, err, i18n.M("seen.tls.issuer-unknown", i18n.Data{"Issuer": issuer}))
}

// rejectionInWords explains the usual reasons x509 gives for not using an
// issuer it found; others are quoted as they are.
func rejectionInWords(why string) tlsReason {
	switch {
	case strings.Contains(why, "verification failure"), strings.Contains(why, "verification error"):
		return tlsWords(i18n.M("seen.tls.reason-other-key"))
	case strings.Contains(why, "parent certificate cannot sign"):
		return tlsWords(i18n.M("seen.tls.reason-not-ca"))
	}
	return tlsSaid(why)
}

// isSelfSigned reports a certificate that names itself as its issuer and
// carries a valid signature of its own key. CheckSignatureFrom would insist
// on a CA; a self-signed server certificate usually is not one.
func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// displayName is a distinguished name for evidence, never empty.
func displayName(dn string) i18n.Msg {
	if dn == "" {
		return i18n.M("seen.tls.empty-name")
	}
	return i18n.Verbatim(dn)
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
