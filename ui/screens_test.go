package ui

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"image/color"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ewsconnect/steps"
)

// The goldens are the screens at 80x24 without colour: what a user reads.
// Refresh with: go test ./ui -update

// given is an Options with every answer from flags.
func given(email string) Options {
	return Options{
		Config: steps.Config{URL: demoURL, Email: email, Password: "pw"},
		Given:  Given{URL: true, Email: true, Password: true, NoSend: true},
	}
}

func TestWelcomeScreen(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.wantScreen(screenWelcome)
	d.golden(t)
	d.press("enter")
	d.wantScreen(screenSignIn) // from the person, not the server
}

// q leaves the welcome screen, as its key help says; the wizard was left
// before connecting (exit 1 in main), not interrupted (130).
func TestWelcomeQuit(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.wantText("q quit")
	d.press("q")
	if !d.quit || d.a.interrupt {
		t.Errorf("quit %v, interrupt %v; want a quit that is not an interruption", d.quit, d.a.interrupt)
	}
	if o := d.a.report.Outcome(); o == steps.OutcomeConnected || o == steps.OutcomeInterrupted {
		t.Errorf("outcome %v", o)
	}
}

func TestWelcomeDemoScreen(t *testing.T) {
	demo := &Demo{Accounts: demoAccounts, Sent: func() []DemoMessage { return demoSent }}
	d := newDriver(t, Options{Demo: demo}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("down", "down")
	d.golden(t)

	// enter starts with the chosen account's answers filled in; a row
	// about a server's address gives the address to check
	d.press("enter")
	d.wantScreen(screenSignIn)
	if got, want := d.a.cfg.Password, demoAccounts[2].Password; got != want {
		t.Errorf("password %q, want row 3's %q", got, want)
	}
	d.press("enter")
	d.wantScreen(screenServer)
	d.wantText(demoAccounts[2].URL)
}

// Flags win over the demo row's answers, and the welcome shows them as the
// user's own.
func TestWelcomeDemoFlagsWin(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{authFailed}}
	opts := Options{Demo: &Demo{Accounts: demoAccounts},
		Config: steps.Config{URL: "https://ex2016.contoso.test/EWS/Exchange.asmx", Email: "alice@contoso.test", Password: "wrong"},
		Given:  Given{URL: true, Email: true, Password: true}}
	d := newDriver(t, opts, fd.deps())
	d.wantText("https://ex2016.contoso.test/EWS/Exchange.asmx "+tx.GivenMark, "Password  given "+tx.GivenMark)
	d.press("enter") // the first row, healthy
	d.wantScreen(screenTestMessage)
	d.press("enter")
	cfg := fd.lastConfig(t)
	if cfg.Password != "wrong" || cfg.URL != "https://ex2016.contoso.test/EWS/Exchange.asmx" {
		t.Errorf("checked %+v: the flags' answers must win over the row's", cfg)
	}
}

