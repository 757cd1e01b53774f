package ui

import (
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/steps"
)

// signedIn is an Options with the email address and password from flags:
// the wizard starts at Find my server.
func signedIn(email string) Options {
	return Options{
		Config: steps.Config{Email: email, Password: "pw"},
		Given:  Given{Email: true, Password: true},
	}
}

// toFind opens Find my server with the answers of opts.
func toFind(t *testing.T, fd *fakeDeps, opts Options) *driver {
	t.Helper()
	d := newDriver(t, opts, fd.deps())
	d.press("enter") // the welcome: Find my server, or where its search led
	return d
}

// checkLines fails on a screen line wider than 80 columns.
func checkLines(t *testing.T, screen string) {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line of %d columns: %q", w, l)
		}
	}
}

// The search as it goes: a spinner on each attempt still running, the
// result and time of each one that ended.
func TestFindScreenSearching(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findBlackholedMidway}}
	d := toFind(t, fd, signedIn("alice@contoso.test"))
	d.wantText("Finding your server for alice@contoso.test", "searching", "not found", "connect-refused", "u I know my EWS URL")
	checkLines(t, d.screen())
	d.golden(t)
}

// Found after the first method never answered: the URL, where it came
// from (host and method in words), every attempt; enter uses it and the
// checks are told it was found, so they report it instead of searching.
func TestFindScreenFound(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findBlackholed}, scenarios: []scenario{healthy}}
	d := toFind(t, fd, signedIn("alice@contoso.test"))
	d.wantText(tx.FoundTitle, demoURL, "autodiscover.contoso.test", tx.MethodFoundBy["https-autodiscover-domain"],
		"connect-timeout", "10.0 s", "enter use it", "e edit", "r search again", "u I know my EWS URL")
	checkLines(t, d.screen())
	d.golden(t)

	d.press("enter")
	d.wantScreen(screenTestMessage)
	d.press("enter")
	cfg := fd.lastConfig(t)
	if cfg.URL != demoURL || cfg.Discovered == nil || cfg.Discovered.URL != demoURL {
		t.Fatalf("the checks should get the URL found and its discovery: URL %q, discovered %+v", cfg.URL, cfg.Discovered)
	}
	d.wantScreen(screenSuccess)
	d.press("v")
	d.wantText("✓ Find server", "… from autodiscover.contoso.test")
}

func TestFindScreenFoundInternal(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findInternal}}
	d := toFind(t, fd, signedIn("alice@contoso.test"))
	d.wantText("https://exch01.corp.contoso.test/EWS/Exchange.asmx", "! This is an internal address")
	checkLines(t, d.screen())
	d.golden(t)
}

// A redirect to another domain asks, naming the domain, the server and its
// certificate's name; y allows that domain and searches again, n opens the
// URL field; enter is not yes.
func TestFindScreenConsent(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findRedirect, findHealthy}}
	d := toFind(t, fd, signedIn("alice@contoso.test"))
	d.wantText(tx.ConsentTitle, "Autodiscover for contoso.test sends you on to fabrikam-hosting.test",
		"https://autodiscover.fabrikam-hosting.test/autodiscover/autodiscover.xml", "autodiscover.fabrikam-hosting.test",
		"y allow fabrikam-hosting.test", "n enter the URL myself")
	checkLines(t, d.screen())
	d.golden(t)

	d.press("enter") // never a yes
	d.wantScreen(screenFind)
	d.wantText(tx.ConsentTitle)
	if n := fd.discoveries(); n != 1 {
		t.Fatalf("enter searched again (%d searches)", n)
	}
	d.press("y")
	if got := fd.lastFindConfig(t).AllowRedirect; len(got) != 1 || got[0] != "fabrikam-hosting.test" {
		t.Fatalf("the second search should allow the domain: %v", got)
	}
	d.wantText(tx.FoundTitle)

	fd = &fakeDeps{finds: []fakeFind{findRedirect}}
	d = toFind(t, fd, signedIn("alice@contoso.test"))
	d.press("n")
	d.wantScreen(screenServer)
	if len(d.a.cfg.AllowRedirect) != 0 {
		t.Errorf("n allowed a domain: %v", d.a.cfg.AllowRedirect)
	}
}

