package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"ewsconnect/steps"
)

// Find my server in line prompts: the attempts as they end, the URL found
// and where from, "Use it? [Y/n/u]"; the checks then report the discovery.
func TestPlainFindFound(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, finds: []fakeFind{findBlackholed}}
	c, out := pipe(lines("alice@contoso.test", "pw", "", "", "", "")) // no custom login; use it; send, to the email
	rep, err := runPlain(context.Background(), Options{}, c, fd.deps())
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"Finding your server for alice@contoso.test…",
		"https-root-domain  https://contoso.test/autodiscover/autodiscover.xml", "connect-timeout · 10000 ms",
		"Found your server: " + demoURL, "from autodiscover.contoso.test, by the autodiscover server of the email's domain",
		"Use it?", "[Y/n/u]",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, tx.PlainPromptURL) {
		t.Errorf("the URL was asked for although it was found:\n%s", text)
	}
	cfg := fd.lastConfig(t)
	if !rep.OK() || cfg.URL != demoURL || cfg.Discovered == nil {
		t.Errorf("checked %q with discovery %v; outcome %v", cfg.URL, cfg.Discovered, rep.Outcome())
	}
	// the attempts come before the question, in the order they ended
	if strings.Index(text, "connect-refused") > strings.Index(text, "connect-timeout") || strings.Index(text, "connect-timeout") > strings.Index(text, "Use it?") {
		t.Errorf("attempts out of order:\n%s", text)
	}
}

// n or u to "Use it?" asks for the URL instead.
func TestPlainFindFoundButTyped(t *testing.T) {
	for _, answer := range []string{"n", "u"} {
		fd := &fakeDeps{scenarios: []scenario{healthy}, finds: []fakeFind{findHealthy}}
		c, out := pipe(lines("alice@contoso.test", "pw", "", answer, "mail.contoso.test", "n"))
		if _, err := runPlain(context.Background(), Options{}, c, fd.deps()); err != nil {
			t.Fatal(err)
		}
		if cfg := fd.lastConfig(t); cfg.URL != demoURL || cfg.Discovered != nil {
			t.Errorf("%s: checked %q with discovery %v; want the URL typed", answer, cfg.URL, cfg.Discovered)
		}
		if !strings.Contains(out.String(), tx.PlainPromptURL) {
			t.Errorf("%s: the URL was not asked for:\n%s", answer, out.String())
		}
	}
}

// A redirect to another domain is asked as [y/N]: an empty answer is no,
// and the URL is asked for; y searches again with the domain allowed.
func TestPlainFindConsent(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, finds: []fakeFind{findRedirect, findHealthy}}
	c, out := pipe(lines("alice@contoso.test", "pw", "", "", demoURL, "n"))
	if _, err := runPlain(context.Background(), Options{}, c, fd.deps()); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{tx.ConsentTitle, "fabrikam-hosting.test", "autodiscover.fabrikam-hosting.test",
		"Allow fabrikam-hosting.test to receive your password and search again? [y/N]", tx.PlainPromptURL} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if fd.discoveries() != 1 || len(fd.lastConfig(t).AllowRedirect) != 0 {
		t.Errorf("an empty answer allowed the redirect: %d searches", fd.discoveries())
	}

	fd = &fakeDeps{scenarios: []scenario{healthy}, finds: []fakeFind{findRedirect, findHealthy}}
	c, _ = pipe(lines("alice@contoso.test", "pw", "", "y", "", "n"))
	if _, err := runPlain(context.Background(), Options{}, c, fd.deps()); err != nil {
		t.Fatal(err)
	}
	if got := fd.lastFindConfig(t).AllowRedirect; fd.discoveries() != 2 || len(got) != 1 || got[0] != "fabrikam-hosting.test" {
		t.Errorf("y: %d searches, the last allowing %v", fd.discoveries(), got)
	}
	if cfg := fd.lastConfig(t); cfg.URL != demoURL || cfg.Discovered == nil {
		t.Errorf("checked %q", cfg.URL)
	}
}

// Nothing found: the problem as the checks print theirs, then the URL
// asked for with the article's way to find it.
func TestPlainFindNothingFound(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, finds: []fakeFind{findNothing}}
	c, out := pipe(lines("alice@proseware.test", "pw", "", "mail.contoso.test", "n"))
	rep, err := runPlain(context.Background(), Options{}, c, fd.deps())
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"_autodiscover._tcp.proseware.test", "tls-name-mismatch",
		"(code autodiscover-not-found)", "No server answered for your email address's domain", tx.ServerFind[0], tx.PlainPromptURL} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if !rep.OK() || fd.lastConfig(t).URL != demoURL {
		t.Errorf("outcome %v, URL %q", rep.Outcome(), fd.lastConfig(t).URL)
	}
}

// A refused password while searching: the offers as a menu; the
// DOMAIN\user login searches again with it.
func TestPlainFindAuthFailed(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, finds: []fakeFind{findAuthFailed, findHealthy}}
	c, out := pipe(lines("alice@contoso.test", "pw", "", "2", "", "n"))
	if _, err := runPlain(context.Background(), Options{}, c, fd.deps()); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"(code auth-failed)", "1. Re-enter the password and search again", `2. Try CONTOSO\alice as the login and search again`,
		tx.OfferSearchAgainMenu, tx.OfferURLYourselfMenu, tx.PlainActionQuit} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if got := fd.lastFindConfig(t).Username; fd.discoveries() != 2 || got != `CONTOSO\alice` {
		t.Errorf("%d searches, the last as %q", fd.discoveries(), got)
	}
}

// The end of the input at the menu after a search's problem ends the
// wizard quietly, with that problem as the run.
func TestPlainFindEndOfInput(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findAuthFailed}}
	c, _ := pipe(lines("alice@contoso.test", "pw", ""))
	rep, err := runPlain(context.Background(), Options{}, c, fd.deps())
	if err != nil || rep.Problem() == nil || rep.Problem().Code != "auth-failed" {
		t.Errorf("err %v, problem %v", err, rep.Problem())
	}
	if len(fd.configs) != 0 {
		t.Error("checks ran after the input ended")
	}
}

// Ctrl+C during the search ends it at once.
func TestPlainFindInterrupted(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findBlackholedMidway}}
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := pipe(lines("alice@contoso.test", "pw", ""))
	go func() {
		for fd.discoveries() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	rep, err := runPlain(ctx, Options{}, c, fd.deps())
	if err != context.Canceled || !rep.Interrupted {
		t.Errorf("err %v, interrupted %v", err, rep.Interrupted)
	}
	if fd.endedFinds() != 1 {
		t.Error("the search did not see its context end")
	}
}

// With --email and the password given, the wizard's first question is
// about the server found.
func TestPlainFindGivenSignIn(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, finds: []fakeFind{findHealthy}}
	c, out := pipe(lines("", "n"))
	opts := Options{Config: steps.Config{Email: "alice@contoso.test", Password: "pw"}, Given: Given{Email: true, Password: true, Username: true}}
	if _, err := runPlain(context.Background(), opts, c, fd.deps()); err != nil {
		t.Fatal(err)
	}
	if text := out.String(); strings.Contains(text, tx.PlainPromptEmail) || !strings.Contains(text, "Use it?") {
		t.Errorf("transcript:\n%s", text)
	}
}