func TestWelcomeDemoTypeYourOwn(t *testing.T) {
	demo := &Demo{Accounts: demoAccounts}
	d := newDriver(t, Options{Demo: demo}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("tab")
	d.wantScreen(screenSignIn)
	if d.a.cfg.URL != "" || d.a.cfg.Email != "" {
		t.Errorf("tab should start with empty answers, got %+v", d.a.cfg)
	}
}

// toURLField walks from the welcome through the sign-in to Find my server,
// and presses u (I know my EWS URL).
func (d *driver) toURLField() {
	d.t.Helper()
	d.signIn("alice@contoso.test", "pw")
	d.wantScreen(screenFind)
	d.press("u")
	d.wantScreen(screenServer)
}

// signIn answers the sign-in screen, from the welcome.
func (d *driver) signIn(email, password string) {
	d.t.Helper()
	d.press("enter")
	d.wantScreen(screenSignIn)
	d.typeText(email)
	d.press("enter") // to the password
	d.typeText(password)
	d.press("enter")
}

func TestServerScreenOWASuggestion(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.toURLField()
	d.typeText("https://mail.contoso.test/owa/")
	d.golden(t)

	d.press("tab") // accept the suggestion
	d.wantText(demoURL, tx.ServerLooksRight)
	d.press("enter")
	d.wantScreen(screenTestMessage)
	if d.a.cfg.URL != demoURL {
		t.Errorf("URL %q, want the suggestion %q", d.a.cfg.URL, demoURL)
	}
}

func TestServerScreenKeepsInvalidAddress(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.toURLField()
	d.press("enter")
	d.wantScreen(screenServer)
	d.wantText(tx.ServerRequired)

	d.typeText("http://mail.contoso.test/EWS/Exchange.asmx")
	d.press("enter")
	d.wantScreen(screenServer) // not https: enter does not move on
	d.wantText(tx.ServerFixFirst, "code url-not-https")
	if strings.Contains(d.screen(), "enter next") {
		t.Error("enter cannot move on, yet the key help offers it")
	}
	d.golden(t)
}

// What a person would type is accepted, and the screen says what will be
// used.
func TestServerScreenAcceptsWhatPeopleType(t *testing.T) {
	for _, tt := range []struct{ typed, use string }{
		{"mail.contoso.test", demoURL},
		{"https://mail.contoso.test", demoURL},
		{"mail.contoso.test:444", "https://mail.contoso.test:444/EWS/Exchange.asmx"},
	} {
		d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
		d.toURLField()
		d.typeText(tt.typed)
		d.wantText("Will use "+tt.use, "enter next")
		if strings.Contains(d.screen(), "Outlook Web App") {
			t.Errorf("%q is not an Outlook Web App address:\n%s", tt.typed, d.screen())
		}
		d.press("enter")
		d.wantScreen(screenTestMessage)
		if d.a.cfg.URL != tt.use {
			t.Errorf("%q: URL %q, want %q", tt.typed, d.a.cfg.URL, tt.use)
		}
	}

	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.toURLField()
	d.typeText("alice@contoso.test")
	d.wantText("This is an email address")
	if strings.Contains(d.screen(), "enter next") {
		t.Error("an email address is no server address, yet enter next is offered")
	}
}

func TestSignInScreen(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("enter")
	d.wantScreen(screenSignIn)
	d.typeText("alice@contoso.test")
	d.press("enter") // enter walks to the empty password
	d.typeText("S3cret?pw")
	d.golden(t)

	if strings.Contains(d.screen(), "S3cret") {
		t.Fatal("the password is visible")
	}
	if s := d.a.current.(*signInScreen); s.password.Value() != "S3cret?pw" {
		t.Errorf("? in a password must be typed, not open help; got %q", s.password.Value())
	}
}

func TestSignInCustomLogin(t *testing.T) {
	d := newDriver(t, Options{Config: steps.Config{URL: demoURL}, Given: Given{URL: true}},
		(&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("enter")
	d.wantScreen(screenSignIn) // the URL came from a flag: its screen is skipped
	d.typeText("bob@contoso.test")
	d.press("tab")
	d.typeText("pw")
	d.press("tab") // to the custom-login switch
	s := d.a.current.(*signInScreen)
	if s.focus != fieldCustomLogin {
		t.Fatalf("tab should reach the custom login switch, focus %d", s.focus)
	}
	d.press("space") // on, and the cursor moves into the login field
	d.typeText(`CONTOSO\bob`)
	d.golden(t)

	d.press("shift+tab", "shift+tab")
	if s.focus != fieldPassword {
		t.Errorf("shift+tab twice from the login should reach the password, focus %d", s.focus)
	}
	d.press("enter")
	d.wantScreen(screenTestMessage)
	if d.a.cfg.Username != `CONTOSO\bob` || d.a.cfg.Email != "bob@contoso.test" || d.a.cfg.Password != "pw" {
		t.Errorf("answers %+v", d.a.cfg)
	}
}

func TestTestMessageScreen(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}}
	d := newDriver(t, Options{
		Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "pw"},
		Given:  Given{URL: true, Email: true, Password: true},
	}, fd.deps())
	d.press("enter")
	d.wantScreen(screenTestMessage)
	d.wantText("alice@contoso.test")
	d.press("tab", "space") // skip it
	d.golden(t)

	d.press("enter")
	if cfg := fd.lastConfig(t); !cfg.NoSend {
		t.Errorf("skip was chosen but NoSend is false")
	}
}

