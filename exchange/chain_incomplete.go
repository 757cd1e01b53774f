package exchange

import (
	"bytes"
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"strings"
	"time"

	"ewsconnect/i18n"
)

// A server must send the intermediate certificates between its own and a
// root. One that does not works in browsers on Windows, which fetch the
// missing issuer from the URL in the certificate's Authority Information
// Access extension (caIssuers), and fails in most other clients
// (realworld-failures row 9). To tell that apart from a CA this computer
// does not trust, the issuer is fetched from that URL once, for the
// diagnosis only: the connection stays refused whatever it shows.

// explainMissingIssuer takes another look at p, the tls-untrusted problem
// of the chain a server sent, when the leaf's issuer was nowhere: neither
// sent nor among the trusted roots. It fetches the issuer from the leaf's
// AIA URL (plain HTTP, through the session's dial rules, within ctx) and
// says what that showed; any other problem is returned as it is.
func (s *Session) explainMissingIssuer(ctx context.Context, p *Problem, chain []*x509.Certificate) *Problem {
	if len(chain) == 0 || !issuerMissing(p, chain[0], chain[1:]) {
		return p
	}
	aia := issuerURL(chain[0])
	if aia == "" {
		return p
	}
	// Half of what is left of the step: the tls problem, not a timeout,
	// must be what the step reports when the AIA host never answers.
	ctx, cancel := context.WithTimeout(ctx, halfLeft(ctx, s.timeout()))
	defer cancel()
	fetched, err := fetchCertificates(ctx, s.net, aia)
	// The URL is the server's text: shown without any user info in it.
	return judgeMissingIssuer(p, chain[0], chain[1:], RedactURL(aia), fetched, err, s.net.RootCAs, time.Now())
}

// issuerMissing reports a chain refused because no certificate of the
// leaf's issuer was found at all: an unknown authority at the leaf itself,
// no hint of a candidate that x509 found and rejected, and nothing of the
// issuer's name among the certificates sent.
func issuerMissing(p *Problem, leaf *x509.Certificate, sent []*x509.Certificate) bool {
	var unknown x509.UnknownAuthorityError
	if p == nil || p.Code != CodeTLSUntrusted || !errors.As(p.Err, &unknown) {
		return false
	}
	if unknown.Cert != nil && !unknown.Cert.Equal(leaf) || isSelfSigned(leaf) {
		return false
	}
	if _, hinted := issuerHint(p.Err); hinted {
		return false
	}
	for _, c := range sent {
		if bytes.Equal(c.RawSubject, leaf.RawIssuer) {
			return false
		}
	}
	return true
}

// issuerURL is the leaf's first plain-HTTP caIssuers URL. Other schemes
// (ldap:// from an enterprise CA, https://) are not fetched: Windows reads
// LDAP with the user's own sign-in, and https would need a chain itself.
func issuerURL(leaf *x509.Certificate) string {
	for _, u := range leaf.IssuingCertificateURL {
		if len(u) > len("http://") && strings.EqualFold(u[:len("http://")], "http://") {
			return u
		}
	}
	return ""
}

