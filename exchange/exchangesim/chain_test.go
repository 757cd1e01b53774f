package exchangesim

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"testing"
	"time"
)

// The chain host sends its leaf alone, issued by the demo issuing CA,
// whose certificate pki.contoso.test publishes over plain HTTP at the
// leaf's AIA URL: with it, the chain verifies up to the demo root.
func TestChainHostOmitsItsIntermediate(t *testing.T) {
	s := startServer(t)
	conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: "chain.contoso.test", RootCAs: s.CAPool()})
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		if conn != nil {
			conn.Close()
		}
		t.Fatalf("got %v, want x509.UnknownAuthorityError", err)
	}
	leaf := unknown.Cert
	if leaf.Issuer.CommonName != "ewsconnect Demo Issuing CA 1" || len(leaf.IssuingCertificateURL) != 1 || leaf.IssuingCertificateURL[0] != issuingCAURL {
		t.Fatalf("leaf issued by %q, AIA %v", leaf.Issuer.CommonName, leaf.IssuingCertificateURL)
	}

	resp, body := get(t, plainClient(s), http.MethodGet, issuingCAURL)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pkix-cert" {
		t.Fatalf("GET %s: %d %s", issuingCAURL, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	issuing, err := x509.ParseCertificate([]byte(body))
	if err != nil {
		t.Fatalf("the published certificate: %v", err)
	}
	inter := x509.NewCertPool()
	inter.AddCert(issuing)
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: "chain.contoso.test", Roots: s.CAPool(), Intermediates: inter}); err != nil {
		t.Errorf("with the published intermediate: %v", err)
	}
	for _, url := range []string{"https://pki.contoso.test/pki/ewsconnect-demo-issuing-ca-1.crt", "http://mail.contoso.test/pki/ewsconnect-demo-issuing-ca-1.crt", "http://pki.contoso.test/pki/other.crt"} {
		if resp, _ := get(t, plainClient(s), http.MethodGet, url); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404: the certificate is published at one URL only", url, resp.StatusCode)
		}
	}
}

// The future host's certificate is valid from tomorrow.
func TestFutureHostCertificateNotYetValid(t *testing.T) {
	s := startServer(t)
	conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: "future.contoso.test", RootCAs: s.CAPool()})
	var invalid x509.CertificateInvalidError
	if !errors.As(err, &invalid) || invalid.Reason != x509.Expired {
		if conn != nil {
			conn.Close()
		}
		t.Fatalf("got %v, want x509.CertificateInvalidError{Reason: Expired}", err)
	}
	if ahead := time.Until(invalid.Cert.NotBefore); ahead < 23*time.Hour || ahead > 25*time.Hour {
		t.Errorf("valid from %v, want about a day from now", invalid.Cert.NotBefore)
	}
}

// The modern-auth host's EWS offers Bearer only, with AD FS as the
// authority, whatever the request carries; its other pages are Exchange's.
func TestModernAuthHostOffersBearerOnly(t *testing.T) {
	s := startServer(t)
	for _, c := range []*http.Client{plainClient(s), ntlmClient(s)} {
		resp, _ := get(t, c, http.MethodGet, ewsURL("modern.contoso.test"))
		values := resp.Header.Values("WWW-Authenticate")
		if resp.StatusCode != 401 || len(values) != 1 || values[0] != adfsBearerChallenge {
			t.Errorf("got %d %q, want 401 with the AD FS Bearer challenge only", resp.StatusCode, values)
		}
		if resp.Header.Get("X-OWA-Version") != "15.2.1544.4" || resp.Header.Get("X-FEServer") != "EXCH05" {
			t.Errorf("headers %v, want an on-premises Exchange 2019 front end", resp.Header)
		}
	}
	if resp, _ := get(t, plainClient(s), http.MethodGet, "https://modern.contoso.test/owa/"); resp.StatusCode != 302 {
		t.Errorf("OWA: %d, want Exchange's redirect to its sign-in page", resp.StatusCode)
	}
}