// The header's counter and the breadcrumb come from one list: the same
// screen has the same number whatever the route, and the welcome lists the
// same steps.
func TestStepCounterAgreesWithTheBreadcrumb(t *testing.T) {
	counter := func(d *driver) string {
		first := strings.SplitN(d.screen(), "\n", 2)[0]
		return first[strings.LastIndex(first, "step"):]
	}
	full := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	for i, name := range tx.FlowSteps {
		full.wantText(fmt.Sprintf("%d  %s", i+1, name))
	}
	full.press("enter")
	full.wantText("● Sign in")
	if got := counter(full); got != "step 1 of 4" {
		t.Errorf("sign in: %q", got)
	}
	full.typeText("alice@contoso.test")
	full.press("tab")
	full.typeText("pw")
	full.press("enter")
	full.wantScreen(screenFind)
	full.wantText("✓ Sign in", "● Server", "○ Test message")
	if got := counter(full); got != "step 2 of 4" {
		t.Errorf("find my server: %q", got)
	}
	full.press("u") // the URL field is the same step
	full.wantScreen(screenServer)
	full.wantText("✓ Sign in", "● Server", "○ Test message")
	if got := counter(full); got != "step 2 of 4" {
		t.Errorf("the URL field: %q", got)
	}
	short := newDriver(t, Options{Config: steps.Config{URL: demoURL}, Given: Given{URL: true}}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	short.press("enter")
	short.wantScreen(screenSignIn)
	short.wantText("● Sign in", "✓ Server", "○ Test message", "○ Checks")
	if got := counter(short); got != "step 1 of 4" {
		t.Errorf("sign in, the URL given: %q", got)
	}
	tm := newDriver(t, Options{Config: steps.Config{URL: demoURL, Email: "a@contoso.test", Password: "pw"},
		Given: Given{URL: true, Email: true, Password: true}}, (&fakeDeps{scenarios: []scenario{healthy}, blockAt: steps.Auth}).deps())
	tm.press("enter")
	tm.wantText("✓ Sign in", "✓ Server", "● Test message")
	if got := counter(tm); got != "step 3 of 4" {
		t.Errorf("test message: %q", got)
	}
	tm.press("enter")
	tm.wantScreen(screenChecks)
	tm.wantText("● Checks", "Checking mail.contoso.test")
	if got := counter(tm); got != "step 4 of 4" {
		t.Errorf("checks: %q", got)
	}
}

// The finished checks, viewed from the outcome, are not "Checking" any more.
func TestFinishedChecksSayTheyAreFinished(t *testing.T) {
	d := newDriver(t, given("alice@contoso.test"), (&fakeDeps{scenarios: []scenario{authFailed}}).deps())
	d.press("enter")
	d.wantScreen(screenProblem)
	d.press("v")
	d.wantScreen(screenChecks)
	if s := d.screen(); strings.Contains(s, "Checking") || !strings.Contains(s, "finished") {
		t.Errorf("finished checks:\n%s", s)
	}
}

// Going back and forward keeps every answer typed, on every screen.
func TestBackAndForwardKeepEveryAnswer(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}, blockAt: steps.URL}).deps())
	d.press("enter")
	d.wantScreen(screenSignIn)
	d.typeText("bob@contoso.test")
	d.press("tab")
	d.typeText("pw-typed")
	d.press("tab", "space")
	d.typeText(`CONTOSO\bob`)
	d.press("esc") // back, before enter
	d.wantScreen(screenWelcome)
	d.press("enter")
	d.wantScreen(screenSignIn)
	s := d.a.current.(*signInScreen)
	if s.email.Value() != "bob@contoso.test" || s.password.Value() != "pw-typed" || !s.custom || s.login.Value() != `CONTOSO\bob` {
		t.Fatalf("sign-in answers lost going back: email %q, password kept %v, custom %v, login %q",
			s.email.Value(), s.password.Value() == "pw-typed", s.custom, s.login.Value())
	}
	d.press("enter")
	d.wantScreen(screenFind)
	d.press("u")
	d.typeText(demoURL)
	d.press("enter")
	d.wantScreen(screenTestMessage)
	d.press("ctrl+u")
	d.typeText("helpdesk@contoso.test")
	d.press("esc")
	d.wantScreen(screenServer) // the URL was typed: the server step is its field
	d.wantText(demoURL)
	d.press("enter")
	d.wantScreen(screenTestMessage)
	d.wantText("helpdesk@contoso.test")
	if d.a.cfg.URL != demoURL || d.a.cfg.Username != `CONTOSO\bob` || d.a.cfg.Discovered != nil {
		t.Errorf("answers %+v", d.a.cfg)
	}
}

