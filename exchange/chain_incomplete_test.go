package exchange

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// aiaHost is the name the certificates' AIA URLs point at; tests reach it
// through Network.Resolve, never DNS.
const aiaHost = "pki.contoso.test"

// issueWithAIA makes a server certificate for testHost signed by ca,
// naming its issuer's certificate at the caIssuers URLs aia; only the leaf
// is sent.
func issueWithAIA(t *testing.T, ca *testCA, aia ...string) tls.Certificate {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: testHost},
		DNSNames:              []string{testHost},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(12 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IssuingCertificateURL: aia,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// aiaServer is a plain-HTTP publication point for CA certificates that
// records the requests it gets.
type aiaServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
}

func startAIAServer(t *testing.T, h http.HandlerFunc) *aiaServer {
	t.Helper()
	a := &aiaServer{}
	a.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.requests = append(a.requests, r)
		a.mu.Unlock()
		h(w, r)
	}))
	a.Config.ErrorLog = log.New(io.Discard, "", 0)
	a.Start()
	t.Cleanup(a.Close)
	return a
}

func (a *aiaServer) got() []*http.Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*http.Request(nil), a.requests...)
}

func serveBytes(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	}
}

func pemOf(certs ...*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}

// A chain refused for an issuer that is nowhere is looked at once more
// with the issuer from the certificate's AIA URL: tls-chain-incomplete
// when that completes a trusted chain (or, unfetched, "probably" when the
// issuer's name says intermediate), tls-untrusted otherwise. The
// connection is refused either way.
func TestHandshakeMissingIntermediate(t *testing.T) {
	root := newTestCA(t, "Contoso Test Root")
	issuing := root.intermediate(t, "Contoso Issuing CA 1", 0)
	private := newTestCA(t, "Fabrikam Private CA")
	expiredIssuing := root.intermediate(t, "Contoso Issuing CA 9", 0, func(c *x509.Certificate) {
		c.NotBefore, c.NotAfter = time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour)
	})
	sha1Issuing := root.intermediate(t, "Contoso Issuing CA 7", x509.ECDSAWithSHA1)
	privateIssuing := private.intermediate(t, "Fabrikam Issuing CA 2", 0)
	const aiaURL = "http://" + aiaHost + "/pki/issuing.crt"
	block := make(chan struct{})
	defer close(block)

	tests := []struct {
		name    string
		cert    tls.Certificate
		serve   http.HandlerFunc
		timeout time.Duration
		want    Code
		detail  []string
		absent  []string
		fetches int
	}{
		{name: "the AIA URL gives the missing intermediate (DER)", cert: issueWithAIA(t, issuing, aiaURL),
			serve: serveBytes("application/pkix-cert", issuing.cert.Raw), fetches: 1,
			want: CodeTLSChainIncomplete, detail: []string{"did not send the intermediate certificate Contoso Issuing CA 1;", aiaURL, "completes a trusted chain", "browsers on Windows"}, absent: []string{"probably"}},
		{name: "the AIA URL gives it in PEM, with its root", cert: issueWithAIA(t, issuing, "ldap:///CN=Contoso%20Issuing%20CA%201,CN=AIA?cACertificate", aiaURL),
			serve: serveBytes("application/x-pem-file", pemOf(issuing.cert, root.cert)), fetches: 1,
			want: CodeTLSChainIncomplete, detail: []string{"Contoso Issuing CA 1", aiaURL}, absent: []string{"ldap"}},
		{name: "issued by an untrusted root, which the AIA URL gives", cert: issueWithAIA(t, private, aiaURL),
			serve: serveBytes("application/pkix-cert", private.cert.Raw), fetches: 1,
			want: CodeTLSUntrusted, detail: []string{"issued by the root Fabrikam Private CA", aiaURL, "does not trust"}, absent: []string{"intermediate"}},
		{name: "the missing intermediate's root is not trusted either", cert: issueWithAIA(t, privateIssuing, aiaURL),
			serve: serveBytes("application/pkix-cert", privateIssuing.cert.Raw), fetches: 1,
			want: CodeTLSUntrusted, detail: []string{"did not send the intermediate Fabrikam Issuing CA 2", "still does not reach a trusted root", "its issuer Fabrikam Private CA"}},
		{name: "the AIA URL gives the missing intermediate, expired", cert: issueWithAIA(t, expiredIssuing, aiaURL),
			serve: serveBytes("application/pkix-cert", expiredIssuing.cert.Raw), fetches: 1,
			want: CodeTLSUntrusted, detail: []string{"did not send the intermediate Contoso Issuing CA 9", "even with it the chain is refused: Contoso Issuing CA 9 is outside its validity period"}},
		{name: "the AIA URL gives the missing intermediate, signed with SHA-1", cert: issueWithAIA(t, sha1Issuing, aiaURL),
			serve: serveBytes("application/pkix-cert", sha1Issuing.cert.Raw), fetches: 1,
			want: CodeTLSUntrusted, detail: []string{"did not send the intermediate Contoso Issuing CA 7", "even with it the chain is refused", "SHA1"}, absent: []string{"unknown here"}},
		{name: "the AIA URL gives a certificate that did not issue it", cert: issueWithAIA(t, issuing, aiaURL),
			serve: serveBytes("application/pkix-cert", privateIssuing.cert.Raw), fetches: 1,
			want: CodeTLSUntrusted, detail: []string{"issued by Contoso Issuing CA 1", "the server did not send", "gave Fabrikam Issuing CA 2", "which did not issue it"}},
		{name: "AIA 404, the issuer named as an intermediate", cert: issueWithAIA(t, issuing, aiaURL),
			serve: http.NotFound, fetches: 1,
			want: CodeTLSChainIncomplete, detail: []string{"probably a missing intermediate", "Contoso Issuing CA 1", aiaURL, "HTTP 404 Not Found"}},
		{name: "AIA 404, an issuer not named as an intermediate", cert: issueWithAIA(t, private, aiaURL),
			serve: http.NotFound, fetches: 1,
			want: CodeTLSUntrusted, detail: []string{"Fabrikam Private CA", "does not trust and the server did not send", aiaURL, `failed (the answer was "HTTP 404 Not Found")`}},
		{name: "a redirect is not followed", cert: issueWithAIA(t, issuing, aiaURL),
			serve: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://"+aiaHost+"/elsewhere.crt", http.StatusFound)
			}, fetches: 1,
			want: CodeTLSChainIncomplete, detail: []string{"probably", "HTTP 302 Found"}},
		{name: "the AIA URL gives a web page", cert: issueWithAIA(t, issuing, aiaURL),
			serve: serveBytes("text/html", []byte("<html><body>Welcome</body></html>")), fetches: 1,
			want: CodeTLSChainIncomplete, detail: []string{"probably", "not a certificate (DER or PEM)"}},
		{name: "the AIA URL answers too much", cert: issueWithAIA(t, issuing, aiaURL),
			serve: serveBytes("application/pkix-cert", bytes.Repeat([]byte{0x30}, maxIssuerSize+10)), fetches: 1,
			want: CodeTLSChainIncomplete, detail: []string{"over 64 KiB"}},
		{name: "the AIA host does not exist", cert: issueWithAIA(t, issuing, "http://nope.contoso.test/pki/issuing.crt"),
			want: CodeTLSChainIncomplete, detail: []string{"probably", "nope.contoso.test"}},
		{name: "the AIA URL never answers", cert: issueWithAIA(t, issuing, aiaURL),
			serve: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-block:
				case <-r.Context().Done():
				}
			}, timeout: 500 * time.Millisecond, fetches: 1,
			want: CodeTLSChainIncomplete, detail: []string{"probably", "no answer in time"}},
		{name: "an AIA URL with user info is shown without it and not fetched", cert: issueWithAIA(t, issuing, "http://svc:S3cret-Pw@"+aiaHost+"/pki/issuing.crt"),
			want: CodeTLSChainIncomplete, detail: []string{"probably", "not a plain http:// address"}, absent: []string{"S3cret-Pw"}},
		{name: "no AIA URL: nothing is fetched", cert: issueWithAIA(t, issuing),
			want: CodeTLSUntrusted, detail: []string{"CN=Contoso Issuing CA 1", "sent no certificate for it"}, absent: []string{"AIA"}},
		{name: "only an ldap AIA URL: nothing is fetched", cert: issueWithAIA(t, issuing, "ldap:///CN=Contoso%20Issuing%20CA%201,CN=AIA?cACertificate"),
			want: CodeTLSUntrusted, detail: []string{"sent no certificate for it"}},
		{name: "the intermediate sent: nothing is fetched", cert: func() tls.Certificate {
			c := issueWithAIA(t, issuing, aiaURL)
			c.Certificate = append(c.Certificate, issuing.cert.Raw)
			return c
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			serve := tt.serve
			if serve == nil {
				serve = http.NotFound
			}
			aia := startAIAServer(t, serve)
			var served int
			ts := startTLSServer(t, tt.cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served++ }))
			n := testNetwork("127.0.0.1:"+ts.port(), root.pool)
			n.Resolve[aiaHost] = aia.Listener.Addr().String()
			n.Resolver = fakeResolver{err: &net.DNSError{Err: "no such host", Name: "nope.contoso.test", IsNotFound: true}}
			if tt.timeout > 0 {
				n.Timeout = tt.timeout
			}
			s := NewSession(ts.url(), n, Credentials{Email: testEmail, Password: testPassword})
			defer s.Close()
			if err := runUntil(t, s, "connect"); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err := s.Handshake(context.Background())
			if took := time.Since(start); took > n.StepTimeout()+time.Second {
				t.Errorf("the handshake took %v with a step timeout of %v", took, n.StepTimeout())
			}
			p := wantCode(t, err, tt.want)
			if p != nil {
				wantDetail(t, p, tt.detail...)
				for _, claim := range tt.absent {
					if strings.Contains(p.Detail, claim) {
						t.Errorf("detail %q claims %q", p.Detail, claim)
					}
				}
				if p.Field != FieldServer {
					t.Errorf("field %s, want server", p.Field)
				}
			}
			reqs := aia.got()
			if len(reqs) != tt.fetches {
				t.Errorf("%d requests to the AIA URL, want %d", len(reqs), tt.fetches)
			}
			for _, r := range reqs {
				if r.Method != http.MethodGet || r.Header.Get("Authorization") != "" || r.Header.Get("Cookie") != "" || r.Host != aiaHost {
					t.Errorf("AIA request %s %s to %s with Authorization %q: want a bare GET", r.Method, r.URL, r.Host, r.Header.Get("Authorization"))
				}
			}
			if p == nil {
				return
			}
			// The fetched certificate is never trusted for the connection:
			// the next step dials afresh and is refused the same way.
			_, err = s.ProbeEndpoint(context.Background())
			wantCode(t, err, tt.want)
			if served != 0 {
				t.Errorf("%d requests reached the unverified server", served)
			}
		})
	}
}

