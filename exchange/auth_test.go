package exchange

import (
	"context"
	"strings"
	"testing"

	"ewsconnect/i18n"
)

// startFakeEWS serves f on a certificate from a fresh CA and returns a
// session for creds against it.
func startFakeEWS(t *testing.T, f *fakeEWS, creds Credentials) (*testServer, *Session) {
	t.Helper()
	ca := newTestCA(t, "Contoso Test Root")
	cert := ca.issue(t, leafOptions{cn: testHost})
	f.cert = cert.Leaf
	ts := startTLSServer(t, cert, f)
	s := NewSession(ts.url(), testNetwork("127.0.0.1:"+ts.port(), ca.pool), creds)
	t.Cleanup(func() { s.Close() })
	return ts, s
}

func TestHealthyRunUsesOneConnection(t *testing.T) {
	for _, cb := range []bool{false, true} {
		name := "ntlm, no Extended Protection"
		if cb {
			name = "ntlm, Extended Protection required (channel binding)"
		}
		t.Run(name, func(t *testing.T) {
			f := newFakeEWS()
			f.acceptor.RequireChannelBinding = cb
			ts, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "send"); err != nil {
				t.Fatalf("healthy run failed: %v (acceptor: %v)", err, f.authErr)
			}
			if conns, hs := s.Stats(); conns != 1 || hs != 1 {
				t.Errorf("client made %d connections and %d handshakes, want 1 and 1", conns, hs)
			}
			if n := ts.conns.Load(); n != 1 {
				t.Errorf("server accepted %d connections, want 1", n)
			}
			if got, want := strings.Join(f.operations(), ","), "GetFolder,GetPasswordExpirationDate,CreateItem"; got != want {
				t.Errorf("operations %s, want %s", got, want)
			}
			info := s.Server()
			if info.AuthUsed != "NTLM" || info.NetBIOSDomain != testDomain || info.Build != "15.2.1544.4" ||
				info.Version != "Exchange Server 2019 CU14" || info.Schema != "V2017_07_11" || info.FrontEnd != "EXCH01" {
				t.Errorf("server info %+v", info)
			}
		})
	}
}

func TestSignIn(t *testing.T) {
	tests := []struct {
		name     string
		schemes  []string
		creds    Credentials
		wantCode Code
		wantUser string // suggestion
		scheme   string
	}{
		{name: "ntlm, UPN login", creds: Credentials{Email: testEmail, Password: testPassword}, scheme: "NTLM"},
		{name: "ntlm, DOMAIN\\user login", creds: Credentials{Email: testEmail, Login: `CONTOSO\alice`, Password: testPassword}, scheme: "NTLM"},
		{name: "ntlm, domain in lower case", creds: Credentials{Email: testEmail, Login: `contoso\ALICE`, Password: testPassword}, scheme: "NTLM"},
		{name: "ntlm, wrong password", creds: Credentials{Email: testEmail, Password: "nope"}, wantCode: CodeAuthFailed, wantUser: `CONTOSO\alice`},
		{name: "ntlm, wrong password with the suggested login", creds: Credentials{Email: testEmail, Login: `CONTOSO\alice`, Password: "nope"}, wantCode: CodeAuthFailed},
		{name: "ntlm, wrong domain", creds: Credentials{Email: testEmail, Login: `FABRIKAM\alice`, Password: testPassword}, wantCode: CodeAuthFailed, wantUser: `CONTOSO\alice`},
		{name: "negotiate only, raw NTLM inside", schemes: []string{"Negotiate"}, creds: Credentials{Email: testEmail, Password: testPassword}, scheme: "Negotiate"},
		{name: "basic only", schemes: []string{`Basic realm="mail.contoso.test"`}, creds: Credentials{Email: testEmail, Password: testPassword}, scheme: "Basic"},
		{name: "basic, wrong password", schemes: []string{`Basic realm="mail.contoso.test"`}, creds: Credentials{Email: testEmail, Password: "nope"}, wantCode: CodeAuthFailed},
		{name: "ntlm preferred over basic", schemes: []string{`Basic realm="x"`, "NTLM"}, creds: Credentials{Email: testEmail, Password: testPassword}, scheme: "NTLM"},
		{name: "bearer only, on-premises Exchange 2019", schemes: []string{`Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*"`}, creds: Credentials{Email: testEmail, Password: testPassword}, wantCode: CodeAuthModernOnly},
		{name: "digest only", schemes: []string{`Digest realm="x", nonce="y"`}, creds: Credentials{Email: testEmail, Password: testPassword}, wantCode: CodeAuthBasicDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			if tt.schemes != nil {
				f.schemes = tt.schemes
			}
			_, s := startFakeEWS(t, f, tt.creds)
			err := runUntil(t, s, "endpoint")
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.SignIn(context.Background())
			p := wantCode(t, err, tt.wantCode)
			if got := s.Suggestions().Username; got != tt.wantUser {
				t.Errorf("username suggestion %q, want %q", got, tt.wantUser)
			}
			if p != nil {
				if strings.Contains(p.Detail, tt.creds.Password) {
					t.Errorf("detail shows the password: %q", p.Detail)
				}
				if p.Code == CodeAuthFailed && p.Field != FieldCredentials {
					t.Errorf("auth-failed points at %s, want credentials", p.Field)
				}
				return
			}
			if res.Scheme != tt.scheme || res.Login != tt.creds.LoginName() {
				t.Errorf("got %+v, want scheme %s, login %s", res, tt.scheme, tt.creds.LoginName())
			}
		})
	}
}

