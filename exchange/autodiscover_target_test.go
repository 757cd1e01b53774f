package exchange

import (
	"strings"
	"testing"

	"ewsconnect/i18n"
)

// Every reason badHost gives has a text in the catalogs, so that a bad
// server name in an autodiscover URL or an email address is said in the
// reader's language.
func TestHostProblemInTheCatalog(t *testing.T) {
	for _, host := range []string{"", strings.Repeat("a", 254), "a..b", strings.Repeat("a", 64) + ".test", "-a.test", "a/b.test"} {
		reason := badHost(host)
		if reason == "" {
			t.Fatalf("badHost(%q) found nothing wrong", host)
		}
		m := HostProblem(host)
		if m.Key() == "" {
			t.Errorf("HostProblem(%q) = %q: no catalog text for badHost's %q", host, m.In(i18n.EN), reason)
			continue
		}
		if got := m.In(i18n.EN); got != reason {
			t.Errorf("HostProblem(%q) in English = %q, badHost says %q", host, got, reason)
		}
		if m.In(i18n.PL) == reason {
			t.Errorf("HostProblem(%q) in Polish is the English %q", host, reason)
		}
	}
	if !HostProblem("mail.contoso.test").IsZero() {
		t.Error("a good host name has a problem")
	}
}

// The problems of an autodiscover URL that cannot be used are said in
// the reader's language.
func TestAutodiscoverTargetProblemsInPolish(t *testing.T) {
	for raw, want := range map[string]string{
		"https://bob:secret@autodiscover.contoso.test/":                  "adres zawiera nazwę użytkownika i hasło",
		"http://autodiscover.contoso.test/autodiscover/autodiscover.xml": "http://autodiscover.contoso.test/autodiscover/autodiscover.xml nie używa https; hasło nigdy nie jest wysyłane zwykłym protokołem HTTP",
		"https://autodiscover..contoso.test/":                            "nazwa serwera „autodiscover..contoso.test” ma pusty człon (dwie kropki z rzędu)",
	} {
		_, err := NewAutodiscoverTarget(raw, Network{}, Credentials{Email: "alice@contoso.test"})
		p := AsProblem(err)
		if p == nil {
			t.Fatalf("%s: got %v, want a problem", raw, err)
		}
		if got := p.DetailIn(i18n.PL); got != want {
			t.Errorf("%s: got %q, want %q", raw, got, want)
		}
	}
}
