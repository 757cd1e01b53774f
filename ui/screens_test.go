package ui

import (
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/exp/golden"

	"ewsconnect/steps"
)

// The goldens are the screens at 80x24 without colour: what a user reads.
// Refresh with: go test ./ui -update

func TestWelcomeScreen(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.wantScreen(screenWelcome)
	golden.RequireEqual(t, d.screen())
	d.press("enter")
	d.wantScreen(screenServer)
}

func TestWelcomeDemoScreen(t *testing.T) {
	demo := &Demo{Accounts: demoAccounts, Sent: func() []DemoMessage { return demoSent }}
	d := newDriver(t, Options{Demo: demo}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("down", "down")
	golden.RequireEqual(t, d.screen())

	// enter starts with the chosen account's answers filled in
	d.press("enter")
	d.wantScreen(screenServer)
	if got, want := d.a.cfg.Password, "wrong-pass"; got != want {
		t.Errorf("password %q, want the wrong-password row's %q", got, want)
	}
	d.wantText(demoURL)
}

func TestWelcomeDemoTypeYourOwn(t *testing.T) {
	demo := &Demo{Accounts: demoAccounts}
	d := newDriver(t, Options{Demo: demo}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("tab")
	d.wantScreen(screenServer)
	if d.a.cfg.URL != "" || d.a.cfg.Email != "" {
		t.Errorf("tab should start with empty answers, got %+v", d.a.cfg)
	}
}

func TestServerScreenOWASuggestion(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("enter")
	d.typeText("https://mail.contoso.test/owa/")
	golden.RequireEqual(t, d.screen())

	d.press("tab") // accept the suggestion
	d.wantText(demoURL, tx.ServerLooksRight)
	d.press("enter")
	d.wantScreen(screenSignIn)
	if d.a.cfg.URL != demoURL {
		t.Errorf("URL %q, want the suggestion %q", d.a.cfg.URL, demoURL)
	}
}

func TestServerScreenKeepsInvalidAddress(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("enter", "enter")
	d.wantScreen(screenServer)
	d.wantText(tx.ServerRequired)

	d.typeText("http://mail.contoso.test/EWS/Exchange.asmx")
	d.press("enter")
	d.wantScreen(screenServer) // not https: enter does not move on
	d.wantText(tx.ServerFixFirst, "code url-not-https")
	golden.RequireEqual(t, d.screen())
}

func TestSignInScreen(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("enter")
	d.typeText(demoURL)
	d.press("enter")
	d.wantScreen(screenSignIn)
	d.typeText("alice@contoso.test")
	d.press("enter") // enter walks to the empty password
	d.typeText("S3cret?pw")
	golden.RequireEqual(t, d.screen())

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
	golden.RequireEqual(t, d.screen())

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
	d.wantText("alice@contoso.test", "step 1 of 1")
	d.press("tab", "space") // skip it
	golden.RequireEqual(t, d.screen())

	d.press("enter")
	if cfg := fd.lastConfig(t); !cfg.NoSend {
		t.Errorf("skip was chosen but NoSend is false")
	}
}

func TestBackKeepsAnswers(t *testing.T) {
	d := newDriver(t, Options{}, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("enter")
	d.typeText(demoURL)
	d.press("enter")
	d.typeText("alice@contoso.test")
	d.press("esc")
	d.wantScreen(screenServer)
	d.press("enter")
	d.wantScreen(screenSignIn)
	if s := d.a.current.(*signInScreen); s.email.Value() != "" && d.a.cfg.URL != demoURL {
		t.Errorf("URL lost after going back: %q", d.a.cfg.URL)
	}
	d.press("shift+tab") // on the first field: back a screen
	d.wantScreen(screenServer)
	d.wantText(demoURL)
}

func TestChecksScreenRunning(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, blockAt: steps.Auth}
	d := newDriver(t, Options{
		Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "pw"},
		Given:  Given{URL: true, Email: true, Password: true, NoSend: true},
	}, fd.deps())
	d.press("enter")
	d.wantScreen(screenChecks)
	golden.RequireEqual(t, d.screen())

	d.press("esc") // stop: the waiting step's context is cancelled
	if !waitFor(fd.firstRunStopped) {
		t.Fatal("esc did not cancel the running step")
	}
	d.wantText(tx.ChecksStopped)
}

func TestCtrlCQuitsFromAnyScreen(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}, blockAt: steps.Connect}
	d := newDriver(t, Options{
		Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "pw"},
		Given:  Given{URL: true, Email: true, Password: true, NoSend: true},
	}, fd.deps())
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
		section steps.Section
		run     scenario
		keys    []string // on the problem screen, and the screen they lead to
		then    screenID
	}{
		{steps.SectionInvalidURL, owaURL, []string{"e"}, screenServer},
		{steps.SectionUnsupportedVersion, versionTooOld, []string{"r"}, screenProblem},
		{steps.SectionCannotConnect, tlsMismatch, []string{"e"}, screenServer},
		{steps.SectionUnauthorized, authFailed, []string{"e"}, screenSignIn},
		{steps.SectionTestEmailFailed, sendAsDenied, []string{"e"}, screenTestMessage},
	}
	for _, c := range cases {
		t.Run(string(c.section), func(t *testing.T) {
			d := newDriver(t, Options{
				Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "pw"},
				Given:  Given{URL: true, Email: true, Password: true, NoSend: true},
			}, (&fakeDeps{scenarios: []scenario{c.run}}).deps())
			d.press("enter")
			d.wantScreen(screenProblem)
			p := c.run.results[len(d.a.report.Steps)-1].Problem
			for _, r := range d.a.report.Steps {
				if r.Problem != nil {
					p = r.Problem
				}
			}
			d.wantText(p.SectionTitle, string(p.Code))
			golden.RequireEqual(t, d.screen())
			d.press(c.keys...)
			d.wantScreen(c.then)
		})
	}
}

