package autodiscover

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim/ntlmaccept"
)

const (
	testEmail    = "alice@contoso.test"
	testPassword = "Zebra-7731-Quasar!pw"
)

// testCA issues the test servers' certificates.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newTestCA(t testing.TB) *testCA {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Autodiscover Test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

func (ca *testCA) issue(t testing.TB, names ...string) tls.Certificate {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(12 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// world is one test's Internet: its servers, names, resolver and the
// count of requests that carried credentials.
type world struct {
	t         *testing.T
	ca        *testCA
	resolve   map[string]string
	connectTo []exchange.ConnectTo // the plain HTTP servers, on port 80 of their names
	resolver  *fakeResolver
	// inFlight and maxInFlight count requests with an Authorization
	// header across every server of the world, at the same moment.
	inFlight, maxInFlight atomic.Int32
}

func newWorld(t *testing.T) *world {
	return &world{t: t, ca: newTestCA(t), resolve: map[string]string{}, resolver: newFakeResolver()}
}

// network trusts the world's CA and finds its names; timeout bounds steps.
func (w *world) network(timeout time.Duration) exchange.Network {
	return exchange.Network{Resolve: w.resolve, ConnectTo: w.connectTo, Resolver: w.resolver, RootCAs: w.ca.pool, Timeout: timeout}
}

// options are Discover's inputs for alice.
func (w *world) options(timeout time.Duration) Options {
	return Options{
		Credentials: exchange.Credentials{Email: testEmail, Password: testPassword},
		Network:     w.network(timeout),
	}
}

// adServer is an autodiscover server: it signs in with NTLM (per
// connection, as IIS does) or Basic (per request) and answers the POX
// request with answer, and the v2 JSON GET with json.
type adServer struct {
	*httptest.Server
	w        *world
	schemes  []string // WWW-Authenticate values on 401
	acceptor *ntlmaccept.Acceptor
	cert     *x509.Certificate
	// answer is the POX answer for the address in the request.
	answer func(email string) string
	// byHost, when set, answers instead, by the name the request was for.
	byHost func(host string) string
	// json answers the v2 GET; nil is a 404.
	json func(email string) (int, string)
	// noChallenge answers the NEGOTIATE with a 401 without a CHALLENGE.
	noChallenge bool

	mu        sync.Mutex
	authed    int             // requests that carried an Authorization header
	passwords int             // of them, those carrying a password's proof (AUTHENTICATE, Basic)
	poxConns  map[string]bool // remote addresses that carried autodiscover.xml requests
	emails    []string        // addresses asked for after sign-in
	logins    []string        // logins accepted
	requests  int
}

type connState struct {
	ntlm   *ntlmaccept.State
	authed string
}

type connKey struct{}

// serve starts an autodiscover server for names (its certificate's
// names, all routed to it).
func (w *world) serve(names ...string) *adServer {
	s := &adServer{
		w:       w,
		schemes: []string{"Negotiate", "NTLM"},
		acceptor: &ntlmaccept.Acceptor{
			NetBIOSDomain: "CONTOSO", Computer: "EXCH01", DNSDomain: "contoso.test",
			Lookup: func(domain, user string) (string, bool) {
				switch strings.ToLower(user) {
				case "alice", testEmail:
					return testPassword, true
				}
				return "", false
			},
		},
		answer:   func(string) string { return settingsXML("https://mail.contoso.test/EWS/Exchange.asmx", "") },
		poxConns: map[string]bool{},
	}
	cert := w.ca.issue(w.t, names...)
	s.cert = cert.Leaf
	srv := httptest.NewUnstartedServer(s)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Config.ConnContext = func(ctx context.Context, _ net.Conn) context.Context {
		return context.WithValue(ctx, connKey{}, &connState{})
	}
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	w.t.Cleanup(srv.Close)
	s.Server = srv
	for _, n := range names {
		w.resolve[n] = srv.Listener.Addr().String()
	}
	return s
}

func (s *adServer) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	if strings.Contains(strings.ToLower(r.URL.Path), "autodiscover.json") {
		if s.json == nil {
			http.NotFound(rw, r)
			return
		}
		email := strings.TrimPrefix(r.URL.Path, "/autodiscover/autodiscover.json/v1.0/")
		status, answer := s.json(email)
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(status)
		io.WriteString(rw, answer)
		return
	}
	if !strings.EqualFold(r.URL.Path, "/autodiscover/autodiscover.xml") {
		http.NotFound(rw, r)
		return
	}
	s.mu.Lock()
	s.poxConns[r.RemoteAddr] = true
	s.mu.Unlock()
	if r.Header.Get("Authorization") != "" {
		n := s.w.inFlight.Add(1)
		for {
			m := s.w.maxInFlight.Load()
			if n <= m || s.w.maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond) // widen the window in which overlap would show
		defer s.w.inFlight.Add(-1)
		s.mu.Lock()
		s.authed++
		s.mu.Unlock()
	}
	cs := r.Context().Value(connKey{}).(*connState)
	if cs.authed == "" && !s.signIn(rw, r, cs) {
		return
	}
	email := between(string(body), "<EMailAddress>", "</EMailAddress>")
	s.mu.Lock()
	s.emails = append(s.emails, email)
	s.mu.Unlock()
	rw.Header().Set("Content-Type", "text/xml; charset=utf-8")
	if s.byHost != nil {
		host, _, _ := strings.Cut(r.Host, ":")
		io.WriteString(rw, s.byHost(host))
		return
	}
	io.WriteString(rw, s.answer(email))
}

func (s *adServer) signIn(rw http.ResponseWriter, r *http.Request, cs *connState) bool {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch {
	case strings.EqualFold(scheme, "Basic") && s.offers("Basic"):
		s.count(0)
		user, pass, _ := r.BasicAuth()
		if (strings.EqualFold(user, testEmail) || strings.EqualFold(user, `CONTOSO\alice`)) && pass == testPassword {
			s.accepted(user)
			return true
		}
	case (strings.EqualFold(scheme, "NTLM") || strings.EqualFold(scheme, "Negotiate")) && s.offers(scheme):
		msg, err := base64.StdEncoding.DecodeString(token)
		if err != nil || len(msg) < 12 {
			break
		}
		switch msg[8] {
		case 1:
			if s.noChallenge {
				break
			}
			chal, st, err := s.acceptor.Challenge(msg)
			if err != nil {
				break
			}
			cs.ntlm = st
			rw.Header().Set("WWW-Authenticate", scheme+" "+base64.StdEncoding.EncodeToString(chal))
			rw.WriteHeader(http.StatusUnauthorized)
			return false
		case 3:
			s.count(0)
			id, err := s.acceptor.Authenticate(cs.ntlm, msg, s.cert)
			if err == nil {
				cs.authed = id.String()
				s.accepted(id.String())
				return true
			}
		}
	}
	for _, v := range s.schemes {
		rw.Header().Add("WWW-Authenticate", v)
	}
	rw.WriteHeader(http.StatusUnauthorized)
	return false
}

func (s *adServer) count(int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.passwords++
}

func (s *adServer) accepted(login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logins = append(s.logins, login)
}

func (s *adServer) offers(scheme string) bool {
	for _, v := range s.schemes {
		name, _, _ := strings.Cut(v, " ")
		if strings.EqualFold(name, scheme) {
			return true
		}
	}
	return false
}

// stats are what the server saw: requests carrying credentials, password
// proofs, and connections that carried POX requests.
func (s *adServer) stats() (authed, passwords, poxConns int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authed, s.passwords, len(s.poxConns)
}

func (s *adServer) port() string {
	_, p, _ := net.SplitHostPort(s.Listener.Addr().String())
	return p
}

// plainServer is the HTTP redirect method's server on http://; it fails
// the test if a request ever carries credentials.
type plainServer struct {
	*httptest.Server
	requests atomic.Int32
}

func (w *world) servePlain(name string, h http.HandlerFunc) *plainServer {
	ps := &plainServer{}
	t := w.t
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ps.requests.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the plain HTTP request carried Authorization %q", r.Header.Get("Authorization"))
		}
		h(rw, r)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	ps.Server = srv
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	w.connectTo = append(w.connectTo, exchange.ConnectTo{Host: name, Port: "80", Addr: "127.0.0.1", Port2: port})
	return ps
}

