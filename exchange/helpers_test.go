package exchange

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testHost is the name every test server answers for; tests reach it
// through Network.Resolve, never through DNS.
const testHost = "mail.contoso.test"

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  crypto.Signer
	pool *x509.CertPool // trusts this CA (or, for an intermediate, its root)
}

func newTestCA(t testing.TB, name string) *testCA {
	t.Helper()
	return newTestCAWithKey(t, name, newKey(t))
}

// newTestCAWithKey makes a self-signed root CA with key.
func newTestCAWithKey(t testing.TB, name string, key crypto.Signer) *testCA {
	t.Helper()
	tmpl := caTemplate(name)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// intermediate makes a CA signed by ca with sigAlg (0: the default),
// changed by any edits; its pool trusts ca's root.
func (ca *testCA) intermediate(t testing.TB, name string, sigAlg x509.SignatureAlgorithm, edits ...func(*x509.Certificate)) *testCA {
	t.Helper()
	key := newKey(t)
	tmpl := caTemplate(name)
	tmpl.SignatureAlgorithm = sigAlg
	for _, edit := range edits {
		edit(tmpl)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pool: ca.pool}
}

func caTemplate(name string) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"Contoso Test"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
}

// leafOptions shape a server certificate.
type leafOptions struct {
	cn         string
	dnsNames   []string // nil: [testHost]; use noNames for none
	notBefore  time.Time
	notAfter   time.Time
	selfSigned bool
	sigAlg     x509.SignatureAlgorithm
	key        crypto.Signer // nil: a new P-256 key
	// chain is sent after the leaf, as a server sends its intermediates.
	chain []*x509.Certificate
}

var noNames = []string{}

// issue makes a server certificate signed by ca (or by itself).
func (ca *testCA) issue(t testing.TB, o leafOptions) tls.Certificate {
	t.Helper()
	key := o.key
	if key == nil {
		key = newKey(t)
	}
	if o.dnsNames == nil {
		o.dnsNames = []string{testHost}
	}
	if o.notBefore.IsZero() {
		o.notBefore = time.Now().Add(-time.Hour)
	}
	if o.notAfter.IsZero() {
		o.notAfter = time.Now().Add(12 * time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber:       big.NewInt(time.Now().UnixNano()),
		Subject:            pkix.Name{CommonName: o.cn},
		DNSNames:           o.dnsNames,
		NotBefore:          o.notBefore,
		NotAfter:           o.notAfter,
		KeyUsage:           x509.KeyUsageDigitalSignature,
		ExtKeyUsage:        []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		SignatureAlgorithm: o.sigAlg,
	}
	parent, signer := ca.cert, ca.key
	if o.selfSigned {
		tmpl.Subject.Organization = []string{"Self"}
		parent, signer = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
	for _, c := range o.chain {
		cert.Certificate = append(cert.Certificate, c.Raw)
	}
	return cert
}

// issueChained is issue with ca's own certificate sent after the leaf,
// as a server sends its intermediate.
func (ca *testCA) issueChained(t testing.TB, o leafOptions) tls.Certificate {
	t.Helper()
	o.chain = append(o.chain, ca.cert)
	return ca.issue(t, o)
}

// rsaKey makes an RSA key of bits (1024 is the least crypto/rsa allows).
func rsaKey(t testing.TB, bits int) *rsa.PrivateKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// testServer is an httptest TLS server for testHost that counts the
// connections it accepts.
type testServer struct {
	*httptest.Server
	cert  tls.Certificate
	conns atomic.Int32
}

// startTLSServer serves h over TLS with cert on a loopback port.
func startTLSServer(t testing.TB, cert tls.Certificate, h http.Handler) *testServer {
	t.Helper()
	ts := &testServer{cert: cert}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			ts.conns.Add(1)
		}
	}
	srv.Config.ConnContext = func(ctx context.Context, _ net.Conn) context.Context {
		return context.WithValue(ctx, connStateKey{}, &connState{})
	}
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	ts.Server = srv
	t.Cleanup(srv.Close)
	return ts
}

// connState is a test server's per-connection state (the NTLM handshake).
type connState struct {
	ntlm   any
	authed string // the accepted login
}

type connStateKey struct{}

func connStateOf(r *http.Request) *connState {
	cs, _ := r.Context().Value(connStateKey{}).(*connState)
	return cs
}

// port is the server's loopback port.
func (ts *testServer) port() string {
	_, port, _ := net.SplitHostPort(ts.Listener.Addr().String())
	return port
}

// url is the EWS URL on testHost (reached through Network.Resolve).
func (ts *testServer) url() string {
	return "https://" + testHost + ":" + ts.port() + ewsPath
}

// network trusts roots and resolves testHost to the loopback listener.
func testNetwork(addr string, roots *x509.CertPool) Network {
	return Network{
		Resolve: map[string]string{testHost: addr},
		RootCAs: roots,
		Timeout: 3 * time.Second,
	}
}

// runUntil runs the session's steps in order up to and including last,
// stopping at the first error, and returns that error.
func runUntil(t testing.TB, s *Session, last string) error {
	t.Helper()
	ctx := context.Background()
	steps := []struct {
		id  string
		run func() error
	}{
		{"url", func() error { _, err := s.CheckURL(); return err }},
		{"dns", func() error { _, err := s.LookupHost(ctx); return err }},
		{"connect", func() error { _, err := s.Connect(ctx); return err }},
		{"tls", func() error { _, err := s.Handshake(ctx); return err }},
		{"endpoint", func() error { _, err := s.ProbeEndpoint(ctx); return err }},
		{"auth", func() error { _, err := s.SignIn(ctx); return err }},
		{"version", func() error { _, err := s.CheckVersion(ctx); return err }},
		{"mailbox", func() error { _, err := s.CheckMailbox(ctx); return err }},
		{"send", func() error { _, err := s.SendTestMessage(ctx, ""); return err }},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			return err
		}
		if st.id == last {
			return nil
		}
	}
	return nil
}

// wantCode fails the test unless err is a *Problem with code want.
func wantCode(t testing.TB, err error, want Code) *Problem {
	t.Helper()
	p := AsProblem(err)
	if want == "" {
		if err != nil {
			t.Fatalf("got %v, want no error", err)
		}
		return nil
	}
	if p == nil {
		t.Fatalf("got %v (%T), want problem %s", err, err, want)
	}
	if p.Code != want {
		t.Fatalf("got %s (%s), want %s", p.Code, p.Detail, want)
	}
	return p
}

// wantDetail fails unless the problem's detail contains every part.
func wantDetail(t testing.TB, p *Problem, parts ...string) {
	t.Helper()
	for _, part := range parts {
		if !strings.Contains(p.Detail, part) {
			t.Errorf("detail %q does not contain %q", p.Detail, part)
		}
	}
}

// startRawServer accepts loopback TCP connections, counting them, and
// hands each to handle, closing it afterwards.
func startRawServer(t testing.TB, handle func(net.Conn)) (addr string, conns *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	conns = new(atomic.Int32)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() {
				defer c.Close()
				handle(c)
			}()
		}
	}()
	return l.Addr().String(), conns
}

// readRecord reads one TLS record, such as the client's ClientHello.
func readRecord(c net.Conn) error {
	header := make([]byte, 5)
	if _, err := io.ReadFull(c, header); err != nil {
		return err
	}
	_, err := io.CopyN(io.Discard, c, int64(binary.BigEndian.Uint16(header[3:])))
	return err
}