func TestChecksScreenRunning(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, blockAt: steps.Auth}
	d := newDriver(t, given("alice@contoso.test"), fd.deps())
	d.press("enter")
	d.wantScreen(screenChecks)
	d.golden(t)

	d.press("esc") // stop: the waiting step's context is cancelled
	if !waitFor(fd.firstRunStopped) {
		t.Fatal("esc did not cancel the running step")
	}
	d.wantText(tx.ChecksStopped)
}

// A step that finishes just as the run is stopped brings its runner, and
// the runner's connection is closed, not dropped.
func TestStoppedRunsLastStepIsClosed(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, blockAt: steps.Auth}
	d := newDriver(t, given("alice@contoso.test"), fd.deps())
	d.press("enter")
	run := d.a.runID
	d.press("esc") // stop: we are back on a form screen
	late := &fakeRunner{script: healthy}
	d.send(stepDoneMsg{run: run, res: healthy.results[0], runner: late})
	if !late.closed {
		t.Error("the stopped run's runner was dropped without closing it")
	}
	again := &fakeRunner{script: healthy}
	d.send(stepDoneMsg{run: run - 1, res: healthy.results[0], runner: again})
	if !again.closed {
		t.Error("an older run's runner was dropped without closing it")
	}
}

func TestCtrlCQuitsFromAnyScreen(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, blockAt: steps.Connect}
	d := newDriver(t, given("alice@contoso.test"), fd.deps())
	d.press("enter", "ctrl+c")
	if !d.quit || !d.a.interrupt {
		t.Fatal("ctrl+c did not quit")
	}
	if !waitFor(fd.firstRunStopped) {
		t.Fatal("ctrl+c did not cancel the running step")
	}
}

// TestProblemScreens renders one problem of every section of the help
// article, reached through the wizard as a user would.
func TestProblemScreens(t *testing.T) {
	cases := []struct {
		name string
		run  scenario
		keys []string // on the problem screen, and the screen they lead to
		then screenID
	}{
		{"invalid-url", owaURL, []string{"e"}, screenServer},
		{"unsupported-version", versionTooOld, []string{"r"}, screenProblem},
		{"cannot-connect", tlsMismatch, []string{"e"}, screenServer},
		{"unauthorized", authFailed, []string{"e"}, screenSignIn},
		{"unauthorized-ews-disabled", ewsDisabled, []string{"r"}, screenProblem},
		{"test-email-failed", sendAsDenied, []string{"k"}, screenSuccess},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, given("alice@contoso.test"), (&fakeDeps{scenarios: []scenario{c.run}}).deps())
			d.press("enter")
			d.wantScreen(screenProblem)
			p := d.a.report.Problem()
			d.wantText(p.SectionTitle, string(p.Code))
			d.golden(t)
			d.press(c.keys...)
			d.wantScreen(c.then)
		})
	}
}

// After a wrong password the most likely fix comes first: re-enter the
// password; the DOMAIN\user suggestion follows, with its reason.
func TestAuthFailedOffersThePasswordFirst(t *testing.T) {
	d := newDriver(t, given("alice@contoso.test"), (&fakeDeps{scenarios: []scenario{authFailed}}).deps())
	d.press("enter")
	d.wantScreen(screenProblem)
	s := d.screen()
	e, dd := strings.Index(s, "e  Re-enter the password"), strings.Index(s, `d  Try CONTOSO\alice: the server names its Windows domain CONTOSO`)
	if e < 0 || dd < e {
		t.Errorf("want e (password) before d (the login, with its reason):\n%s", s)
	}
	help := s[strings.LastIndex(s, "\n\n"):]
	if !strings.Contains(help, "e re-enter the password") || strings.Index(help, "e re-enter") > strings.Index(help, "d try") {
		t.Errorf("key help: e must be there, before d:\n%s", help)
	}
}