// judgeMissingIssuer decides what the fetch from the AIA URL (aia, as
// shown) showed about the leaf whose issuer the server did not send:
// fetched are the certificates it gave, or fetchErr why it gave none. The
// chain is verified again at now, with them as intermediates only.
func judgeMissingIssuer(p *Problem, leaf *x509.Certificate, sent []*x509.Certificate, aia string,
	fetched []*x509.Certificate, fetchErr error, roots *x509.CertPool, now time.Time) *Problem {
	issuer := certLabel(leaf.Issuer)
	if fetchErr != nil {
		why := fetchFailure(fetchErr)
		data := i18n.Data{"Issuer": issuer, "URL": aia}
		if looksLikeIntermediate(leaf.Issuer) {
			return NewProblem(CodeTLSChainIncomplete, p.Err, why.in("seen.tls.aia-failed-intermediate", data))
		}
		return NewProblem(CodeTLSUntrusted, p.Err, why.in("seen.tls.aia-failed", data))
	}
	var found *x509.Certificate
	for _, c := range fetched {
		if bytes.Equal(c.RawSubject, leaf.RawIssuer) && leaf.CheckSignatureFrom(c) == nil {
			found = c
			break
		}
	}
	if found == nil {
		return NewProblem(CodeTLSUntrusted, p.Err, i18n.M("seen.tls.aia-not-issuer", i18n.Data{
			"Issuer": issuer, "URL": aia, "Fetched": listMsgs(subjects(fetched), 2)}))
	}
	_, untrusted := checkChain(leaf, append(append([]*x509.Certificate(nil), sent...), fetched...), roots, now)
	if untrusted == nil {
		return NewProblem(CodeTLSChainIncomplete, p.Err, i18n.M("seen.tls.aia-completes", i18n.Data{
			"Intermediate": certLabel(found.Subject), "URL": aia}))
	}
	var unknown x509.UnknownAuthorityError
	_, rejected := issuerHint(untrusted.Err) // an issuer found and refused, e.g. for SHA-1
	switch {
	case isSelfSigned(found):
		return NewProblem(CodeTLSUntrusted, p.Err, i18n.M("seen.tls.aia-root-untrusted", i18n.Data{"Issuer": issuer, "URL": aia}))
	case errors.As(untrusted.Err, &unknown) && !rejected:
		return NewProblem(CodeTLSUntrusted, p.Err, i18n.M("seen.tls.aia-issuer-unknown", i18n.Data{
			"Issuer": issuer, "URL": aia, "Root": certLabel(found.Issuer)}))
	}
	return NewProblem(CodeTLSUntrusted, untrusted.Err, chainRefusal(untrusted.Err).in("seen.tls.aia-refused", i18n.Data{"Issuer": issuer, "URL": aia}))
}

// chainRefusal says in words why a chain that reached a root is refused:
// a certificate out of date or not allowed to sign, or an insecure
// signature; else in crypto/x509's words.
func chainRefusal(err error) tlsReason {
	var invalid x509.CertificateInvalidError
	if errors.As(err, &invalid) {
		if invalid.Reason == x509.Expired {
			return tlsWords(i18n.M("seen.tls.reason-expired", i18n.Data{"Subject": certLabel(invalid.Cert.Subject)}))
		}
		return invalidReason(invalid)
	}
	if hint, ok := issuerHint(err); ok {
		return rejectionInWords(strings.TrimPrefix(hint.reason, "x509: "))
	}
	return tlsSaid(strings.TrimPrefix(err.Error(), "x509: "))
}

// looksLikeIntermediate reports an issuer whose name says it is a
// subordinate CA, as company and public CAs often name them ("Contoso
// Issuing CA 01", "… Intermediate CA", "CONTOSO-SUBCA"). Only used when
// the issuer could not be fetched, to say "probably".
func looksLikeIntermediate(name pkix.Name) bool {
	text := strings.ToLower(name.CommonName + " " + strings.Join(name.OrganizationalUnit, " "))
	for _, word := range []string{"intermediate", "issuing", "subordinate", "sub ca", "sub-ca", "subca"} {
		if strings.Contains(text, word) {
			return true
		}
	}
	return false
}

// subjects are the certificates' subjects, for evidence.
func subjects(certs []*x509.Certificate) []i18n.Msg {
	var names []i18n.Msg
	for _, c := range certs {
		names = append(names, certLabel(c.Subject))
	}
	return names
}

// certLabel names a CA for a Detail that also quotes a URL: its common
// name, which is what people call it, else the whole distinguished name.
// The Detail is cut at 400 characters, and public CAs' full names are long.
func certLabel(n pkix.Name) i18n.Msg {
	if cn := strings.TrimSpace(n.CommonName); cn != "" {
		return i18n.Verbatim(cn)
	}
	return displayName(n.String())
}

// halfLeft is half the time left before ctx's deadline, or half of
// timeout when ctx has none.
func halfLeft(ctx context.Context, timeout time.Duration) time.Duration {
	if deadline, ok := ctx.Deadline(); ok {
		return time.Until(deadline) / 2
	}
	return timeout / 2
}
