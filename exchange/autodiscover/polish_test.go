package autodiscover_test

import (
	"strings"
	"testing"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// Every attempt of the simulator's rows, and the problem each ends with,
// says what it saw in the reader's language: no catalog key shows instead
// of a text, and none of this package's English words are left in Polish.
func TestAttemptsOfTheSimulatorsRowsInPolish(t *testing.T) {
	_, n := startSim(t, 0)
	for _, email := range []string{
		"alice@contoso.test", "alice@fabrikam.test", "alice@tailspin.test", "alice@northwind.test",
		"alice@sales.contoso.test", "alice@adatum.test", "alice@fourthcoffee.test", "alice@wingtip.test",
		"alice@proseware.test", "alice@litware.test", "bob@contoso.test", "alice@localhost",
	} {
		res, err := discover(t, n, email)
		details := map[string]interface{ DetailIn(i18n.Lang) string }{}
		for i, a := range res.Attempts {
			details[string(a.Method)+" "+a.URL] = a
			if a.Seen.IsZero() || a.Detail != a.DetailIn(i18n.EN) {
				t.Errorf("%s: attempt %d (%s): Seen %v, Detail %q", email, i, a.Method, a.Seen, a.Detail)
			}
		}
		if p := exchange.AsProblem(err); p != nil {
			details["problem "+string(p.Code)] = p
		}
		if len(details) == 0 {
			t.Errorf("%s: nothing seen", email)
		}
		for what, d := range details {
			en, pl := d.DetailIn(i18n.EN), d.DetailIn(i18n.PL)
			if strings.Contains(en, "seen.") || strings.Contains(pl, "seen.") {
				t.Errorf("%s, %s: a key instead of a text: %q / %q", email, what, en, pl)
			}
			for _, w := range []string{"not used", "stopped while", "not a redirect", "no autodiscover", "no usable",
				"signed in with", "redirectUrl to", "redirectAddr to", "points to", "for alice"} {
				if strings.Contains(pl, w) {
					t.Errorf("%s, %s: English %q in the Polish %q", email, what, w, pl)
				}
			}
		}
	}
}