// Nothing found: the problem screen lists what each method met, one line
// each; e opens the URL field with the article's way to find the address,
// and the flow goes on: the test message, then the checks.
func TestFindNothingFound(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findNothing}, scenarios: []scenario{healthy}}
	d := toFind(t, fd, signedIn("alice@proseware.test"))
	d.wantScreen(screenProblem)
	d.wantText("code autodiscover-not-found", "✗ Find server", tx.WhatWeSaw,
		"the domain itself", "proseware.test", "tls-name-mismatch", "DNS SRV record",
		"e  Enter the EWS URL yourself", "r search again")
	checkLines(t, d.screen())
	d.golden(t)

	d.press("e")
	d.wantScreen(screenServer)
	d.wantText(tx.ServerNotFoundNote[:30], tx.ServerFindHeading, "esc back")
	t.Run("url-field", func(t *testing.T) {
		checkLines(t, d.screen())
		d.golden(t)
	})

	d.typeText("https://mail.contoso.test/owa/") // the OWA completion works here too
	d.wantText("Outlook Web App")
	d.press("tab", "enter")
	d.wantScreen(screenTestMessage)
	d.press("enter")
	d.wantScreen(screenSuccess)
	cfg := fd.lastConfig(t)
	if cfg.URL != demoURL || cfg.Discovered != nil {
		t.Errorf("checked %q, discovered %+v; want the URL typed, not a discovery", cfg.URL, cfg.Discovered)
	}
}

// esc on the URL field opened from nothing found returns to the problem.
func TestFindNothingFoundEscReturns(t *testing.T) {
	d := toFind(t, &fakeDeps{finds: []fakeFind{findNothing}}, signedIn("alice@proseware.test"))
	d.press("e")
	d.wantScreen(screenServer)
	d.press("esc")
	d.wantScreen(screenProblem)
	d.press("r") // search again
	d.wantScreen(screenProblem)
}

func TestFindInternalOnlyProblem(t *testing.T) {
	d := toFind(t, &fakeDeps{finds: []fakeFind{findInternalOnly}}, signedIn("alice@contoso.test"))
	d.wantScreen(screenProblem)
	d.wantText("code autodiscover-internal-only", "exch01.corp.contoso.test", "e  Enter the EWS URL yourself")
	d.press("e")
	d.wantScreen(screenServer)
}

// A refused password during the search offers the password first, then
// the DOMAIN\user login the server named; either one searches again.
func TestFindAuthFailed(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findAuthFailed, findHealthy}}
	d := toFind(t, fd, signedIn("alice@contoso.test"))
	d.wantScreen(screenProblem)
	s := d.screen()
	e, dd := strings.Index(s, "e  Re-enter the password"), strings.Index(s, `d  Try CONTOSO\alice: the server names its Windows domain CONTOSO`)
	if e < 0 || dd < e {
		t.Fatalf("want e (password) before d (the login):\n%s", s)
	}
	d.wantText("u  Enter the EWS URL yourself") // whatever stopped the search
	d.press("d")
	d.wantScreen(screenFind)
	if got := fd.lastFindConfig(t).Username; got != `CONTOSO\alice` {
		t.Errorf("searched again as %q, want the suggestion", got)
	}
	d.wantText(tx.FoundTitle)

	fd = &fakeDeps{finds: []fakeFind{findAuthFailed, findHealthy}}
	d = toFind(t, fd, signedIn("alice@contoso.test"))
	d.press("e")
	d.wantScreen(screenSignIn)
	d.wantText("enter next")
	d.typeText("right")
	d.press("enter")
	d.wantScreen(screenFind)
	if got := fd.lastFindConfig(t).Password; got != "right" {
		t.Errorf("searched again with password %q", got)
	}
}