func TestProblemEditPasswordKeepsOtherAnswers(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{authFailed, healthy}}
	d := newDriver(t, Options{}, fd.deps())
	d.press("enter")
	d.typeText(demoURL)
	d.press("enter")
	d.typeText("alice@contoso.test")
	d.press("enter")
	d.typeText("wrong")
	d.press("enter", "enter") // sign in done; test message: keep the default
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
	d.wantText(tx.PasswordRetype, "check again")
	d.typeText("right")
	d.press("enter") // straight back to the checks
	d.wantScreen(screenSuccess)
	cfg := fd.lastConfig(t)
	if cfg.Password != "right" || cfg.URL != demoURL || cfg.Email != "alice@contoso.test" || cfg.Recipient() != "alice@contoso.test" {
		t.Errorf("second run's answers: %+v", cfg)
	}
}

func TestProblemEscReturnsFromEdit(t *testing.T) {
	d := newDriver(t, Options{
		Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "pw"},
		Given:  Given{URL: true, Email: true, Password: true, NoSend: true},
	}, (&fakeDeps{scenarios: []scenario{authFailed}}).deps())
	d.press("enter", "e", "esc")
	d.wantScreen(screenProblem)
}

func TestProblemApplyLoginSuggestion(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{authFailed, healthy}}
	d := newDriver(t, Options{
		Config: steps.Config{URL: demoURL, Email: "bob@contoso.test", Password: "pw", NoSend: true},
		Given:  Given{URL: true, Email: true, Password: true, NoSend: true},
	}, fd.deps())
	d.press("enter")
	d.wantText(`Try CONTOSO\alice as the login?`, "press d")
	d.press("d")
	d.wantScreen(screenSuccess)
	if got := fd.lastConfig(t).Username; got != `CONTOSO\alice` {
		t.Errorf("login %q, want the suggestion", got)
	}
}

func TestProblemApplyURLSuggestion(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{owaURL, healthy}}
	d := newDriver(t, Options{
		Config: steps.Config{URL: "https://mail.contoso.test/owa/", Email: "alice@contoso.test", Password: "pw"},
		Given:  Given{URL: true, Email: true, Password: true, NoSend: true},
	}, fd.deps())
	d.press("enter", "u")
	d.wantScreen(screenSuccess)
	if got := fd.lastConfig(t).URL; got != demoURL {
		t.Errorf("URL %q, want the suggestion", got)
	}
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
	golden.RequireEqual(t, d.screen())

	d.press("v") // review every step
	d.wantScreen(screenChecks)
	d.wantText("Test message", "ok")
	d.press("esc")
	d.wantScreen(screenSuccess)
	d.press("n") // another account: every question is asked again
	d.wantScreen(screenServer)
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
	d := newDriver(t, Options{
		Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "pw"},
		Given:  Given{URL: true, Email: true, Password: true, NoSend: true},
	}, (&fakeDeps{scenarios: []scenario{authFailed}}).deps())
	d.press("enter")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 16})
	d.wantText(tx.MoreBelow)
	if n := strings.Count(d.screen(), "\n") + 1; n != 16 {
		t.Errorf("%d lines at height 16", n)
	}
	d.wantText("press d") // the one-key fix is above the fold
	d.press("pgdown", "pgdown", "pgdown")
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
	if strings.Contains(d.screen(), "send-as-denied") {
		t.Fatal("at 80x24 the last demo row should be below the list's window")
	}
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.wantText("send-as-denied")
}