// redirectTo is a plain handler answering status to loc.
func redirectTo(status int, loc string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Location", loc)
		rw.WriteHeader(status)
	}
}

// blackhole accepts connections for names and never answers.
func (w *world) blackhole(names ...string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	w.t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	for _, n := range names {
		w.resolve[n] = ln.Addr().String()
	}
}

// fakeResolver answers from its tables, records every name asked, and
// says NXDOMAIN for the rest. Names in hang wait for the caller to give up.
type fakeResolver struct {
	mu    sync.Mutex
	hosts map[string][]string
	srv   map[string][]*net.SRV
	hang  map[string]bool
	asked []string
}

func newFakeResolver() *fakeResolver {
	return &fakeResolver{hosts: map[string][]string{}, srv: map[string][]*net.SRV{}, hang: map[string]bool{}}
}

func (f *fakeResolver) record(name string) (hang bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, name)
	return f.hang[name]
}

func (f *fakeResolver) LookupHost(ctx context.Context, host string) ([]string, error) {
	if f.record(host) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.hosts[host]; ok {
		return a, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func (f *fakeResolver) LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	if f.record(name) {
		<-ctx.Done()
		return "", nil, ctx.Err()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.srv[name]; ok {
		return name, r, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func (f *fakeResolver) names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

// The POX answers.

func settingsXML(expr, exch string) string {
	var protos string
	if exch != "" {
		protos += "<Protocol><Type>EXCH</Type><EwsUrl>" + exch + "</EwsUrl></Protocol>"
	}
	if expr != "" {
		protos += "<Protocol><Type>EXPR</Type><EwsUrl>" + expr + "</EwsUrl></Protocol>"
	}
	return poxAccount("<Action>settings</Action>" + protos)
}

func redirectURLXML(u string) string {
	return poxAccount("<Action>redirectUrl</Action><RedirectUrl>" + u + "</RedirectUrl>")
}

func redirectAddrXML(a string) string {
	return poxAccount("<Action>redirectAddr</Action><RedirectAddr>" + a + "</RedirectAddr>")
}

func errorXML(code, msg string) string {
	return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response><Error Time="12:00:00" Id="1"><ErrorCode>` +
		code + `</ErrorCode><Message>` + msg + `</Message><DebugData/></Error></Response></Autodiscover>`
}

func poxAccount(inner string) string {
	return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><AccountType>email</AccountType>` +
		inner + `</Account></Response></Autodiscover>`
}

func between(s, a, b string) string {
	_, rest, ok := strings.Cut(s, a)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, b)
	return v
}

// wantCode checks err's problem code ("" for success).
func wantCode(t *testing.T, err error, want exchange.Code) *exchange.Problem {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("got error %v, want success", err)
		}
		return nil
	}
	p := exchange.AsProblem(err)
	if p == nil {
		t.Fatalf("got error %v, want %s", err, want)
	}
	if p.Code != want {
		t.Fatalf("got %s (%s), want %s", p.Code, p.Detail, want)
	}
	return p
}

// attemptsText lists the attempts for failure messages.
func attemptsText(res Result) string {
	var b strings.Builder
	for _, a := range res.Attempts {
		fmt.Fprintf(&b, "\n  %s %s -> %s: %s", a.Method, a.URL, a.Result, a.Detail)
	}
	return b.String()
}

// findAttempt is the first attempt of method m whose URL contains sub.
func findAttempt(res Result, m Method, sub string) (Attempt, bool) {
	for _, a := range res.Attempts {
		if a.Method == m && strings.Contains(a.URL, sub) {
			return a, true
		}
	}
	return Attempt{}, false
}