// u leaves the search at any time: the search's context ends, and what it
// says afterwards is not heard.
func TestFindManualURLCancels(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findBlackholedMidway}}
	d := toFind(t, fd, signedIn("alice@contoso.test"))
	run := d.a.findRun
	d.press("u")
	d.wantScreen(screenServer)
	if !waitFor(func() bool { return fd.endedFinds() == 1 }) {
		t.Fatal("u did not stop the search")
	}
	d.send(attemptMsg{run: run, attempt: ended(atAuto, autodiscover.ResultFound, "", 1)})
	d.send(discoveredMsg{run: run, res: findHealthy.res})
	d.wantScreen(screenServer)
	d.typeText(demoURL)
	d.press("enter")
	d.wantScreen(screenTestMessage)
	if d.a.cfg.URL != demoURL || d.a.cfg.Discovered != nil {
		t.Errorf("a typed URL is no discovery: %+v", d.a.cfg)
	}
}

// esc goes back to the sign-in and stops the search; r searches again;
// ctrl+c quits at once, stopping the search.
func TestFindKeys(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findBlackholedMidway}}
	d := newDriver(t, Options{}, fd.deps())
	d.signIn("alice@contoso.test", "pw")
	d.wantScreen(screenFind)
	d.press("esc")
	d.wantScreen(screenSignIn)
	if !waitFor(func() bool { return fd.endedFinds() == 1 }) {
		t.Fatal("esc did not stop the search")
	}

	fd = &fakeDeps{finds: []fakeFind{findHealthy}}
	d = toFind(t, fd, signedIn("alice@contoso.test"))
	d.wantText(tx.FoundTitle)
	d.press("r")
	if n := fd.discoveries(); n != 2 {
		t.Errorf("r: %d searches, want 2", n)
	}
	d.press("e") // edit: the URL field with the URL found
	d.wantScreen(screenServer)
	d.wantText(demoURL)
	d.press("ctrl+u")
	d.typeText("https://mail2.contoso.test/EWS/Exchange.asmx")
	d.press("enter")
	if d.a.cfg.Discovered != nil {
		t.Error("an edited URL is not the one discovery found")
	}

	fd = &fakeDeps{finds: []fakeFind{findBlackholedMidway}}
	d = toFind(t, fd, signedIn("alice@contoso.test"))
	d.press("ctrl+c")
	if !d.quit || !d.a.interrupt {
		t.Fatal("ctrl+c did not quit")
	}
	if !waitFor(func() bool { return fd.endedFinds() == 1 }) {
		t.Fatal("ctrl+c did not stop the search")
	}
}

// Going back keeps the URL found, for the same email address; another
// email address is searched again.
func TestFindAgainAfterTheEmailChanged(t *testing.T) {
	fd := &fakeDeps{finds: []fakeFind{findHealthy}, scenarios: []scenario{healthy}}
	d := newDriver(t, Options{}, fd.deps())
	d.signIn("alice@contoso.test", "pw")
	d.press("enter") // use it
	d.wantScreen(screenTestMessage)
	d.press("esc")
	d.wantScreen(screenFind)
	d.wantText(tx.FoundTitle)
	d.press("esc")
	d.wantScreen(screenSignIn)
	d.press("enter")
	d.wantScreen(screenFind)
	if n := fd.discoveries(); n != 1 {
		t.Errorf("the same email address was searched %d times", n)
	}
	d.press("esc")
	s := d.a.current.(*signInScreen)
	s.focus = fieldEmail
	d.press("ctrl+u")
	d.typeText("bob@contoso.test")
	if d.a.cfg.URL == "" {
		t.Fatal("the URL was dropped before the email changed")
	}
	d.press("enter")
	d.wantScreen(screenFind)
	if n := fd.discoveries(); n != 2 {
		t.Errorf("another email address: %d searches, want 2", n)
	}
	if got := fd.lastFindConfig(t); got.Email != "bob@contoso.test" || got.URL != "" || got.Discovered != nil {
		t.Errorf("the new search was given URL %q, discovered %v", got.URL, got.Discovered)
	}
}

