package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// serverScreen asks for the EWS URL and checks its form as the user types
// (no network). An Outlook Web App address gets the EWS address on the same
// server as a suggestion, accepted with tab.
type serverScreen struct {
	input      textinput.Model
	check      func(string) (*steps.Problem, string)
	problem    *steps.Problem
	suggestion string
	insisted   bool // enter was pressed on an address with a problem
	editing    bool
	keys       formKeys
}

func newServerScreen(value string, check func(string) (*steps.Problem, string), editing bool, g globalKeys) (*serverScreen, tea.Cmd) {
	s := &serverScreen{
		input:   newInput(value, tx.ServerPlaceholder, false),
		check:   check,
		editing: editing,
		keys:    newFormKeys(g),
	}
	if editing {
		s.keys.Next = bind(tx.KeyCheckAgain, "enter")
	}
	s.keys.NextField.SetEnabled(false)
	s.keys.PrevField = bind(tx.KeyBack, "shift+tab")
	s.keys.Toggle.SetEnabled(false)
	s.validate()
	return s, s.input.Focus()
}

// validate re-checks the address's form; cheap and local, so it runs on
// every key.
func (s *serverScreen) validate() {
	s.problem, s.suggestion = nil, ""
	if v := strings.TrimSpace(s.input.Value()); v != "" {
		p, sugg := s.check(v)
		// Only the article's invalid-URL problems are about the form; any
		// other answer from the checker is not ours to show here.
		if p != nil && p.Section == steps.SectionInvalidURL {
			s.problem = p
			s.suggestion = sugg
		}
	}
	s.keys.Accept.SetEnabled(s.suggestion != "")
}

func (s *serverScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Accept) && s.suggestion != "":
			s.input.SetValue(s.suggestion)
			s.input.CursorEnd()
			s.insisted = false
			s.validate()
			return s, nil
		case key.Matches(k, s.keys.Next):
			value := strings.TrimSpace(s.input.Value())
			if value == "" || s.problem != nil {
				s.insisted = true
				return s, nil
			}
			return s, func() tea.Msg { return serverDoneMsg{url: value} }
		case key.Matches(k, s.keys.Back, s.keys.PrevField):
			return s, func() tea.Msg { return backMsg{} }
		}
	}
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() != before {
		s.insisted = false
		s.validate()
	}
	return s, cmd
}

func (s *serverScreen) KeyMap() help.KeyMap { return s.keys }

func (s *serverScreen) View(st styles, w int) string {
	var b strings.Builder
	b.WriteString(fieldView(st, tx.ServerLabel, s.input, true, w) + "\n")
	b.WriteString(s.feedback(st, w))
	b.WriteString("\n" + st.Heading.Render(tx.ServerFindHeading) + "\n")
	for _, line := range tx.ServerFind {
		b.WriteString(wrap(line, w, 2) + "\n")
	}
	return b.String()
}

// feedback is the line(s) under the field. While the user types, a problem
// is said quietly (with the completed address when there is one); an
// Outlook Web App address, or enter on an address with a problem, gets the
// full message: the article's title, the suggestion or first fix, the code.
func (s *serverScreen) feedback(st styles, w int) string {
	value := strings.TrimSpace(s.input.Value())
	pressTab := st.Key.Render(fmt.Sprintf(tx.ServerPressTabFmt, "tab"))
	switch {
	case value == "" && s.insisted:
		return hanging(st.Fail.Render("✗ "), tx.ServerRequired, w, 2) + "\n"
	case value == "":
		return ""
	case s.problem == nil:
		return hanging(st.OK.Render("✓ "), tx.ServerLooksRight, w, 2) + "\n"
	case !s.insisted && s.problem.Code != exchange.CodeURLOWA:
		text := st.Muted.Render(s.problem.Title + ".")
		if s.suggestion != "" {
			text += " " + fmt.Sprintf(tx.ServerUseInsteadFmt, s.suggestion) + " " + pressTab
		}
		return hanging(st.Muted.Render("· "), text, w, 2) + "\n"
	}
	var b strings.Builder
	mark, title := st.Warn.Render("! "), s.problem.Title+"."
	if s.insisted {
		mark, title = st.Fail.Render("✗ "), tx.ServerFixFirst+" "+title
	}
	b.WriteString(hanging(mark, title, w, 2) + "\n")
	if s.suggestion != "" {
		b.WriteString(hanging("  ", fmt.Sprintf(tx.ServerUseInsteadFmt, st.Value.Render(s.suggestion)), w, 2) + "\n")
		b.WriteString("    " + pressTab + "\n")
	} else if s.insisted && len(s.problem.Fix) > 0 {
		b.WriteString(wrap(s.problem.Fix[0], w, 4) + "\n")
	}
	if s.insisted {
		b.WriteString(indent(st.Code.Render(fmt.Sprintf(tx.ProblemCodeFmt, s.problem.Code)), 4) + "\n")
	}
	return b.String()
}
