package exchange

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"maps"
	"net"
	"strconv"
	"strings"
	"time"

	"ewsconnect/i18n"
)

// Handshake runs TLS on the connection that Connect opened and verifies the
// certificate itself (step tls), so that an untrusted, expired or misnamed
// certificate gets its own code. A connection that fails verification is
// closed: credentials are never sent to an unverified server.
func (s *Session) Handshake(ctx context.Context) (TLSResult, error) {
	if err := s.ensureURL(); err != nil {
		return TLSResult{}, err
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()

	conn := s.tcp
	s.tcp = nil
	if conn == nil {
		var err error
		if conn, err = s.dialTCP(ctx); err != nil {
			return TLSResult{}, err
		}
	}
	s.setPending(nil)
	tc, err := s.handshake(ctx, conn)
	if err != nil {
		return TLSResult{}, err
	}
	s.setPending(tc)
	return describeTLS(tc.ConnectionState()), nil
}

// handshake runs a verified TLS client handshake on conn, closing conn on
// failure. Every connection the session uses comes through here.
func (s *Session) handshake(ctx context.Context, conn net.Conn) (*tls.Conn, error) {
	s.mu.Lock()
	s.handshakes++
	s.mu.Unlock()

	host := s.u.Hostname()
	tc := tls.Client(conn, s.tlsConfig())
	if err := tc.HandshakeContext(ctx); err != nil {
		tc.Close()
		if ctx.Err() == context.Canceled {
			return nil, ctx.Err()
		}
		if isOldProtocolVersion(err) {
			return nil, s.oldProtocolProblem(ctx, err)
		}
		p := classifyHandshake(host, AddrWords(conn.RemoteAddr()), err, s.timeout(), bytesRead(conn))
		if p.Code == CodeTLSUntrusted {
			// The certificates VerifyConnection refused stay readable.
			p = s.explainMissingIssuer(ctx, p, tc.ConnectionState().PeerCertificates)
		}
		return nil, p
	}
	return tc, nil
}

// tlsConfig verifies in VerifyConnection rather than by crypto/tls's own
// check, to tell expired, misnamed and untrusted certificates apart. Only
// HTTP/1.1 is offered: IIS refuses Windows authentication over HTTP/2.
func (s *Session) tlsConfig() *tls.Config {
	host := s.u.Hostname()
	return &tls.Config{
		ServerName:         host,
		NextProtos:         []string{"http/1.1"},
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // verified below, by verifyCertificate
		VerifyConnection: func(cs tls.ConnectionState) error {
			if p := verifyCertificate(host, cs.PeerCertificates, s.net.RootCAs, time.Now()); p != nil {
				return p
			}
			return nil
		},
	}
}

// verifyCertificate checks the chain the server sent against roots (nil:
// the system's) for host at now. It checks dates, the name, the strength
// of the cryptography and the chain separately and reports the first
// failure in that order (dates and name as crypto/x509 does), mentioning
// the others in the evidence.
func verifyCertificate(host string, chain []*x509.Certificate, roots *x509.CertPool, now time.Time) *Problem {
	if len(chain) == 0 {
		return NewProblem(CodeTLSFailed, nil, i18n.M("seen.tls.no-certificate"))
	}
	leaf := chain[0]
	var problems []*Problem

	if p := checkDates(leaf, now); p != nil {
		problems = append(problems, p)
	}
	if err := leaf.VerifyHostname(host); err != nil {
		problems = append(problems, nameMismatch(host, leaf, err))
	}
	verified, untrusted := checkChain(leaf, chain[1:], roots, now)
	weak := checkStrength(reliedOn(leaf, chain[1:], verified))
	if weak != nil {
		problems = append(problems, weak)
	}
	// A chain refused for a SHA-1 signature is already explained by the
	// weak certificate; any other refusal is a problem of its own.
	if untrusted != nil && !(weak != nil && rejectedAsInsecure(untrusted.Err)) {
		problems = append(problems, untrusted)
	}
	if len(problems) == 0 {
		return nil
	}
	first := problems[0]
	for _, other := range problems[1:] {
		first.Add("; ", i18n.M("seen.tls.also", i18n.Data{"Other": other.Seen}))
	}
	return first
}

// checkDates reports a certificate outside its validity period.
func checkDates(leaf *x509.Certificate, now time.Time) *Problem {
	invalid := x509.CertificateInvalidError{Cert: leaf, Reason: x509.Expired}
	switch {
	case now.After(leaf.NotAfter):
		return NewProblem(CodeTLSExpired, invalid, i18n.M("seen.tls.expired", i18n.Data{
			"NotAfter": i18n.Moment(leaf.NotAfter.UTC()), "NotBefore": i18n.Moment(leaf.NotBefore.UTC())}))
	case now.Before(leaf.NotBefore):
		return NewProblem(CodeTLSExpired, invalid, i18n.M("seen.tls.not-yet-valid", i18n.Data{
			"NotBefore": i18n.Moment(leaf.NotBefore.UTC()), "Now": i18n.Moment(now.UTC()), "Cause": notYetValidCause(leaf.NotBefore, now)}))
	}
	return nil
}

// nameMismatch lists the names the certificate does carry, and says so when
// the host is only in the CN, which modern clients ignore.
func nameMismatch(host string, leaf *x509.Certificate, err error) *Problem {
	names := certNames(leaf)
	cn := leaf.Subject.CommonName
	switch {
	case len(names) == 0 && cn != "" && hostMatches(cn, host):
		return NewProblem(CodeTLSNameMismatch, err, i18n.M("seen.tls.name-cn-only", i18n.Data{"Host": host, "CN": cn}))
	case len(names) == 0:
		return NewProblem(CodeTLSNameMismatch, err, i18n.M("seen.tls.name-none", i18n.Data{"CN": strconv.Quote(cn), "Host": host}))
	}
	return NewProblem(CodeTLSNameMismatch, err, i18n.M("seen.tls.name-mismatch", i18n.Data{"Names": listNames(names, 8), "Host": host}))
}

// checkChain verifies the chain up to a trusted root, returning the chains
// it found or why there is none. Dates are checked by checkDates, so the
// chain is verified at a moment when the leaf is valid.
func checkChain(leaf *x509.Certificate, intermediates []*x509.Certificate, roots *x509.CertPool, now time.Time) ([][]*x509.Certificate, *Problem) {
	pool := x509.NewCertPool()
	for _, c := range intermediates {
		pool.AddCert(c)
	}
	at := now
	if at.After(leaf.NotAfter) || at.Before(leaf.NotBefore) {
		at = leaf.NotAfter.Add(-time.Minute)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: pool,
		CurrentTime:   at,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if err == nil {
		return chains, nil
	}
	return nil, untrustedChain(leaf, intermediates, err)
}

// untrustedChain explains why no chain reached a trusted root.
func untrustedChain(leaf *x509.Certificate, intermediates []*x509.Certificate, err error) *Problem {
	issuer := displayName(leaf.Issuer.String())
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	switch {
	case isSelfSigned(leaf):
		return NewProblem(CodeTLSUntrusted, err, i18n.M("seen.tls.self-signed", i18n.Data{"Issuer": issuer}))
	case errors.As(err, &unknown):
		return explainUnknownAuthority(leaf, intermediates, unknown, err)
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return NewProblem(CodeTLSExpired, err, i18n.M("seen.tls.chain-expired", i18n.Data{"Subject": invalid.Cert.Subject.String()}))
	case errors.As(err, &invalid):
		return NewProblem(CodeTLSUntrusted, err, invalidReason(invalid).in("seen.tls.chain-invalid", i18n.Data{"Issuer": issuer}))
	}
	return NewProblem(CodeTLSUntrusted, err, i18n.M("seen.tls.unverified", i18n.Data{"Issuer": issuer, "Error": quotable(err.Error())}))
}

// tlsReason is why something failed: our own words, or the words of Go's
// crypto/x509 (or net/http, or the operating system), which a detail
// quotes.
type tlsReason struct {
	words i18n.Msg
	said  string // when words is zero
}

// tlsSaid is a reason in a library's words.
func tlsSaid(s string) tlsReason { return tlsReason{said: s} }

// tlsWords is a reason in our words.
func tlsWords(m i18n.Msg) tlsReason { return tlsReason{words: m} }

// in is the text of key with data and the reason: key's text with
// {{.Reason}} for our words, or key+"-said" with the quoted {{.Said}} for
// a library's.
func (r tlsReason) in(key string, data i18n.Data) i18n.Msg {
	d := maps.Clone(data)
	if d == nil {
		d = i18n.Data{}
	}
	if r.words.IsZero() {
		d["Said"] = quotable(r.said)
		return i18n.M(key+"-said", d)
	}
	d["Reason"] = r.words
	return i18n.M(key, d)
}

// invalidReason says why a chain certificate is refused, in words, or in
// crypto/x509's for a reason this program does not explain.
func invalidReason(e x509.CertificateInvalidError) tlsReason {
	switch e.Reason {
	case x509.IncompatibleUsage:
		return tlsWords(i18n.M("seen.tls.reason-usage"))
	case x509.NotAuthorizedToSign:
		return tlsWords(i18n.M("seen.tls.reason-not-ca-signed"))
	case x509.CANotAuthorizedForThisName:
		return tlsWords(i18n.M("seen.tls.reason-name-not-allowed"))
	}
	return tlsSaid(e.Error())
}

// classifyHandshake turns a failed handshake into a code; received is the
// number of bytes that had arrived on the connection. Verification
// failures arrive as our own *Problem from VerifyConnection; a server
// that offers only old versions is explained by oldProtocolProblem. addr
// is the server's address, or the tunnel's through a proxy (AddrWords).
func classifyHandshake(host string, addr i18n.Msg, err error, timeout time.Duration, received int64) *Problem {
	if p := AsProblem(err); p != nil {
		return p
	}
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &certErr):
		return NewProblem(CodeTLSUntrusted, err, i18n.M("seen.tls.verify-failed", i18n.Data{"Error": quotable(certErr.Err.Error())}))
	case isTimeout(err) && received > 0:
		return NewProblem(CodeConnectTimeout, err, i18n.MN("seen.tls.handshake-slow", int(min(received, 1<<30)), i18n.Data{"Host": host, "Timeout": timeout}))
	case isTimeout(err):
		return NewProblem(CodeConnectTimeout, err, i18n.M("seen.tls.handshake-timeout", i18n.Data{"Addr": addr, "Timeout": timeout}))
	case isPlainHTTPRecord(err):
		return NewProblem(CodeTLSFailed, err, i18n.M("seen.tls.plain-http", i18n.Data{"Addr": addr}))
	case isClosedEarly(err):
		return NewProblem(CodeTLSFailed, err, i18n.M("seen.tls.closed", i18n.Data{"Addr": addr}))
	}
	var alert tls.AlertError
	if errors.As(err, &alert) {
		return NewProblem(CodeTLSFailed, err, i18n.M("seen.tls.alert", i18n.Data{"Alert": quotable(alert.Error())}))
	}
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		return NewProblem(CodeTLSFailed, err, i18n.M("seen.tls.not-tls", i18n.Data{"Addr": addr, "Answer": quotable(printable(rh.RecordHeader[:]))}))
	}
	return NewProblem(CodeTLSFailed, err, i18n.M("seen.tls.handshake-failed", i18n.Data{"Host": host, "Error": quotable(err.Error())}))
}

