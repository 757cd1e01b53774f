package exchange

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

// legRecorder notes each request a test server gets, as "METHOD what its
// Authorization carried": "-", "NTLM NEGOTIATE", "Negotiate AUTHENTICATE",
// "Basic", and keeps the NEGOTIATE messages, for inspection.
type legRecorder struct {
	next http.Handler

	mu         sync.Mutex
	legs       []string
	negotiates [][]byte
}

func (l *legRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	what := "-"
	if scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok {
		what = scheme
		if msg, err := base64.StdEncoding.DecodeString(token); err == nil && len(msg) > 8 && bytes.HasPrefix(msg, []byte(ntlmSignature)) {
			switch msg[8] {
			case 1:
				what += " NEGOTIATE"
				l.mu.Lock()
				l.negotiates = append(l.negotiates, msg)
				l.mu.Unlock()
			case 3:
				what += " AUTHENTICATE"
			}
		}
	}
	l.mu.Lock()
	l.legs = append(l.legs, r.Method+" "+what)
	l.mu.Unlock()
	l.next.ServeHTTP(w, r)
}

func (l *legRecorder) seen() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.legs...)
}

// startRecordedEWS is startFakeEWS with every request recorded.
func startRecordedEWS(t *testing.T, f *fakeEWS, creds Credentials) (*testServer, *Session, *legRecorder) {
	t.Helper()
	ca := newTestCA(t, "Contoso Test Root")
	cert := ca.issue(t, leafOptions{cn: testHost})
	f.cert = cert.Leaf
	rec := &legRecorder{next: f}
	ts := startTLSServer(t, cert, rec)
	s := NewSession(ts.url(), testNetwork("127.0.0.1:"+ts.port(), ca.pool), creds)
	t.Cleanup(func() { s.Close() })
	return ts, s, rec
}

// The endpoint probe's GET carries the NTLM NEGOTIATE; IIS answers it with
// the CHALLENGE alone, and the sign-in answers that CHALLENGE with the
// AUTHENTICATE and the GetFolder: one request fewer than a handshake of
// its own.
func TestProbeBringsTheChallenge(t *testing.T) {
	f := newFakeEWS()
	ts, s, rec := startRecordedEWS(t, f, Credentials{Email: testEmail, Login: `CONTOSO\alice`, Password: testPassword})
	if err := runUntil(t, s, "tls"); err != nil {
		t.Fatal(err)
	}
	ep, err := s.ProbeEndpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// What the 401 named, no more: IIS names only NTLM when it answers
	// a NEGOTIATE.
	if !slices.Equal(ep.AuthSchemes, []string{"NTLM"}) || ep.Status != http.StatusUnauthorized {
		t.Errorf("endpoint %+v, want 401 naming NTLM", ep)
	}
	res, err := s.SignIn(context.Background())
	if err != nil || res.Scheme != "NTLM" {
		t.Fatalf("sign-in %+v, %v", res, err)
	}
	// The last is the password-expiry question on the signed-in connection.
	if got, want := rec.seen(), []string{"GET NTLM NEGOTIATE", "POST NTLM AUTHENTICATE", "POST -"}; !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
	if n := ts.conns.Load(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
	if got := s.Server().AuthSchemes; !slices.Equal(got, []string{"NTLM"}) {
		t.Errorf("server info says %q is offered, want what the 401 named: NTLM", got)
	}
	// A NEGOTIATE names no one and proves nothing.
	neg := rec.negotiates[0]
	for _, secret := range []string{"alice", "CONTOSO", testPassword} {
		if bytes.Contains(bytes.ToLower(neg), bytes.ToLower([]byte(secret))) || bytes.Contains(neg, utf16le(secret)) {
			t.Errorf("the NEGOTIATE on the GET carries %q", secret)
		}
	}
}

// Servers that do not answer the probe's NEGOTIATE with an NTLM CHALLENGE
// get today's sign-in: a handshake of its own, or Basic.
func TestSignInWithoutTheProbesChallenge(t *testing.T) {
	tests := []struct {
		name      string
		schemes   []string
		plainGet  bool
		challenge func(scheme string, chal []byte) []string
		offered   []string // the server info's schemes after the probe
		scheme    string
		legs      []string // after the probe's GET
	}{
		{name: "the NEGOTIATE on a GET is ignored", plainGet: true, offered: []string{"Negotiate", "NTLM"}, scheme: "NTLM",
			legs: []string{"POST NTLM NEGOTIATE", "POST NTLM AUTHENTICATE"}},
		{name: "negotiate only", schemes: []string{"Negotiate"}, offered: []string{"Negotiate"}, scheme: "Negotiate",
			legs: []string{"POST Negotiate NEGOTIATE", "POST Negotiate AUTHENTICATE"}},
		{name: "basic only", schemes: []string{`Basic realm="mail.contoso.test"`}, offered: []string{"Basic"}, scheme: "Basic",
			legs: []string{"POST Basic"}},
		{name: "the NEGOTIATE answered under Negotiate",
			challenge: func(_ string, chal []byte) []string {
				return []string{"Negotiate " + base64.StdEncoding.EncodeToString(chal)}
			},
			offered: []string{"Negotiate"}, scheme: "Negotiate",
			legs: []string{"POST Negotiate NEGOTIATE", "POST Negotiate AUTHENTICATE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			if tt.schemes != nil {
				f.schemes = tt.schemes
			}
			f.plainGet, f.challenge = tt.plainGet, tt.challenge
			ts, s, rec := startRecordedEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "endpoint"); err != nil {
				t.Fatal(err)
			}
			if got := s.Server().AuthSchemes; !slices.Equal(got, tt.offered) {
				t.Errorf("offered %q, want %q", got, tt.offered)
			}
			res, err := s.SignIn(context.Background())
			if err != nil || res.Scheme != tt.scheme {
				t.Fatalf("sign-in %+v, %v; want %s", res, err, tt.scheme)
			}
			got := rec.seen()
			if got[0] != "GET NTLM NEGOTIATE" || len(got) < 1+len(tt.legs) || !slices.Equal(got[1:1+len(tt.legs)], tt.legs) {
				t.Errorf("requests %q, want the probe's GET, then %q", got, tt.legs)
			}
			if n := ts.conns.Load(); n != 1 {
				t.Errorf("%d connections, want 1", n)
			}
		})
	}
}
