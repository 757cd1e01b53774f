package ui

import (
	"crypto/x509"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// caFileScreen asks for a company root certificate's file, to trust it for
// the next check without installing it: the wizard's --ca-file.
type caFileScreen struct {
	input   textinput.Model
	base    *x509.CertPool // the roots trusted now (nil: the system's)
	problem string
	keys    formKeys
}

func newCAFileScreen(base *x509.CertPool, g globalKeys) (*caFileScreen, tea.Cmd) {
	s := &caFileScreen{input: newInput("", tx.CAFilePlaceholder, false), base: base, keys: newFormKeys(g, true)}
	s.keys.Accept.SetEnabled(false)
	s.keys.NextField.SetEnabled(false)
	s.keys.PrevField.SetEnabled(false)
	s.keys.Toggle.SetEnabled(false)
	return s, s.input.Focus()
}

func (s *caFileScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Next):
			path := strings.Trim(strings.TrimSpace(s.input.Value()), `"'`) // as pasted from a file manager
			if path == "" {
				s.problem = tx.CAFileRequired
				return s, nil
			}
			pool, err := exchange.AddRootCAs(s.base, path)
			if err != nil {
				s.problem = exchange.Sanitize(i18n.ErrorIn(tx.lang, err))
				return s, nil
			}
			return s, send(caFileDoneMsg{path: path, pool: pool})
		case key.Matches(k, s.keys.Back):
			return s, send(caFileDoneMsg{})
		}
	}
	cmd, typed := typeInto(&s.input, msg)
	if typed {
		s.problem = "" // the answer changed: the old complaint no longer applies
	}
	return s, cmd
}

func (s *caFileScreen) KeyMap() help.KeyMap { return s.keys }

func (s *caFileScreen) View(st styles, w int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(tx.CAFileTitle) + "\n\n")
	b.WriteString(wrap(tx.CAFileIntro, w, 0) + "\n\n")
	b.WriteString(fieldView(st, tx.CAFileLabel, s.input, true, w) + "\n")
	if s.problem != "" {
		b.WriteString(hanging(st.Fail.Render("✗ "), s.problem, w, 2) + "\n")
	}
	b.WriteString("\n" + wrap(st.Muted.Render(tx.CAFileNote), w, 0) + "\n")
	return b.String()
}