// A login the server accepted earlier in the session is not offered in its
// DOMAIN\user form when a later sign-in fails: the name is known there.
func TestNoLoginSuggestionForAnAcceptedLogin(t *testing.T) {
	d := newDriver(t, given("alice@contoso.test"), (&fakeDeps{scenarios: []scenario{healthy, authFailed}}).deps())
	d.press("enter")
	d.wantScreen(screenSuccess)
	d.a.cfg.Password = "mistyped"
	d.send(retryMsg{})
	d.wantScreen(screenProblem)
	if strings.Contains(d.screen(), `CONTOSO\alice`) {
		t.Errorf("alice@contoso.test signed in before; the DOMAIN form is no help:\n%s", d.screen())
	}
	d.wantText("e  Re-enter the password")
}

func TestProblemEditPasswordKeepsOtherAnswers(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{authFailed, healthy}}
	d := newDriver(t, Options{}, fd.deps())
	d.signIn("alice@contoso.test", "wrong")
	d.press("u")
	d.typeText(demoURL)
	d.press("enter", "enter") // the URL; test message: keep the default
	d.wantScreen(screenProblem)

	d.press("e")
	d.wantScreen(screenSignIn)
	s := d.a.current.(*signInScreen)
	if s.focus != fieldPassword || s.password.Value() != "" {
		t.Errorf("edit should land in an empty password field; focus %d, value %q", s.focus, s.password.Value())
	}
	if s.email.Value() != "alice@contoso.test" {
		t.Errorf("email lost: %q", s.email.Value())
	}
	d.wantText(tx.PasswordRetype, "check again", "esc cancel")
	d.typeText("right")
	d.press("enter") // straight back to the checks
	d.wantScreen(screenSuccess)
	cfg := fd.lastConfig(t)
	if cfg.Password != "right" || cfg.URL != demoURL || cfg.Email != "alice@contoso.test" || cfg.Recipient() != "alice@contoso.test" {
		t.Errorf("second run's answers: %+v", cfg)
	}
}

func TestProblemEscReturnsFromEdit(t *testing.T) {
	d := newDriver(t, given("alice@contoso.test"), (&fakeDeps{scenarios: []scenario{authFailed}}).deps())
	d.press("enter", "e")
	d.typeText("half-typed")
	d.press("esc")
	d.wantScreen(screenProblem)
	if d.a.cfg.Password != "pw" {
		t.Errorf("esc cancels an edit, yet the password changed to %q", d.a.cfg.Password)
	}
}

func TestProblemApplyLoginSuggestion(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{authFailed, healthy}}
	d := newDriver(t, given("alice@contoso.test"), fd.deps())
	d.press("enter")
	d.wantText(`d  Try CONTOSO\alice`, `d try CONTOSO\alice`)
	d.press("d")
	d.wantScreen(screenSuccess)
	if got := fd.lastConfig(t).Username; got != `CONTOSO\alice` {
		t.Errorf("login %q, want the suggestion", got)
	}
}

func TestProblemApplyURLSuggestion(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{owaURL, healthy}}
	opts := given("alice@contoso.test")
	opts.Config.URL = "https://mail.contoso.test/owa/"
	d := newDriver(t, opts, fd.deps())
	d.press("enter", "u")
	d.wantScreen(screenSuccess)
	if got := fd.lastConfig(t).URL; got != demoURL {
		t.Errorf("URL %q, want the suggestion", got)
	}
}

