package exchange

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
)

// startInspectedEWS serves f with a certificate from an inspecting proxy's
// CA (trusted by the client, as company computers trust their firewall's),
// while f's acceptor binds NTLM to the server's own certificate, as
// Exchange behind a TLS-inspecting proxy does.
func startInspectedEWS(t *testing.T, f *fakeEWS, creds Credentials) (*testServer, *Session, *legRecorder) {
	t.Helper()
	proxyCA := newTestCA(t, "Contoso Inspection CA")
	shown := proxyCA.issue(t, leafOptions{cn: testHost})
	f.cert = newTestCA(t, "Contoso Test Root").issue(t, leafOptions{cn: testHost}).Leaf
	rec := &legRecorder{next: f}
	ts := startTLSServer(t, shown, rec)
	s := NewSession(ts.url(), testNetwork("127.0.0.1:"+ts.port(), proxyCA.pool), creds)
	t.Cleanup(func() { s.Close() })
	return ts, s, rec
}

// A sign-in whose channel binding is refused is tried once more without
// one, never more: a server with Extended Protection in Accept mode that
// sees another certificate takes that, with a warning naming the
// certificate this client saw; refused again, it is auth-failed.
func TestSignInChannelBinding(t *testing.T) {
	tests := []struct {
		name          string
		inspected     bool // the server binds to another certificate than the one shown
		require       bool // Extended Protection: Require (else Accept, or off)
		password      string
		lockedOut     bool
		owaVersion    string // the front end's build, when not the fake's own
		want          Code   // "" or the warning's code when the sign-in works
		authenticates int
		detail        []string
	}{
		{name: "no extended protection", authenticates: 1},
		{name: "extended protection required, the binding matches", require: true, authenticates: 1},
		{name: "accept mode behind a tls-inspecting proxy", inspected: true, want: CodeAuthChannelBinding, authenticates: 2,
			detail: []string{"subject " + testHost + ", issuer Contoso Inspection CA, SHA-256 ",
				"NTLM sign-in as " + testEmail + " refused with a channel binding to it, accepted without one (Extended Protection in Accept mode)"}},
		{name: "require mode behind a tls-inspecting proxy", inspected: true, require: true, want: CodeAuthFailed, authenticates: 2,
			detail: []string{"refused (HTTP 401 Unauthorized), with a channel binding and again without one", "Extended Protection"}},
		{name: "wrong password", password: "not-the-password", want: CodeAuthFailed, authenticates: 2,
			detail: []string{"with a channel binding and again without one"}},
		{name: "wrong password, on a build before Extended Protection", password: "not-the-password", owaVersion: "15.1.2242.4",
			want: CodeAuthFailed, authenticates: 1, detail: []string{"NTLM sign-in as " + testEmail + " refused"}},
		{name: "wrong password, account locked out", password: "not-the-password", lockedOut: true, want: CodeAuthFailed, authenticates: 1,
			detail: []string{lockedOutText}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			f.acceptor.RequireChannelBinding = tt.require
			if tt.owaVersion != "" {
				f.headers["X-OWA-Version"] = tt.owaVersion
			}
			creds := Credentials{Email: testEmail, Password: testPassword}
			if tt.password != "" {
				creds.Password = tt.password
			}
			var s *Session
			if tt.inspected {
				_, s, _ = startInspectedEWS(t, f, creds)
			} else {
				_, s = startFakeEWS(t, f, creds)
			}
			if err := runUntil(t, s, "endpoint"); err != nil {
				t.Fatal(err)
			}
			if tt.lockedOut {
				s.client.Transport = lockedOut{s.client.Transport}
			}
			res, err := s.SignIn(context.Background())
			if n := f.authenticateCount(); n != tt.authenticates {
				t.Errorf("%d AUTHENTICATE messages, want %d", n, tt.authenticates)
			}
			var p *Problem
			switch {
			case tt.want == CodeAuthChannelBinding:
				if err != nil || len(res.Warnings) != 1 || res.Warnings[0].Code != tt.want {
					t.Fatalf("got %+v, %v; want a sign-in with the warning %s", res, err, tt.want)
				}
				p = res.Warnings[0]
				if p.Field != FieldServer {
					t.Errorf("field %s, want server", p.Field)
				}
			case tt.want != "":
				p = wantCode(t, err, tt.want)
			case err != nil || len(res.Warnings) != 0:
				t.Fatalf("got %+v, %v; want a sign-in without warnings", res, err)
			}
			if p != nil {
				wantDetail(t, p, tt.detail...)
				if strings.Contains(p.Detail, creds.Password) || strings.Contains(p.Detail, "TlRMTVNTUA") {
					t.Errorf("a secret reached the detail: %q", p.Detail)
				}
			}
		})
	}
}

// The warning's fingerprint is the SHA-256 of the certificate this client
// was shown, for IT to compare with the one the server holds.
func TestChannelBindingWarningNamesTheCertificateSeen(t *testing.T) {
	f := newFakeEWS()
	ts, s, _ := startInspectedEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	res, err := func() (AuthResult, error) {
		if err := runUntil(t, s, "endpoint"); err != nil {
			return AuthResult{}, err
		}
		return s.SignIn(context.Background())
	}()
	if err != nil || len(res.Warnings) != 1 {
		t.Fatalf("got %+v, %v", res, err)
	}
	shown := fmt.Sprintf("%X", sha256.Sum256(ts.cert.Leaf.Raw))
	own := fmt.Sprintf("%X", sha256.Sum256(f.cert.Raw))
	if d := res.Warnings[0].Detail; !strings.Contains(d, shown) || strings.Contains(d, own) {
		t.Errorf("detail %q should name the certificate shown (%s), not the server's own", d, shown)
	}
}

// Signed in without a binding, the session goes on that way: the later
// steps run on the signed-in connection, and a lost connection is signed
// in again without a binding, once.
func TestUnboundSignInCarriesOn(t *testing.T) {
	f := newFakeEWS()
	_, s, rec := startInspectedEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	if err := runUntil(t, s, "version"); err != nil {
		t.Fatal(err)
	}
	s.transport.CloseIdleConnections() // a server's idle timeout
	ctx := context.Background()
	if _, err := s.CheckMailbox(ctx); err != nil {
		t.Fatalf("after the connection was lost: %v (%q)", err, rec.seen())
	}
	if _, err := s.SendTestMessage(ctx, ""); err != nil {
		t.Fatal(err)
	}
	// Bound and refused, unbound, and unbound again on the new connection.
	if n := f.authenticateCount(); n != 3 {
		t.Errorf("%d AUTHENTICATE messages, want 3: %q", n, rec.seen())
	}
}

// Basic is never tried twice: it carries no channel binding.
func TestBasicRefusalIsNotRetried(t *testing.T) {
	f := newFakeEWS()
	f.schemes = []string{`Basic realm="mail.contoso.test"`}
	_, s, rec := startRecordedEWS(t, f, Credentials{Email: testEmail, Password: "not-the-password"})
	wantCode(t, runUntil(t, s, "auth"), CodeAuthFailed)
	basic := 0
	for _, leg := range rec.seen() {
		if strings.HasSuffix(leg, " Basic") {
			basic++
		}
	}
	if basic != 1 {
		t.Errorf("%d Basic sign-ins, want 1: %q", basic, rec.seen())
	}
}
