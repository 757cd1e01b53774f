package exchange

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// ntlmMessageType is the type of the NTLM message in an Authorization
// header (1 NEGOTIATE, 3 AUTHENTICATE), 0 for anything else.
func ntlmMessageType(r *http.Request) byte {
	_, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	msg, err := base64.StdEncoding.DecodeString(token)
	if err != nil || len(msg) < 12 || string(msg[:8]) != ntlmSignature {
		return 0
	}
	return msg[8]
}

// balancer stands in front of f as a load balancer or proxy would: it
// adds via to every answer and, with otherBackend, sends each AUTHENTICATE
// to a second Exchange server (its X-FEServer and Server headers) that
// issued no CHALLENGE and so refuses it, as a balancer without affinity
// does.
type balancer struct {
	f            *fakeEWS
	via          string
	otherBackend map[string]string
}

func (b balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if b.via != "" {
		w.Header().Set("Via", b.via)
	}
	if b.otherBackend != nil && ntlmMessageType(r) == 3 {
		for k, v := range b.otherBackend {
			w.Header().Set(k, v)
		}
		for _, s := range b.f.schemes {
			w.Header().Add("WWW-Authenticate", s)
		}
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	b.f.ServeHTTP(w, r)
}

// A refused AUTHENTICATE is auth-connection-lost when the answers show the
// legs reached different servers or passed a proxy; the same refusal from
// the same server is a wrong password; and none of it matters when the
// sign-in works.
func TestSignInLegsEvidence(t *testing.T) {
	otherIIS := map[string]string{"X-FEServer": "EXCH02", "Server": "Microsoft-IIS/10.0"}
	tests := []struct {
		name     string
		password string
		lb       balancer
		server   string // the Server header of the Exchange behind
		want     Code
		detail   []string
		absent   []string
	}{
		{name: "front end changes between the legs", password: testPassword, lb: balancer{otherBackend: otherIIS}, server: "Microsoft-IIS/10.0",
			want: CodeAuthConnectionLost, detail: []string{"the AUTHENTICATE was refused (HTTP 401", "X-FEServer EXCH01 on the CHALLENGE, EXCH02 on the AUTHENTICATE", "never checked"}, absent: []string{"Server:"}},
		{name: "server software changes between the legs", password: testPassword, lb: balancer{otherBackend: map[string]string{"Server": "nginx/1.24.0", "X-FEServer": ""}}, server: "Microsoft-IIS/10.0",
			want: CodeAuthConnectionLost, detail: []string{`Server: "Microsoft-IIS/10.0" on the CHALLENGE, "nginx/1.24.0" on the AUTHENTICATE`, "never checked"}},
		{name: "via on the answers, the AUTHENTICATE refused", password: "not-the-password", lb: balancer{via: "1.1 lb.contoso.test"},
			want: CodeAuthConnectionLost, detail: []string{`a proxy is in the way (Via: "1.1 lb.contoso.test")`, "if it does, the password was wrong"}, absent: []string{"never checked"}},
		{name: "via and another front end", password: testPassword, lb: balancer{via: "1.1 lb.contoso.test", otherBackend: otherIIS},
			want: CodeAuthConnectionLost, detail: []string{"X-FEServer EXCH01 on the CHALLENGE, EXCH02", `Via: "1.1 lb.contoso.test"`, "never checked"}},
		{name: "same connection, same front end, no via: a wrong password", password: "not-the-password", server: "Microsoft-IIS/10.0",
			want: CodeAuthFailed, detail: []string{"HTTP 401"}, absent: []string{"Via", "X-FEServer"}},
		{name: "via with a sign-in that works", password: testPassword, lb: balancer{via: "1.1 lb.contoso.test"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			if tt.server != "" {
				f.headers["Server"] = tt.server
			}
			tt.lb.f = f
			ca := newTestCA(t, "Contoso Test Root")
			cert := ca.issue(t, leafOptions{cn: testHost})
			f.cert = cert.Leaf
			ts := startTLSServer(t, cert, tt.lb)
			s := NewSession(ts.url(), testNetwork("127.0.0.1:"+ts.port(), ca.pool), Credentials{Email: testEmail, Password: tt.password})
			defer s.Close()
			if err := runUntil(t, s, "endpoint"); err != nil {
				t.Fatal(err)
			}
			_, err := s.SignIn(context.Background())
			p := wantCode(t, err, tt.want)
			if p == nil {
				return
			}
			wantDetail(t, p, tt.detail...)
			for _, claim := range tt.absent {
				if strings.Contains(p.Detail, claim) {
					t.Errorf("detail %q claims %q", p.Detail, claim)
				}
			}
			if wantField := defaultField[tt.want]; p.Field != wantField {
				t.Errorf("field %s, want %s", p.Field, wantField)
			}
			if n := ts.conns.Load(); n != 1 {
				t.Errorf("%d connections, want the legs on one", n)
			}
		})
	}
}
