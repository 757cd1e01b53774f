package exchangesim

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// certificates holds each host's certificate, made once at start-up.
type certificates struct {
	demoCA    *authority
	foreignCA *authority // an enterprise CA the client has never heard of
	// issuingCA is the demo CA's intermediate, published at
	// issuingCAURL; the host whose server forgets to send it shows
	// tls-chain-incomplete.
	issuingCA *authority
	// inspectionCA signs what a TLS-inspecting proxy shows; the demo
	// trusts it, as company computers trust their firewall's CA.
	inspectionCA *authority
	byHost       map[string]*tls.Certificate // what clients are shown
	// own is the certificate a server itself holds where clients are
	// shown another one (tlsInspected): what it binds NTLM to.
	own map[string]*tls.Certificate
}

// issuingCAURL is where the demo issuing CA's certificate is published
// (plain HTTP, as public and company CAs do), and what the certificates
// it issues name in their AIA extension.
const issuingCAURL = "http://pki." + demoDomain + "/pki/ewsconnect-demo-issuing-ca-1.crt"

func newCertificates(now time.Time) (*certificates, error) {
	demoCA, err := newAuthority("ewsconnect Demo Root CA", "ewsconnect demo", now)
	if err != nil {
		return nil, err
	}
	foreignCA, err := newAuthority("CONTOSO-DC01-CA", "Contoso Ltd", now)
	if err != nil {
		return nil, err
	}
	issuingCA, err := demoCA.newIntermediate("ewsconnect Demo Issuing CA 1", now)
	if err != nil {
		return nil, err
	}
	inspectionCA, err := newAuthority("Contoso TLS Inspection CA", "Contoso Ltd", now)
	if err != nil {
		return nil, err
	}
	c := &certificates{demoCA: demoCA, foreignCA: foreignCA, issuingCA: issuingCA, inspectionCA: inspectionCA,
		byHost: map[string]*tls.Certificate{}, own: map[string]*tls.Certificate{}}
	for _, h := range demoHosts {
		switch h.kind {
		case kindNotTLS, kindUnresolvable, kindClosedPort, kindBlackhole:
			continue
		}
		cert, err := c.issueFor(h, now)
		if err == nil && h.tlsInspected {
			c.own[h.name] = cert
			cert, err = c.inspectionCA.issue(leafSpec{commonName: h.name, dnsNames: []string{h.name},
				notBefore: now.Add(-time.Hour), notAfter: now.AddDate(0, 0, 30)}) // minted on the fly, short-lived
		}
		if err != nil {
			return nil, fmt.Errorf("certificate for %s: %w", h.name, err)
		}
		c.byHost[h.name] = cert
	}
	return c, nil
}

// trusted are the CAs the demo's clients trust: the demo CA, and the
// inspection CA that company computers are given.
func (c *certificates) trusted() []*authority {
	return []*authority{c.demoCA, c.inspectionCA}
}

// trustedPEM is trusted, PEM-encoded: the demo CA file.
func (c *certificates) trustedPEM() []byte {
	var out []byte
	for _, ca := range c.trusted() {
		out = append(out, ca.pem()...)
	}
	return out
}

// issueFor makes the certificate that demonstrates h's certKind.
func (c *certificates) issueFor(h host, now time.Time) (*tls.Certificate, error) {
	spec := leafSpec{
		commonName: h.name,
		dnsNames:   []string{h.name},
		notBefore:  now.Add(-24 * time.Hour),
		notAfter:   now.AddDate(1, 0, 0),
	}
	if len(h.certNames) > 0 {
		spec.commonName, spec.dnsNames = h.certNames[0], h.certNames
	}
	ca := c.demoCA
	switch h.cert {
	case certWrongName:
		// The classic mistake: the certificate names only the server's
		// internal names, not the one users connect to.
		spec.commonName = "exch01.contoso.local"
		spec.dnsNames = []string{"exch01.contoso.local", "autodiscover.contoso.local"}
	case certLegacyCN:
		spec.dnsNames = nil
	case certExpired:
		spec.notBefore = now.AddDate(-1, -1, 0)
		spec.notAfter = now.AddDate(0, 0, -30)
	case certUnknownCA:
		ca = c.foreignCA
	case certSHA1:
		// Trusted CA, broken hash: what a forgotten internal CA from the
		// 2010s still issues.
		spec.sigAlg = x509.ECDSAWithSHA1
	case certMissingIntermediate:
		// Issued by the intermediate, which the server does not send
		// (only the leaf is in the chain below): browsers on Windows
		// fetch it from the AIA URL, most clients fail.
		ca, spec.issuerURL = c.issuingCA, issuingCAURL
	case certNotYetValid:
		// Installed a day early (or this computer's clock is behind).
		spec.notBefore = now.Add(24 * time.Hour)
		spec.notAfter = now.AddDate(1, 0, 1)
	}
	if h.name == "mail.contoso.test" {
		spec.dnsNames = append(spec.dnsNames, "autodiscover.contoso.test")
	}
	return ca.issue(spec)
}

// published is the CA certificate (DER) that the plain-HTTP request for
// host and path downloads: the demo issuing CA at issuingCAURL.
func (c *certificates) published(host, path string) ([]byte, bool) {
	u, err := url.Parse(issuingCAURL)
	if err != nil || !strings.EqualFold(host, u.Hostname()) || !strings.EqualFold(path, u.Path) {
		return nil, false
	}
	return c.issuingCA.cert.Raw, true
}

// forSNI returns the certificate for a ClientHello's server name. Like an
// IIS default binding, an unknown or missing name gets the default host's.
func (c *certificates) forSNI(name string) *tls.Certificate {
	if cert, ok := c.byHost[normalizeHost(name)]; ok {
		return cert
	}
	return c.byHost[demoHosts[0].name]
}
