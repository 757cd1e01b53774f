package ui

import (
	"fmt"
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
	failed    *steps.Problem // how the test message failed before, if it did
	recipient textinput.Model
	skip      bool
	onSkip    bool // focus is on the skip choice, not the address
	problem   string
	keys      formKeys
}

func newTestMessageScreen(cfg steps.Config, editing bool, g globalKeys) (*testMessageScreen, tea.Cmd) {
	s := &testMessageScreen{
		email:     cfg.Email,
		failed:    cfg.SendFailed,
		recipient: newInput(cfg.Recipient(), "", false),
		skip:      cfg.NoSend,
		keys:      newFormKeys(g, editing),
	}
	s.keys.Accept.SetEnabled(false)
	s.onSkip = s.skip
	return s, s.focusCmd()
}

// answer is the recipient and the skip choice, going forward or back. The
// email address as recipient is the default: it follows the email if that
// changes.
func (s *testMessageScreen) answer(back bool) testMessageDoneMsg {
	to := strings.TrimSpace(s.recipient.Value())
	if strings.EqualFold(to, s.email) {
		to = ""
	}
	return testMessageDoneMsg{recipient: to, noSend: s.skip, back: back}
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
			if strings.TrimSpace(s.recipient.Value()) == "" && !s.skip {
				s.problem = tx.RecipientRequired
				return s, nil
			}
			return s, send(s.answer(false))
		case key.Matches(k, s.keys.Back):
			return s, send(s.answer(true))
		case key.Matches(k, s.keys.PrevField) && !s.onSkip:
			return s, send(s.answer(true))
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
	cmd, typed := typeInto(&s.recipient, msg)
	if typed {
		s.problem = "" // the answer changed: the old complaint no longer applies
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
	switch {
	case s.skip && s.failed != nil:
		b.WriteString(wrap(st.Warn.Render(fmt.Sprintf(tx.SkipAfterFailureNoteFmt, s.failed.Code)), w, 6) + "\n")
	case s.skip:
		b.WriteString(wrap(st.Muted.Render(tx.SkipSendNote), w, 6) + "\n")
	}
	if s.problem != "" {
		b.WriteString("\n" + hanging(st.Fail.Render("✗ "), s.problem, w, 2) + "\n")
	}
	return b.String()
}
