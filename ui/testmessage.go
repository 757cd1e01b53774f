package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"ewsconnect/steps"
)

// testMessageScreen asks where the test message goes (BCC; the email
// address unless changed) or lets the user skip it.
type testMessageScreen struct {
	email     string
	recipient textinput.Model
	skip      bool
	onSkip    bool // focus is on the skip choice, not the address
	problem   string
	keys      formKeys
}

func newTestMessageScreen(cfg steps.Config, editing bool, g globalKeys) (*testMessageScreen, tea.Cmd) {
	s := &testMessageScreen{
		email:     cfg.Email,
		recipient: newInput(cfg.Recipient(), "", false),
		skip:      cfg.NoSend,
		keys:      newFormKeys(g),
	}
	s.keys.Accept.SetEnabled(false)
	if editing {
		s.keys.Next = bind(tx.KeyCheckAgain, "enter")
	}
	s.onSkip = s.skip
	return s, s.focusCmd()
}

func (s *testMessageScreen) focusCmd() tea.Cmd {
	s.keys.Toggle.SetEnabled(s.onSkip)
	if s.onSkip {
		s.recipient.Blur()
		return nil
	}
	return s.recipient.Focus()
}

func (s *testMessageScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Next):
			to := strings.TrimSpace(s.recipient.Value())
			if to == "" && !s.skip {
				s.problem = tx.RecipientRequired
				return s, nil
			}
			if strings.EqualFold(to, s.email) {
				to = "" // the default: it follows the email if that changes
			}
			done := testMessageDoneMsg{recipient: to, noSend: s.skip}
			return s, func() tea.Msg { return done }
		case key.Matches(k, s.keys.Back):
			return s, func() tea.Msg { return backMsg{} }
		case key.Matches(k, s.keys.PrevField) && !s.onSkip:
			return s, func() tea.Msg { return backMsg{} }
		case key.Matches(k, s.keys.NextField, s.keys.PrevField):
			s.onSkip = !s.onSkip
			return s, s.focusCmd()
		case s.onSkip && (k.String() == "space" || k.String() == "x"):
			s.skip = !s.skip
			s.problem = ""
			return s, nil
		}
	}
	if s.onSkip {
		return s, nil
	}
	var cmd tea.Cmd
	s.recipient, cmd = s.recipient.Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		s.problem = ""
	}
	return s, cmd
}

func (s *testMessageScreen) KeyMap() help.KeyMap { return s.keys }

func (s *testMessageScreen) View(st styles, w int) string {
	var b strings.Builder
	b.WriteString(wrap(tx.TestIntro, w, 0) + "\n\n")
	if s.skip {
		b.WriteString("  " + st.Muted.Render(tx.RecipientLabel) + "\n")
		b.WriteString(indent(st.BoxBlur.Width(w-2).Render(st.Muted.Render(s.recipient.Value()+" ")), 2) + "\n")
	} else {
		b.WriteString(fieldView(st, tx.RecipientLabel, s.recipient, !s.onSkip, w) + "\n")
	}
	b.WriteString("\n" + checkboxView(st, tx.SkipSendToggle, s.skip, s.onSkip) + "\n")
	if s.skip {
		b.WriteString(wrap(st.Muted.Render(tx.SkipSendNote), w, 6) + "\n")
	}
	if s.problem != "" {
		b.WriteString("\n" + hanging(st.Fail.Render("✗ "), s.problem, w, 2) + "\n")
	}
	return b.String()
}
