package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// welcomeScreen says what will happen and what is needed. Under --demo it
// lists the demo accounts instead: ↑/↓ picks one and enter starts with its
// answers filled in, so a trainer can show any scenario in a few keys.
type welcomeScreen struct {
	demo     *Demo
	selected int
	rows     int // demo rows shown at once
	given    []string
	keys     welcomeKeys
}

// demoRowsAround is the rest of the demo welcome: title, intro, the more
// lines and the chosen account's details.
const demoRowsAround = 12

func (s *welcomeScreen) setBodyHeight(h int) { s.rows = max(3, h-demoRowsAround) }

func newWelcomeScreen(opts Options, given []string, g globalKeys) *welcomeScreen {
	s := &welcomeScreen{demo: opts.Demo, given: given, rows: 7, keys: newWelcomeKeys(g)}
	if s.demo == nil || len(s.demo.Accounts) == 0 {
		s.demo = nil
		s.keys.Pick.SetEnabled(false)
		s.keys.Own.SetEnabled(false)
	} else {
		s.keys.Start = bind(tx.KeyStartDemo, "enter")
		s.keys.Scroll.SetEnabled(false)
	}
	return s
}

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
	for i, p := range tx.WelcomePlan {
		fmt.Fprintf(&b, "  %s  %s  %s\n", st.Accent.Render(fmt.Sprint(i+1)),
			st.Label.Render(padRight(p[0], 13)), p[1])
	}
	b.WriteString("\n" + st.Heading.Render(tx.WelcomeNeedHeading) + "\n")
	for _, n := range tx.WelcomeNeed {
		b.WriteString(hanging("• ", n, w, 2) + "\n")
	}
	if len(s.given) > 0 {
		b.WriteString("\n" + wrap(st.Muted.Render(fmt.Sprintf(tx.WelcomeGivenFmt, strings.Join(s.given, ", "))), w, 0) + "\n")
	}
	return b.String()
}

// demoView is the demo's welcome: the flow in one line, the accounts as a
// list, and the chosen account's answers in full.
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
	b.WriteString(moreLine(st, tx.DemoAboveFmt, first))
	for i := first; i < last; i++ {
		a := accts[i]
		line := padRight(a.Name, nameW) + "  " + demoExpect(a)
		if i == s.selected {
			b.WriteString(st.Accent.Render("› "+ansi.Truncate(line, w-2, "…")) + "\n")
		} else {
			b.WriteString("  " + ansi.Truncate(line, w-2, "…") + "\n")
		}
	}
	b.WriteString(moreLine(st, tx.DemoBelowFmt, len(accts)-last) + "\n")

	a := accts[s.selected]
	login := a.Email
	if a.Username != "" {
		login += " · " + tx.LoginLabel + " " + a.Username
	}
	for _, kv := range [][2]string{
		{tx.DemoColumns[0], a.URL},
		{tx.DemoColumns[1], login},
		{tx.DemoColumns[2], a.Password},
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
func moreLine(st styles, format string, n int) string {
	if n == 0 {
		return "\n"
	}
	return st.Muted.Render(fmt.Sprintf(format, n)) + "\n"
}

// demoExpect says what a demo row will show: "connects" or the code.
func demoExpect(a DemoAccount) string {
	if a.Expect == "ok" || a.Expect == "" {
		return "✓ " + tx.DemoExpectOK
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
