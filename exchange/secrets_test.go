package exchange

import (
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// distinctivePassword cannot occur by chance in any output.
const distinctivePassword = "Qx9!distinctive-PASSWORD-7f3e"

func TestCredentialsNeverPrintThePassword(t *testing.T) {
	c := Credentials{Email: testEmail, Login: `CONTOSO\alice`, Password: distinctivePassword}
	for _, out := range []string{
		fmt.Sprintf("%+v %#v", c, c),
		fmt.Sprintf("%v %s %q %x %X %d", c, c, c, c, c, c),
		fmt.Sprintf("%+v %#v", &c, &c),
		fmt.Sprintf("%+v", struct{ C Credentials }{c}),
		fmt.Sprint(c), c.String(), c.GoString(),
	} {
		if strings.Contains(out, distinctivePassword) || !strings.Contains(out, testEmail) {
			t.Errorf("printed the password or lost the email: %s", out)
		}
	}
	if got := fmt.Sprintf("%#v", c); !strings.Contains(got, `Password:"[redacted]"`) {
		t.Errorf("%%#v = %s", got)
	}
}

// Every string a failing (and a passing) run produces is free of the
// password, its base64 and the Basic header's base64.
func TestNoOutputContainsThePassword(t *testing.T) {
	secrets := []string{
		distinctivePassword,
		base64.StdEncoding.EncodeToString([]byte(distinctivePassword)),
		base64.StdEncoding.EncodeToString([]byte(testEmail + ":" + distinctivePassword)),
		"distinctive-PASSWORD",
	}
	scenarios := []struct {
		name    string
		schemes []string
		pass    string
		want    Code
	}{
		{name: "ntlm, wrong password", pass: distinctivePassword, want: CodeAuthFailed},
		{name: "basic, wrong password", schemes: []string{`Basic realm="x"`}, pass: distinctivePassword, want: CodeAuthFailed},
		{name: "bearer only", schemes: []string{"Bearer"}, pass: distinctivePassword, want: CodeAuthModernOnly},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			f := newFakeEWS()
			if sc.schemes != nil {
				f.schemes = sc.schemes
			}
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: sc.pass})
			err := runUntil(t, s, "send")
			p := wantCode(t, err, sc.want)
			var outputs []string
			for e := error(err); e != nil; e = errors.Unwrap(e) {
				outputs = append(outputs, e.Error(), fmt.Sprintf("%+v %#v", e, e))
			}
			outputs = append(outputs, p.Detail, fmt.Sprintf("%+v %#v", p, *p),
				fmt.Sprintf("%+v %#v", s, s), fmt.Sprintf("%+v", reflect.ValueOf(s).Elem()),
				fmt.Sprintf("%+v", s.Server()), fmt.Sprintf("%+v", s.Suggestions()))
			for _, out := range outputs {
				for _, secret := range secrets {
					if strings.Contains(out, secret) {
						t.Errorf("output contains a secret: %s", out)
					}
				}
			}
		})
	}
	t.Run("passing run", func(t *testing.T) {
		f := newFakeEWS()
		f.acceptor.Lookup = func(string, string) (string, bool) { return distinctivePassword, true }
		_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: distinctivePassword})
		if err := runUntil(t, s, "send"); err != nil {
			t.Fatal(err)
		}
		raw := fmt.Sprintf("%+v", reflect.ValueOf(s).Elem())
		if !strings.Contains(raw, "creds:") {
			t.Fatalf("the raw print shows no fields: %s", raw)
		}
		for _, out := range []string{fmt.Sprintf("%+v %#v", s, s), raw, fmt.Sprintf("%+v", s.Server())} {
			if strings.Contains(out, distinctivePassword) {
				t.Errorf("output contains the password: %s", out)
			}
		}
	})
}

func TestUsernameSuggestion(t *testing.T) {
	tests := []struct {
		creds  Credentials
		domain string
		want   string
	}{
		{Credentials{Email: "alice@contoso.com"}, "CONTOSO", `CONTOSO\alice`},
		{Credentials{Email: "alice@contoso.com", Login: `CONTOSO\alice`}, "CONTOSO", ""},
		{Credentials{Email: "alice@contoso.com", Login: `contoso\ALICE`}, "CONTOSO", ""},
		{Credentials{Email: "alice@contoso.com", Login: `FABRIKAM\alice`}, "CONTOSO", `CONTOSO\alice`},
		{Credentials{Email: "alice@contoso.com"}, "", ""},
		{Credentials{Login: "bob@corp.local"}, "CORP", `CORP\bob`},
		// A hostile or broken server's domain is never made a login.
		{Credentials{Email: "alice@contoso.com"}, "X'; rm -rf ~; '", ""},
		{Credentials{Email: "alice@contoso.com"}, "CONTOSO LTD", ""},
		{Credentials{Email: "alice@contoso.com"}, "A-VERY-LONG-DOMAIN", ""},
	}
	for _, tt := range tests {
		s := NewSession("", Network{}, tt.creds)
		if got := s.usernameSuggestion(tt.domain); got != tt.want {
			t.Errorf("%v with domain %q: got %q, want %q", tt.creds, tt.domain, got, tt.want)
		}
	}
}

func TestSessionStringHidesURLPassword(t *testing.T) {
	for _, raw := range []string{
		"https://alice:" + distinctivePassword + "@mail.contoso.com/EWS/Exchange.asmx",
		"https://alice:" + distinctivePassword + "@mail.contoso.com",
		"https://a:b@c:" + distinctivePassword + "@mail contoso/x",
	} {
		s := NewSession(raw, Network{}, Credentials{})
		if out := fmt.Sprintf("%v %+v %#v %s", s, s, s, s); strings.Contains(out, distinctivePassword) || !strings.Contains(out, "mail") {
			t.Errorf("got %s", out)
		}
	}
}
