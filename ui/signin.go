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

// signInField is a focusable part of the sign-in screen.
type signInField int

const (
	fieldEmail signInField = iota
	fieldPassword
	fieldCustomLogin // the on/off choice
	fieldLogin
)

// signInScreen asks for the email address, the password (masked) and,
// only when the user turns it on, a custom login such as CONTOSO\alice.
// Answers that came from flags are shown, not asked.
type signInScreen struct {
	email, password, login textinput.Model
	custom                 bool
	focus                  signInField
	given                  Given
	problem                string // what is missing, after enter
	retype                 bool   // the password was cleared to be typed again
	findsNext              bool   // Find my server comes next: say so, and that u skips it
	keys                   formKeys
}

func newSignInScreen(cfg steps.Config, given Given, target editTarget, editing bool, g globalKeys) (*signInScreen, tea.Cmd) {
	s := &signInScreen{
		email:    newInput(cfg.Email, tx.EmailPlaceholder, false),
		password: newInput(cfg.Password, "", true),
		login:    newInput(cfg.Username, tx.LoginPlaceholder, false),
		custom:   cfg.Username != "",
		given:    given,
		keys:     newFormKeys(g, editing),
	}
	s.keys.Accept.SetEnabled(false)
	switch target {
	case editPassword:
		// The password is what was refused; typing over a masked value
		// you cannot see is error-prone, so it starts empty.
		s.password.SetValue("")
		s.retype = true
		s.focus = fieldPassword
	case editLogin:
		s.custom = true
		s.focus = fieldLogin
	default:
		s.focus = s.firstEmpty()
	}
	return s, s.focusCmd()
}

// fields lists the parts that can take focus, in tab order.
func (s *signInScreen) fields() []signInField {
	var f []signInField
	if !s.given.Email {
		f = append(f, fieldEmail)
	}
	if !s.given.Password {
		f = append(f, fieldPassword)
	}
	if !s.given.Username {
		f = append(f, fieldCustomLogin)
		if s.custom {
			f = append(f, fieldLogin)
		}
	}
	return f
}

// firstEmpty is the first required field without an answer, or -1.
func (s *signInScreen) firstEmpty() signInField {
	for _, f := range s.fields() {
		if in := s.input(f); in != nil && strings.TrimSpace(in.Value()) == "" {
			return f
		}
	}
	if f := s.fields(); len(f) > 0 {
		return f[0]
	}
	return fieldEmail
}

func (s *signInScreen) missing() (signInField, string, bool) {
	for _, f := range s.fields() {
		in := s.input(f)
		if in == nil || strings.TrimSpace(in.Value()) != "" {
			continue
		}
		switch f {
		case fieldEmail:
			return f, tx.EmailRequired, true
		case fieldPassword:
			return f, tx.PasswordRequired, true
		case fieldLogin:
			return f, tx.LoginRequired, true
		}
	}
	return 0, "", false
}

func (s *signInScreen) input(f signInField) *textinput.Model {
	switch f {
	case fieldEmail:
		return &s.email
	case fieldPassword:
		return &s.password
	case fieldLogin:
		return &s.login
	}
	return nil
}

// focusCmd moves the keyboard to s.focus.
func (s *signInScreen) focusCmd() tea.Cmd {
	s.email.Blur()
	s.password.Blur()
	s.login.Blur()
	s.keys.Toggle.SetEnabled(s.focus == fieldCustomLogin)
	if in := s.input(s.focus); in != nil {
		return in.Focus()
	}
	return nil
}

func (s *signInScreen) move(delta int) tea.Cmd {
	f := s.fields()
	for i, x := range f {
		if x == s.focus {
			s.focus = f[(i+delta+len(f))%len(f)]
			break
		}
	}
	return s.focusCmd()
}

// answer is what the fields hold, going forward or back.
func (s *signInScreen) answer(back bool) signInDoneMsg {
	done := signInDoneMsg{email: strings.TrimSpace(s.email.Value()), password: s.password.Value(), back: back}
	if s.custom {
		done.username = strings.TrimSpace(s.login.Value())
	}
	return done
}

func (s *signInScreen) typingSecret() bool { return s.focus == fieldPassword }

func (s *signInScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Next):
			if f, why, ok := s.missing(); ok {
				// enter walks to the next field still needing an answer
				if s.focus != f {
					s.focus = f
				} else {
					s.problem = why
				}
				return s, s.focusCmd()
			}
			return s, send(s.answer(false))
		case key.Matches(k, s.keys.Back):
			return s, send(s.answer(true))
		case key.Matches(k, s.keys.PrevField):
			if f := s.fields(); len(f) == 0 || s.focus == f[0] {
				return s, send(s.answer(true))
			}
			return s, s.move(-1)
		case key.Matches(k, s.keys.NextField):
			return s, s.move(1)
		case s.focus == fieldCustomLogin && (k.String() == "space" || k.String() == "x"):
			s.custom = !s.custom
			if s.custom {
				s.focus = fieldLogin
			}
			return s, s.focusCmd()
		}
	}
	in := s.input(s.focus)
	if in == nil {
		return s, nil
	}
	cmd, typed := typeInto(in, msg)
	if typed {
		s.problem = "" // the answer changed: the old complaint no longer applies
	}
	return s, cmd
}

func (s *signInScreen) KeyMap() help.KeyMap {
	k := s.keys
	if s.typingSecret() {
		k.Help = bind([2]string{"f1", tx.KeyHelp[1]}, "f1")
	}
	return k
}

func (s *signInScreen) View(st styles, w int) string {
	var b strings.Builder
	givenLine := func(label, value string) {
		b.WriteString("  " + st.Muted.Render(fmt.Sprintf(tx.GivenFmt, label, value)) + "\n")
	}
	if s.given.Email {
		givenLine(tx.EmailLabel, s.email.Value())
	} else {
		b.WriteString(fieldView(st, tx.EmailLabel, s.email, s.focus == fieldEmail, w) + "\n")
	}
	if s.given.Password {
		givenLine(tx.PasswordLabel, tx.PasswordGiven)
	} else {
		b.WriteString(fieldView(st, tx.PasswordLabel, s.password, s.focus == fieldPassword, w) + "\n")
		if s.retype {
			b.WriteString("    " + st.Muted.Render(tx.PasswordRetype) + "\n")
		}
	}
	if s.given.Username {
		givenLine(tx.LoginLabel, s.login.Value())
	} else {
		b.WriteString("\n" + checkboxView(st, tx.CustomLoginToggle, s.custom, s.focus == fieldCustomLogin) + "\n")
		if s.custom {
			b.WriteString(fieldView(st, tx.LoginLabel, s.login, s.focus == fieldLogin, w) + "\n")
			b.WriteString(wrap(st.Muted.Render(tx.LoginHint), w, 4) + "\n")
		}
	}
	if s.problem != "" {
		b.WriteString("\n" + hanging(st.Fail.Render("✗ "), s.problem, w, 2) + "\n")
	}
	if s.findsNext {
		b.WriteString("\n" + wrap(st.Muted.Render(fmt.Sprintf(tx.SignInNextFmt, "u")), w, 0) + "\n")
	}
	return b.String()
}
