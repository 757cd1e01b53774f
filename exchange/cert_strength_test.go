package exchange

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"ewsconnect/i18n"
)

func TestCertWeaknesses(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	rsaCA := newTestCAWithKey(t, "Contoso RSA Root", rsaKey(t, 2048))
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cert *x509.Certificate
		want string
	}{
		{"ECDSA P-256 with SHA-256", ca.issue(t, leafOptions{cn: testHost}).Leaf, ""},
		{"RSA 2048 with SHA-256", rsaCA.issue(t, leafOptions{cn: testHost, key: rsaKey(t, 2048)}).Leaf, ""},
		{"signed with ECDSA-SHA1", ca.issue(t, leafOptions{cn: testHost, sigAlg: x509.ECDSAWithSHA1}).Leaf, "is signed with SHA-1 (ECDSA-SHA1)"},
		{"signed with SHA1-RSA", rsaCA.issue(t, leafOptions{cn: testHost, sigAlg: x509.SHA1WithRSA}).Leaf, "is signed with SHA-1 (SHA1-RSA)"},
		{"signed with MD5-RSA (made by OpenSSL)", readCertificate(t, "testdata/cbt-rsa-md5.pem"), ""}, // self-signed: nobody checks it
		{"RSA key of 1024 bits", rsaCA.issue(t, leafOptions{cn: testHost, key: rsaKey(t, 1024)}).Leaf, "has an RSA key of 1024 bits"},
		{"ECDSA key of 224 bits", ca.issue(t, leafOptions{cn: testHost, key: p224}).Leaf, "has an ECDSA key of 224 bits"},
		{"self-signed with SHA-1: only the key counts", readCertificate(t, "testdata/cbt-rsa-sha1.pem"), ""},
		{"SHA-1 and a 1024-bit key", rsaCA.issue(t, leafOptions{cn: testHost, sigAlg: x509.SHA1WithRSA, key: rsaKey(t, 1024)}).Leaf,
			"is signed with SHA-1 (SHA1-RSA) and has an RSA key of 1024 bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := certWeaknesses(tt.cert).In(i18n.EN); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Every weak certificate of the chain is named, so that a SHA-1
// intermediate is not hidden behind a small key on the leaf.
func TestCheckStrengthNamesEveryWeakCertificate(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	inter := ca.intermediate(t, "Contoso Issuing CA 1", x509.ECDSAWithSHA1)
	leaf := inter.issue(t, leafOptions{cn: testHost, key: rsaKey(t, 1024)}).Leaf
	p := checkStrength([]*x509.Certificate{leaf, inter.cert})
	want := "the certificate has an RSA key of 1024 bits; the intermediate certificate CN=Contoso Issuing CA 1,O=Contoso Test is signed with SHA-1 (ECDSA-SHA1)"
	if p == nil || p.Code != CodeTLSWeakCert || p.Detail != want {
		t.Errorf("got %v, want tls-weak-certificate: %s", p, want)
	}
	if p := verifyCertificate(testHost, []*x509.Certificate{leaf, inter.cert}, ca.pool, time.Now()); p == nil || strings.Contains(p.Detail, "also") {
		t.Errorf("got %v, want the weaknesses alone", p)
	}
}

// A self-signed certificate trusted as its own root is still checked.
func TestVerifyCertificateSelfSignedSmallKey(t *testing.T) {
	cert := newTestCA(t, "unused").issue(t, leafOptions{cn: testHost, selfSigned: true, key: rsaKey(t, 1024)})
	roots := x509.NewCertPool()
	roots.AddCert(cert.Leaf)
	p := verifyCertificate(testHost, []*x509.Certificate{cert.Leaf}, roots, time.Now())
	if p == nil || p.Code != CodeTLSWeakCert || !strings.Contains(p.Detail, "RSA key of 1024 bits") {
		t.Errorf("got %v, want tls-weak-certificate naming the 1024-bit key", p)
	}
}

// A P-224 key cannot even be offered in a TLS handshake, so verification
// is tested directly.
func TestVerifyCertificateSmallECDSAKey(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := ca.issue(t, leafOptions{cn: testHost, key: p224}).Leaf
	p := verifyCertificate(testHost, []*x509.Certificate{leaf}, ca.pool, time.Now())
	if p == nil || p.Code != CodeTLSWeakCert || !strings.Contains(p.Detail, "ECDSA key of 224 bits") {
		t.Errorf("got %v, want tls-weak-certificate naming the 224-bit key", p)
	}
}

func TestParseAuthorityHint(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		want authorityHint
		ok   bool
	}{
		{"no hint: no issuer of that name anywhere", "x509: certificate signed by unknown authority", authorityHint{}, false},
		{"insecure algorithm",
			`x509: certificate signed by unknown authority (possibly because of "x509: cannot verify signature: insecure algorithm SHA1-RSA" while trying to verify candidate authority certificate "Contoso Root")`,
			authorityHint{reason: "x509: cannot verify signature: insecure algorithm SHA1-RSA", candidate: "Contoso Root"}, true},
		{"quotes inside the names",
			`x509: certificate signed by unknown authority (possibly because of "a \"b\"" while trying to verify candidate authority certificate "serial:12")`,
			authorityHint{reason: `a "b"`, candidate: "serial:12"}, true},
		{"cut short", `x509: certificate signed by unknown authority (possibly because of "x509: cann`, authorityHint{}, false},
		{"no candidate", `x509: certificate signed by unknown authority (possibly because of "x")`, authorityHint{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseAuthorityHint(tt.msg)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %+v %v, want %+v %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// The hint's format is crypto/x509's, not ours: check it on a real refusal.
func TestIssuerHintFromCryptoX509(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	leaf := ca.issue(t, leafOptions{cn: testHost, sigAlg: x509.ECDSAWithSHA1}).Leaf
	_, err := leaf.Verify(x509.VerifyOptions{Roots: ca.pool})
	hint, ok := issuerHint(err)
	if !ok || hint.candidate != "Contoso Test Root" || !strings.Contains(hint.reason, "insecure algorithm") {
		t.Fatalf("got %+v %v from %v", hint, ok, err)
	}
	if !rejectedAsInsecure(err) {
		t.Error("rejectedAsInsecure: false")
	}
	_, err = newTestCA(t, "Other").issue(t, leafOptions{cn: testHost}).Leaf.Verify(x509.VerifyOptions{Roots: ca.pool})
	if _, ok := issuerHint(err); ok || rejectedAsInsecure(err) {
		t.Errorf("an unknown issuer has no hint: %v", err)
	}
}