// A test message that failed and was then skipped is never "Connected":
// the outcome says reading works and sending does not. Changing the
// recipient is offered only when the recipient was at fault.
func TestSkippingAFailedSendIsNotConnected(t *testing.T) {
	for _, tt := range []struct {
		name      string
		run       scenario
		recipient bool // the server refused the recipient
	}{
		{"send-as-denied", sendAsDenied, false},
		{"quota", sendQuota, false},
		{"bad recipient", withRecipientAtFault(sendQuota), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := given("sales@contoso.test")
			opts.Given.NoSend = false
			opts.Given.TestRecipient = true
			d := newDriver(t, opts, (&fakeDeps{scenarios: []scenario{tt.run}}).deps())
			d.press("enter")
			d.wantScreen(screenProblem)
			if offered := strings.Contains(d.screen(), "e  "+upperFirst(tx.OfferRecipient)); offered != tt.recipient {
				t.Fatalf("change the recipient offered: %v, want %v:\n%s", offered, tt.recipient, d.screen())
			}
			if tt.recipient {
				d.press("e") // the test message screen: skip it
				d.wantScreen(screenTestMessage)
				d.press("tab", "space")
				d.wantText(string(tt.run.results[index(steps.Send)].Problem.Code))
				d.press("enter")
			} else {
				d.press("k")
			}
			d.wantScreen(screenSuccess)
			if d.a.report.Outcome() != steps.OutcomeConnectedNoSend {
				t.Errorf("outcome %v, want connected without sending", d.a.report.Outcome())
			}
			s := d.screen()
			if strings.Contains(s, tx.SuccessTitle) || !strings.Contains(s, tx.PartialTitle) {
				t.Errorf("the outcome must say sending does not work:\n%s", s)
			}
		})
	}
}

func withRecipientAtFault(sc scenario) scenario {
	sc.results = append([]steps.Result(nil), sc.results...)
	i := index(steps.Send)
	p := *sc.results[i].Problem
	p.RecipientAtFault = true
	sc.results[i].Problem = &p
	return sc
}

// Commands for IT are never wrapped: they stand whole on their own line,
// or panned with ←/→, and c copies them.
func TestProblemCommandsAreNeverWrapped(t *testing.T) {
	opts := given("sales@contoso.test")
	opts.Config.Username = `CONTOSO\frank`
	d := newDriver(t, opts, (&fakeDeps{scenarios: []scenario{sendAsDenied}}).deps())
	d.press("enter")
	d.press("pgdown", "pgdown")
	cmd := "Get-Mailbox -Identity 'sales@contoso.test' | Add-ADPermission -User 'CONTOSO\\frank' -ExtendedRights 'Send As'"
	var line string
	for _, l := range strings.Split(d.screen(), "\n") {
		if strings.Contains(l, "Get-Mailbox") {
			line = strings.TrimSpace(l)
		}
	}
	if line == "" || !strings.HasSuffix(line, "…") || !strings.HasPrefix(cmd, strings.TrimSuffix(line, "…")) {
		t.Fatalf("the command should stand on one line, cut with …: %q\n%s", line, d.screen())
	}
	d.wantText("←/→")
	d.press("right", "right", "right", "right", "right", "right")
	if !strings.Contains(d.screen(), "'Send As'") {
		t.Errorf("→ should pan to the command's end:\n%s", d.screen())
	}
	_, c := d.a.current.Update(keyPress("c"))
	if msg, ok := c().(copyMsg); !ok || !strings.Contains(msg.text, cmd+"\n") {
		t.Errorf("c should copy the commands, got %#v", c())
	}
}

// The settings a fix names can be changed from the wizard: more time (t),
// a root certificate file (a).
func TestProblemSettings(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{slowServer, healthy}}
	d := newDriver(t, given("alice@contoso.test"), fd.deps())
	d.press("enter")
	d.wantText("(press t)")
	if strings.Contains(d.screen(), "--timeout") {
		t.Error("the wizard names a flag it cannot take")
	}
	d.press("t")
	if got := fd.lastConfig(t).Network.Timeout; got != 30*time.Second {
		t.Errorf("timeout %v, want 30s", got)
	}

	fd = &fakeDeps{scenarios: []scenario{untrusted, healthy}}
	d = newDriver(t, given("alice@contoso.test"), fd.deps())
	d.press("enter", "pgdown")
	d.wantText("(press a)")
	d.press("a")
	d.wantScreen(screenCAFile)
	d.typeText(filepath.Join(t.TempDir(), "missing.pem"))
	d.press("enter")
	d.wantScreen(screenCAFile) // an error, said on the screen
	d.wantText("✗")
	root := filepath.Join(t.TempDir(), "root.pem")
	if err := os.WriteFile(root, testRootPEM(t), 0o600); err != nil {
		t.Fatal(err)
	}
	d.press("ctrl+u")
	d.typeText(root)
	d.press("enter")
	if cfg := fd.lastConfig(t); cfg.Network.RootCAs == nil || len(fd.configs) != 2 {
		t.Errorf("the certificate file should be trusted for the next check: %d checks, roots %v", len(fd.configs), cfg.Network.RootCAs)
	}
}