func TestParseCertificates(t *testing.T) {
	root := newTestCA(t, "Contoso Test Root")
	issuing := root.intermediate(t, "Contoso Issuing CA 1", 0)
	tests := []struct {
		name string
		body []byte
		want int
	}{
		{"one DER certificate", issuing.cert.Raw, 1},
		{"two DER certificates one after another", append(append([]byte(nil), issuing.cert.Raw...), root.cert.Raw...), 2},
		{"PEM with text around it", append(append([]byte("Subject: Contoso Issuing CA 1\n"), pemOf(issuing.cert, root.cert)...), "trailer\n"...), 2},
		{"PEM with a key block skipped", append(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}}), pemOf(issuing.cert)...), 1},
		{"PEM without certificates", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}}), 0},
		{"PEM with a broken certificate", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{0x30, 0x03, 1, 2, 3}}), 0},
		{"empty", nil, 0},
		{"html", []byte("<html></html>"), 0},
	}
	for _, tt := range tests {
		certs, err := parseCertificates(tt.body)
		if len(certs) != tt.want || (tt.want == 0) != (err != nil) {
			t.Errorf("%s: got %d certificates, %v; want %d", tt.name, len(certs), err, tt.want)
		}
	}
}

func TestLooksLikeIntermediate(t *testing.T) {
	tests := []struct {
		name pkix.Name
		want bool
	}{
		{pkix.Name{CommonName: "Contoso Issuing CA 01"}, true},
		{pkix.Name{CommonName: "Fabrikam Intermediate CA G2"}, true},
		{pkix.Name{CommonName: "CONTOSO-SUBCA"}, true},
		{pkix.Name{CommonName: "Contoso Sub CA"}, true},
		{pkix.Name{CommonName: "Contoso CA", OrganizationalUnit: []string{"Subordinate Certification Authority"}}, true},
		{pkix.Name{CommonName: "CONTOSO-DC01-CA"}, false},
		{pkix.Name{CommonName: "Fabrikam Root CA"}, false},
		{pkix.Name{CommonName: "R3", Organization: []string{"Let's Encrypt"}}, false},
		{pkix.Name{}, false},
	}
	for _, tt := range tests {
		if got := looksLikeIntermediate(tt.name); got != tt.want {
			t.Errorf("looksLikeIntermediate(%v) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIssuerURL(t *testing.T) {
	tests := []struct {
		urls []string
		want string
	}{
		{[]string{"ldap:///CN=X,CN=AIA?cACertificate", "http://pki.contoso.test/x.crt"}, "http://pki.contoso.test/x.crt"},
		{[]string{"HTTP://PKI.contoso.test/x.crt"}, "HTTP://PKI.contoso.test/x.crt"},
		{[]string{"https://pki.contoso.test/x.crt"}, ""},
		{[]string{"http://"}, ""},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := issuerURL(&x509.Certificate{IssuingCertificateURL: tt.urls}); got != tt.want {
			t.Errorf("issuerURL(%q) = %q, want %q", tt.urls, got, tt.want)
		}
	}
}

// Only a plain http:// URL with a host and no user info is ever fetched.
func TestFetchCertificatesRefusesOtherURLs(t *testing.T) {
	for _, raw := range []string{"https://pki.contoso.test/x.crt", "http://user:pw@pki.contoso.test/x.crt", "http:///x.crt", "ftp://pki.contoso.test/x.crt", "http://[::1"} {
		n := Network{Resolver: fakeResolver{err: &net.DNSError{Err: "must not be asked", IsNotFound: true}}}
		if _, err := fetchCertificates(context.Background(), n, raw); err == nil || !strings.Contains(err.Error(), "not a plain http://") {
			t.Errorf("%s: got %v, want a refusal", raw, err)
		}
	}
}