func TestSignInFailureEvidence(t *testing.T) {
	f := newFakeEWS()
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: "wrong"})
	p := wantCode(t, runUntil(t, s, "auth"), CodeAuthFailed)
	wantDetail(t, p, "NTLM", "HTTP 401", "CONTOSO", "Extended Protection")
}

// A refused sign-in reads in Polish: the status line's reason phrase and
// the server's words stay quoted as they came.
func TestSignInFailureEvidenceInPolish(t *testing.T) {
	f := newFakeEWS()
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: "wrong"})
	p := wantCode(t, runUntil(t, s, "auth"), CodeAuthFailed)
	got := p.DetailIn(i18n.PL)
	for _, want := range []string{
		"serwer odrzucił logowanie NTLM jako " + testEmail + " (HTTP „401 Unauthorized”), z powiązaniem kanału",
		"domena NetBIOS CONTOSO",
		"kompilacja Exchange 15.2.1544.4, w której Extended Protection jest domyślnie włączona",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Polish detail %q does not contain %q", got, want)
		}
	}
}

func TestSignInBearerOnlyExchangeOnline(t *testing.T) {
	f := newFakeEWS()
	f.schemes = []string{`Bearer client_id="00000002-0000-0ff1-ce00-000000000000", authorization_uri="https://login.windows.net/common/oauth2/authorize", error="invalid_token",Basic Realm=""`}
	f.headers["X-Ms-Diagnostics"] = `2000003;reason="The audience claim value is invalid 'aud'.";error_category="invalid_resource"`
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	if err := runUntil(t, s, "endpoint"); err != nil {
		t.Fatal(err)
	}
	s.exchangeOnline = true // the fake stands in for outlook.office365.com
	_, err := s.SignIn(context.Background())
	p := wantCode(t, err, CodeAuthBasicDisabled)
	wantDetail(t, p, "Bearer", "Exchange Online accepts only OAuth", "2000003")
}

func TestSignInLockedOut(t *testing.T) {
	f := newFakeEWS()
	f.schemes = []string{`Basic realm="x"`}
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: "wrong"})
	if err := runUntil(t, s, "endpoint"); err != nil {
		t.Fatal(err)
	}
	// The lock-out text arrives in the body of the final 401.
	s.client.Transport = lockedOut{s.client.Transport}
	_, err := s.SignIn(context.Background())
	p := wantCode(t, err, CodeAuthFailed)
	wantDetail(t, p, `the server said: "`+lockedOutText+`"`)
}

// A 403 to the request that carried valid credentials means the sign-in
// was accepted and EWS refused the account: step auth passes, and the
// version step, which needs that first EWS answer, reports ews-disabled.
func TestForbiddenAfterSignInFailsTheVersionStep(t *testing.T) {
	for _, tt := range []struct {
		name    string
		schemes []string
		scheme  string
	}{
		{"ntlm, ews disabled for the account", []string{"Negotiate", "NTLM"}, "NTLM"},
		{"basic, ews disabled for the account", []string{`Basic realm="mail.contoso.test"`}, "Basic"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			f.schemes = tt.schemes
			f.answer = func(string, []byte) (int, string) {
				return 403, soapAnswer(svi2019, accessDeniedFault)
			}
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "endpoint"); err != nil {
				t.Fatal(err)
			}
			res, err := s.SignIn(context.Background())
			if err != nil || res.Scheme != tt.scheme {
				t.Fatalf("sign-in: %+v, %v; want it accepted with %s", res, err, tt.scheme)
			}
			_, err = s.CheckVersion(context.Background())
			p := wantCode(t, err, CodeEWSDisabled)
			wantDetail(t, p, "HTTP 403 Forbidden to GetFolder after signing in as "+testEmail+" ("+tt.scheme+")", "ewsconnect/",
				`ErrorAccessDenied; the server said: "Access is denied. Check credentials and try again."`)
			if !strings.HasSuffix(p.Detail, `again."`) {
				t.Errorf("the server's words should end the detail, unpunctuated after the quote: %q", p.Detail)
			}
			if info := s.Server(); info.Schema != "V2017_07_11" {
				t.Errorf("the 403's ServerVersionInfo should still be learned, got %+v", info)
			}
		})
	}
}

// A 403 to a later request of the signed-in session names the sign-in it
// carried.
func TestForbiddenAfterSignInLaterStep(t *testing.T) {
	f := newFakeEWS()
	f.answer = func(op string, body []byte) (int, string) {
		if op == "CreateItem" {
			return 403, soapAnswer(svi2019, accessDeniedFault)
		}
		return healthyAnswer(op, body)
	}
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	p := wantCode(t, runUntil(t, s, "send"), CodeEWSDisabled)
	wantDetail(t, p, "HTTP 403 Forbidden after signing in as "+testEmail+" (NTLM)")
}
