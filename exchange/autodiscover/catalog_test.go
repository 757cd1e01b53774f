package autodiscover

import (
	"os"
	"slices"
	"testing"

	"ewsconnect/i18n"
)

// The autodiscover ErrorCodes whose meaning is said have a text each:
// their keys are built at run time, so i18n's test of the keys the code
// names cannot see them.
func TestEveryErrorCodeMeaningIsInTheCatalog(t *testing.T) {
	keys := i18n.Keys(i18n.EN)
	for code := range poxErrorCodes {
		if !slices.Contains(keys, "seen.autodiscover.pox-error-code."+code) {
			t.Errorf("autodiscover error %s has no meaning in the catalog", code)
		}
	}
}

// The recorder puts what an attempt saw into words in the reader's
// language, with the redirectAddr hop's prefix, and a stopped attempt says
// what it waited for.
func TestAttemptDetailInTheReadersLanguage(t *testing.T) {
	rec := newRecorder(nil)
	hop := rec.begin(MethodRedirectAddr, "https://contoso.test/autodiscover/autodiscover.xml", "alice@contoso.test", MethodRootDomain)
	hop.end(ResultNotFound, i18n.M("seen.autodiscover.srv-none", i18n.Data{"Name": "_autodiscover._tcp.contoso.test"}))
	waiting := rec.begin(MethodJSONv2, "https://autodiscover.contoso.test/", "", "")
	waiting.wait(i18n.M("seen.autodiscover.wait.tls", i18n.Data{"Host": "autodiscover.contoso.test"}))
	rec.begin(MethodSRV, "_autodiscover._tcp.contoso.test", "", "")
	rec.stopAll(i18n.M("seen.autodiscover.discovery-ended"))
	for i, want := range []struct{ en, pl string }{
		{"for alice@contoso.test (https-root-domain): no SRV record _autodiscover._tcp.contoso.test",
			"dla alice@contoso.test (https-root-domain): nie ma rekordu SRV _autodiscover._tcp.contoso.test"},
		{"stopped while waiting for TLS handshake with autodiscover.contoso.test; discovery had ended",
			"przerwano podczas oczekiwania na uzgadnianie TLS z autodiscover.contoso.test; wyszukiwanie serwera zostało zakończone"},
		{"stopped while waiting for its start; discovery had ended",
			"przerwano przed rozpoczęciem; wyszukiwanie serwera zostało zakończone"},
	} {
		a := rec.attempts()[i]
		if a.Detail != want.en || a.DetailIn(i18n.EN) != want.en {
			t.Errorf("attempt %d: Detail %q, DetailIn(en) %q, want %q", i, a.Detail, a.DetailIn(i18n.EN), want.en)
		}
		if got := a.DetailIn(i18n.PL); got != want.pl {
			t.Errorf("attempt %d in Polish: got %q, want %q", i, got, want.pl)
		}
	}
}

// The plain dial's errors (the HTTP redirect method) are said in the
// reader's words; the system's own words stay quoted.
func TestClassifyPlainQuotesTheSystem(t *testing.T) {
	code, seen := classifyPlain(&os.PathError{Op: "open", Path: "x", Err: os.ErrNotExist})
	if code != ResultNotFound || seen.In(i18n.EN) != `error "open x: file does not exist"` ||
		seen.In(i18n.PL) != "błąd „open x: file does not exist”" {
		t.Errorf("got %s %q / %q", code, seen.In(i18n.EN), seen.In(i18n.PL))
	}
}