// testRootPEM is a self-signed CA certificate made for the test.
func testRootPEM(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Root"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestSuccessScreen(t *testing.T) {
	demo := &Demo{Accounts: demoAccounts, Sent: func() []DemoMessage { return demoSent }}
	d := newDriver(t, Options{
		Demo:   demo,
		Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "S3cret!pw"},
		Given:  Given{URL: true, Email: true, Password: true, TestRecipient: true},
	}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("tab") // type-your-own: keeps the flags' answers
	d.wantScreen(screenSuccess)
	d.golden(t)

	d.press("v") // review every step
	d.wantScreen(screenChecks)
	d.wantText("Test message", "ok")
	d.press("esc")
	d.wantScreen(screenSuccess)
	d.press("n") // another account: every question is asked again
	d.wantScreen(screenSignIn)
	d.wantText("alice@contoso.test")
	d.press("enter", "enter") // the email kept, a password typed again...
	d.typeText("pw")
	d.press("enter")
	d.wantScreen(screenServer) // ...and the URL, typed before, offered again
	d.wantText(demoURL)
}

func TestHelpToggles(t *testing.T) {
	d := newDriver(t, Options{Config: steps.Config{URL: demoURL}, Given: Given{URL: true}},
		(&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("enter", "?")
	d.wantScreen(screenSignIn)
	d.wantText("previous field", "next field")
	d.press("?")
	if strings.Contains(d.screen(), "previous field") {
		t.Error("? should close the full help")
	}
}

func TestResizeAndScroll(t *testing.T) {
	d := newDriver(t, given("alice@contoso.test"), (&fakeDeps{scenarios: []scenario{authFailed}}).deps())
	d.press("enter")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 20})
	d.wantText(tx.MoreBelow)
	if n := strings.Count(d.screen(), "\n") + 1; n != 20 {
		t.Errorf("%d lines at height 20", n)
	}
	d.wantText("e  Re-enter the password") // the one-key fixes are above the fold
	d.press("pgdown", "pgdown", "pgdown", "pgdown")
	d.wantText("SSL bridging") // the end of the fix
	d.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	if strings.Contains(d.screen(), tx.MoreBelow) {
		t.Error("everything fits at 120x40, yet more is said to be below")
	}
	for _, l := range strings.Split(d.screen(), "\n") {
		if w := len([]rune(l)); w > 120 {
			t.Errorf("line wider than the terminal: %d", w)
		}
	}
}

func waitFor(cond func() bool) bool {
	for i := 0; i < 200; i++ {
		if cond() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

func TestLightBackgroundSwitchesStyles(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	if !d.a.st.isDark {
		t.Fatal("dark is the default until the terminal answers")
	}
	d.send(tea.BackgroundColorMsg{Color: color.White})
	if d.a.st.isDark {
		t.Error("a white background should select the light styles")
	}
}

func TestDemoListGrowsWithTheTerminal(t *testing.T) {
	d := newDriver(t, Options{Demo: &Demo{Accounts: demoAccounts}}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	last := demoAccounts[len(demoAccounts)-1].Name
	if strings.Contains(d.screen(), last) {
		t.Fatal("at 80x24 the last demo row should be below the list's window")
	}
	d.send(tea.WindowSizeMsg{Width: 100, Height: len(demoAccounts) + 25})
	d.wantText(last)
}

// A connection that works with a coded warning says so on the success
// screen with what was seen and the fix, recorded from the simulator's
// expiring password: it works today, not in five days.
func TestSuccessScreenShowsAWarningWithItsFix(t *testing.T) {
	d := connectedWithAWarning(t)
	d.wantText("Your password expires soon", "the password of erin@contoso.test expires on", "Change your password")
	d.press("pgdown")
	d.wantText("password-expiring")
	d.press("v")
	d.wantScreen(screenChecks)
	d.wantText("Your password expires soon", "password-expiring")
}
