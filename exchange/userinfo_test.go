package exchange

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://mail.contoso.com/EWS/Exchange.asmx":                      "https://mail.contoso.com/EWS/Exchange.asmx",
		"https://alice:S3cret@mail.contoso.com/EWS/Exchange.asmx":         "https://[redacted]@mail.contoso.com/EWS/Exchange.asmx",
		"https://alice:Se/cret@mail.contoso.com/EWS/Exchange.asmx":        "https://[redacted]@mail.contoso.com/EWS/Exchange.asmx",
		"https://alice:Se?c#r@et@mail.contoso.com/":                       "https://[redacted]@mail.contoso.com/",
		"https:/alice:pw@mail.contoso.com/":                               "https:/[redacted]@mail.contoso.com/",
		"alice:S3cret@mail.contoso.com":                                   "[redacted]@mail.contoso.com",
		"https://outlook.office.com/mail/sales@contoso.com/inbox":         "https://outlook.office.com/mail/sales@contoso.com/inbox",
		"alice@contoso.com":                                               "alice@contoso.com",
		"https://alice@mail.contoso.com/EWS/Exchange.asmx":                "https://alice@mail.contoso.com/EWS/Exchange.asmx",
		"https://mail.contoso.com/EWS/Exchange.asmx\x1b[31m":              "https://mail.contoso.com/EWS/Exchange.asmx[31m",
		"https://a:b@c:" + distinctivePassword + "@mail contoso/x":        "https://[redacted]@mail contoso/x",
		"https://mail.contoso.com:8443/owa/?path=/mail/alice@contoso.com": "https://[redacted]@contoso.com",
	} {
		if got := RedactURL(raw); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestDisplayHost(t *testing.T) {
	for raw, want := range map[string]string{
		"https://mail.contoso.com/EWS/Exchange.asmx":    "mail.contoso.com",
		"https://alice:Se/cret@mail.contoso.com/EWS/":   "mail.contoso.com",
		"https://alice:1234/5678@mail.contoso.com/EWS/": "mail.contoso.com",
		"mail.contoso.com": "mail.contoso.com",
		"not a url at all": "not a url at all",
		"htps://alice:pw@mail.contoso.com/EWS/Exchange.asmx": "mail.contoso.com",
	} {
		if got := DisplayHost(raw); got != want {
			t.Errorf("DisplayHost(%q) = %q, want %q", raw, got, want)
		}
	}
}

// userInfoForms are the ways a person might type a password into an
// address; {u} and {p} are the user and the password.
var userInfoForms = []string{
	"https://{u}:{p}@mail.contoso.test/EWS/Exchange.asmx",
	"https://{u}:{p}@mail.contoso.test",
	"https://{u}:{p}@mail.contoso.test/owa/",
	"http://{u}:{p}@mail.contoso.test/EWS/Exchange.asmx",
	"htps://{u}:{p}@mail.contoso.test/EWS/Exchange.asmx",
	"https:/{u}:{p}@mail.contoso.test/EWS/Exchange.asmx",
	"{u}:{p}@mail.contoso.test",
	"https://{u}:{p}@mail.contoso.test:444/EWS/Exchange.asmx?x=1#y",
}

// everyPrintOf is everything the URL rules and the printers may show of
// an address: if none of it depends on the password, none of it can show
// the password.
func everyPrintOf(raw string) string {
	var b strings.Builder
	b.WriteString(RedactURL(raw) + "\n" + DisplayHost(raw) + "\n" + SuggestEWSURL(raw) + "\n")
	if _, err := ParseEWSURL(raw); err != nil {
		b.WriteString(err.Error())
	}
	s := NewSession(raw, Network{}, Credentials{})
	if _, err := s.CheckURL(); err != nil {
		b.WriteString(err.Error())
	}
	b.WriteString(s.String() + s.Suggestions().URL)
	return b.String()
}

// schemeLike reports a user name that reads as a web scheme or a slip of
// one when it starts an address.
func schemeLike(user string) bool {
	return strings.EqualFold(user, "http") || strings.EqualFold(user, "https") || looksLikeHTTPS(user)
}

// FuzzPasswordInURLNeverPrinted: for random user info in every form, what
// is printed does not change with the password.
func FuzzPasswordInURLNeverPrinted(f *testing.F) {
	for _, seed := range [][2]string{
		{"alice", "S3cret"}, {"alice", "Se/cret"}, {"alice", "a?b#c"}, {"CONTOSO\\alice", "p@ss:w/rd"},
		{"", "x"}, {"a:b", "1234/5678"}, {"alice", "https://x"}, {"al@ce", "pw@mail.contoso.test/"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, user, password string) {
		for _, form := range userInfoForms {
			if strings.HasPrefix(form, "{u}:") && schemeLike(user) {
				// "https:/pw@host" is an address with a scheme, not a
				// user "https" with a password: no printer can tell.
				continue
			}
			with := func(pw string) string {
				return strings.NewReplacer("{u}", user, "{p}", pw).Replace(form)
			}
			got, other := everyPrintOf(with(password)), everyPrintOf(with("Zz9-other"))
			if got != other {
				t.Fatalf("what is printed of %q depends on the password:\n%s\n--- with another password:\n%s", with(password), got, other)
			}
		}
	})
}
