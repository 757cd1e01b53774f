package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ewsconnect/steps"
)

// welcomeScreen says what will happen and what is needed. Under --demo it
// lists the demo accounts instead: ↑/↓ picks one and enter starts with its
// answers filled in, so a trainer can show any scenario in a few keys.
// Answers given as flags win over a row's, and are shown as the user's.
type welcomeScreen struct {
	demo     *Demo
	cfg      steps.Config // the answers so far (flags)
	given    Given
	selected int
	rows     int // demo rows shown at once
	keys     welcomeKeys
}

// demoRowsAround is the rest of the demo welcome: title, intro, the more
// lines and the chosen account's details.
const demoRowsAround = 12

func (s *welcomeScreen) setBodyHeight(h int) { s.rows = max(3, h-demoRowsAround) }

func newWelcomeScreen(opts Options, cfg steps.Config, given Given, g globalKeys) *welcomeScreen {
	s := &welcomeScreen{demo: opts.Demo, cfg: cfg, given: given, rows: 7, keys: newWelcomeKeys(g)}
	if s.demo == nil || len(s.demo.Accounts) == 0 {
		s.demo = nil
		s.keys.Pick.SetEnabled(false)
		s.keys.Own.SetEnabled(false)
	} else {
		s.keys.Start = bind(tx.KeyStartDemo, "enter")
	}
	return s
}

// usesArrows: the demo list picks with ↑/↓ instead of scrolling.
func (s *welcomeScreen) usesArrows() bool { return s.demo != nil }

func (s *welcomeScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch {
	case key.Matches(k, s.keys.Start):
		if s.demo != nil {
			acct := s.demo.Accounts[s.selected]
			return s, send(startMsg{account: &acct})
		}
		return s, send(startMsg{})
	case key.Matches(k, s.keys.Own):
		return s, send(startMsg{})
	case key.Matches(k, s.keys.Pick):
		if k.String() == "up" || k.String() == "k" {
			s.selected = max(0, s.selected-1)
		} else {
			s.selected = min(len(s.demo.Accounts)-1, s.selected+1)
		}
	case key.Matches(k, s.keys.Quit):
		return s, send(quitMsg{})
	}
	return s, nil
}

func (s *welcomeScreen) KeyMap() help.KeyMap { return s.keys }

func (s *welcomeScreen) View(st styles, w int) string {
	if s.demo != nil {
		return s.demoView(st, w)
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(tx.WelcomeTitle) + "\n\n")
	b.WriteString(wrap(tx.WelcomeIntro, w, 0) + "\n\n")
	b.WriteString(st.Heading.Render(tx.WelcomeWhatHappens) + "\n")
	nameW := 13 // the names' column; wider for a language's longer name
	for _, name := range tx.FlowSteps {
		nameW = max(nameW, ansi.StringWidth(name)+1)
	}
	for i, name := range tx.FlowSteps {
		prefix := st.Accent.Render(fmt.Sprint(i+1)) + "  " + st.Label.Render(padRight(name, nameW)) + "  "
		// w+2: the plan may use the right margin, as it always has (the
		// English lines reach column 80); a longer one wraps under itself.
		b.WriteString(hanging(prefix, tx.WelcomePlan[i], w+2, 2) + "\n")
	}
	b.WriteString("\n" + st.Heading.Render(tx.WelcomeNeedHeading) + "\n")
	for _, n := range tx.WelcomeNeed {
		b.WriteString(hanging("• ", n, w, 2) + "\n")
	}
	if given := givenAnswers(s.cfg, s.given); len(given) > 0 {
		b.WriteString("\n" + st.Heading.Render(tx.WelcomeGivenHeading) + "\n")
		for _, kv := range given {
			b.WriteString(hanging(st.Label.Render(padRight(kv[0], 15)), kv[1], w, 2) + "\n")
		}
	}
	return b.String()
}

// givenAnswers are the answers that came from flags, as label and value;
// the password is never shown.
func givenAnswers(cfg steps.Config, g Given) [][2]string {
	var out [][2]string
	add := func(ok bool, label, value string) {
		if ok {
			out = append(out, [2]string{label, value})
		}
	}
	add(g.URL, tx.SettingURL, cfg.URL)
	add(g.Email, tx.EmailLabel, cfg.Email)
	add(g.Username, tx.LoginLabel, cfg.Username)
	add(g.Password, tx.PasswordLabel, tx.PasswordGiven)
	add(g.TestRecipient, tx.SettingTest, cfg.TestRecipient)
	add(g.NoSend, tx.SettingTest, tx.TestSkipped)
	return out
}

// demoView is the demo's welcome: the accounts as a list, and the chosen
// account's answers in full, with the flags' answers in place of the
// row's.
func (s *welcomeScreen) demoView(st styles, w int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(tx.DemoTitle) + "\n")
	b.WriteString(wrap(tx.DemoIntro, w, 0) + "\n\n")
	accts := s.demo.Accounts
	nameW := 0
	for _, a := range accts {
		nameW = max(nameW, ansi.StringWidth(a.Name))
	}
	first := max(0, min(s.selected-s.rows/2, len(accts)-s.rows))
	last := min(len(accts), first+s.rows)
	b.WriteString(moreLine(st, "ui.welcome.demo-above", first))
	for i := first; i < last; i++ {
		a := accts[i]
		line := padRight(a.Name, nameW) + "  " + demoExpect(a)
		if i == s.selected {
			b.WriteString(st.Accent.Render("› "+ansi.Truncate(line, w-2, "…")) + "\n")
		} else {
			b.WriteString("  " + ansi.Truncate(line, w-2, "…") + "\n")
		}
	}
	b.WriteString(moreLine(st, "ui.welcome.demo-below", len(accts)-last) + "\n")

	a := mergeDemoAccount(accts[s.selected], s.cfg, s.given)
	mark := func(given bool, v string) string {
		if given {
			return v + " " + st.Muted.Render(tx.GivenMark)
		}
		return v
	}
	login := a.Email
	if a.Username != "" {
		login += " · " + tx.LoginLabel + " " + a.Username
	}
	password := a.Password
	if s.given.Password {
		password = tx.PasswordGiven
	}
	address := mark(s.given.URL, a.URL)
	if a.Autodiscover && !s.given.URL {
		address = tx.DemoAddressFound
	}
	for _, kv := range [][2]string{
		{tx.DemoColumns[0], address},
		{tx.DemoColumns[1], mark(s.given.Email || s.given.Username, login)},
		{tx.DemoColumns[2], mark(s.given.Password, password)},
		{tx.DemoColumns[3], a.About},
	} {
		if kv[1] != "" {
			b.WriteString(hanging(st.Label.Render(padRight(kv[0], 10)), kv[1], w, 2) + "\n")
		}
	}
	return b.String()
}

// moreLine says how many rows are hidden above or below; an empty line
// when none is, so the list does not jump.
func moreLine(st styles, key string, n int) string {
	if n == 0 {
		return "\n"
	}
	return st.Muted.Render(tx.n(key, n)) + "\n"
}

// demoExpect says what a demo row will show: "connects", or the code of
// its warning or its problem.
func demoExpect(a DemoAccount) string {
	switch {
	case a.Expect == "ok" || a.Expect == "":
		return "✓ " + tx.DemoExpectOK
	case a.Warns:
		return "! " + a.Expect
	}
	return "✗ " + a.Expect
}

// padRight pads s with spaces to display width n.
func padRight(s string, n int) string {
	if gap := n - lipgloss.Width(s); gap > 0 {
		return s + strings.Repeat(" ", gap)
	}
	return s
}