// --url skips Find my server; --email and the password start there.
func TestFindSkippedWithAGivenURL(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}}
	d := newDriver(t, given("alice@contoso.test"), fd.deps())
	d.press("enter")
	d.wantScreen(screenSuccess)
	if fd.discoveries() != 0 || fd.lastConfig(t).Discovered != nil {
		t.Error("a given URL was searched for")
	}
}

// The demo's own answers: typing an email and password without choosing
// a row finds the server; a row about autodiscover finds it too.
func TestFindInTheDemo(t *testing.T) {
	demo := &Demo{Accounts: append([]DemoAccount{{Name: "autodiscover", Email: "alice@contoso.test", Password: "pw",
		Expect: "ok", About: "found from the email address", Autodiscover: true}}, demoAccounts...)}
	fd := &fakeDeps{finds: []fakeFind{findHealthy}}
	d := newDriver(t, Options{Demo: demo}, fd.deps())
	d.wantText(tx.DemoAddressFound)
	d.press("enter") // the autodiscover row
	d.wantScreen(screenSignIn)
	d.press("enter")
	d.wantScreen(screenFind)
	d.wantText(tx.FoundTitle)

	fd = &fakeDeps{finds: []fakeFind{findHealthy}}
	d = newDriver(t, Options{Demo: demo}, fd.deps())
	d.press("tab") // type your own
	d.typeText("alice@contoso.test")
	d.press("tab")
	d.typeText("pw")
	d.press("enter")
	d.wantScreen(screenFind)
	d.wantText(tx.FoundTitle)
}

// The problem's report keeps every attempt, and says nothing was checked
// after the search.
func TestFindProblemReport(t *testing.T) {
	d := toFind(t, &fakeDeps{finds: []fakeFind{findNothing}}, signedIn("alice@proseware.test"))
	rep := d.a.report
	if rep.Autodiscover == nil || len(rep.Autodiscover.Attempts) != 5 || rep.Problem().Code != exchange.CodeAutodiscoverNotFound {
		t.Fatalf("report %+v", rep)
	}
	md := reportMarkdown(rep, d.a.cfg, time.Date(2026, 11, 27, 10, 42, 3, 0, time.UTC))
	for _, want := range []string{"_autodiscover._tcp.proseware.test", "tls-name-mismatch", "autodiscover-not-found"} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
}

// TestFindRecordedFromTheEngine walks the two paths with what the
// real engine finds in the simulator: alice@contoso.test is found at
// autodiscover.contoso.test and the checks say so; alice@proseware.test is
// found nowhere and the URL is entered. It fails until the engine lands.
func TestFindRecordedFromTheEngine(t *testing.T) {
	needRecorded(t)
	fd := &fakeDeps{finds: []fakeFind{recordedFound}, scenarios: []scenario{healthyDiscovered}}
	d := toFind(t, fd, signedIn("alice@contoso.test"))
	d.wantText(tx.FoundTitle, demoURL, "autodiscover.contoso.test")
	checkLines(t, d.screen())
	d.press("enter", "enter")
	d.wantScreen(screenSuccess)
	d.press("v")
	d.wantText("✓ Find server", "from autodiscover.contoso.test")

	fd = &fakeDeps{finds: []fakeFind{recordedNothing}, scenarios: []scenario{healthy}}
	d = toFind(t, fd, signedIn("alice@proseware.test"))
	d.wantScreen(screenProblem)
	d.wantText("code autodiscover-not-found", "proseware.test")
	checkLines(t, d.screen())
	d.press("e")
	d.typeText("mail.contoso.test")
	d.press("enter", "enter")
	d.wantScreen(screenSuccess)
}