// describeTLS is what the tls step shows when it passes.
func describeTLS(cs tls.ConnectionState) TLSResult {
	leaf := cs.PeerCertificates[0]
	issuer := leaf.Issuer.CommonName
	if issuer == "" {
		issuer = leaf.Issuer.String()
	}
	return TLSResult{
		Subject:   leaf.Subject.CommonName,
		Names:     certNames(leaf),
		Issuer:    issuer,
		NotBefore: leaf.NotBefore,
		NotAfter:  leaf.NotAfter,
		Version:   tls.VersionName(cs.Version),
	}
}

// certNames are the SANs: DNS names, then IP addresses.
func certNames(c *x509.Certificate) []string {
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	return names
}

// listNames joins at most max names, saying how many were left out.
func listNames(names []string, max int) i18n.Msg {
	msgs := make([]i18n.Msg, len(names))
	for i, n := range names {
		msgs[i] = i18n.Verbatim(n)
	}
	return listMsgs(msgs, max)
}

// listMsgs is listNames for names that may need words ("(empty)").
func listMsgs(names []i18n.Msg, max int) i18n.Msg {
	if len(names) <= max {
		return i18n.Join(", ", names...)
	}
	return i18n.M("seen.tls.names-more", i18n.Data{"Names": i18n.Join(", ", names[:max]...), "More": len(names) - max})
}

// hostMatches compares a certificate name (possibly *.wildcard) with host,
// as VerifyHostname does for SANs; used only to explain a CN-only
// certificate.
func hostMatches(pattern, host string) bool {
	pattern = strings.TrimSuffix(strings.ToLower(pattern), ".")
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if pattern == host {
		return true
	}
	rest, ok := strings.CutPrefix(pattern, "*.")
	if !ok {
		return false
	}
	_, hostRest, found := strings.Cut(host, ".")
	return found && hostRest == rest && strings.Contains(rest, ".")
}

// printable keeps the ASCII letters of a few bytes, for evidence.
func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '.'
		}
		return r
	}, string(b))
}
