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

// serverScreen asks for the EWS URL (the user knows it, or Find my server
// did not find it) and judges its form as the user types
// (no network). What a person would type is accepted and the screen says
// what will be used: a bare server name is completed to its EWS URL. An
// Outlook Web App address gets the EWS address on the same server as a
// suggestion, taken with tab.
type serverScreen struct {
	note     string // why the field is asked for, when there is a reason to say it
	input    textinput.Model
	check    func(string) steps.URLForm
	form     steps.URLForm
	insisted bool // enter was pressed on an address with a problem
	editing  bool
	keys     formKeys
}

// newServerScreen opens the field with value. backFinds: esc goes back to
// Find my server, and the key help says so.
func newServerScreen(value, note string, check func(string) steps.URLForm, editing, backFinds bool, g globalKeys) (*serverScreen, tea.Cmd) {
	s := &serverScreen{
		note:    note,
		input:   newInput(value, tx.ServerPlaceholder, false),
		check:   check,
		editing: editing,
		keys:    newFormKeys(g, editing),
	}
	s.keys.NextField.SetEnabled(false)
	s.keys.PrevField.SetEnabled(false) // shift+tab goes back too; esc says it
	s.keys.Toggle.SetEnabled(false)
	if backFinds {
		s.keys.Back.SetHelp("esc", tx.KeyBackToFind)
	}
	s.validate()
	return s, s.input.Focus()
}

// validate re-judges the address; cheap and local, so it runs on every
// key. enter is offered only when there is an address to use.
func (s *serverScreen) validate() {
	s.form = steps.URLForm{}
	if v := strings.TrimSpace(s.input.Value()); v != "" {
		s.form = s.check(v)
		// Only the article's invalid-URL problems are about the form; any
		// other answer from the checker is not ours to show here.
		if p := s.form.Problem; p != nil && p.Section != steps.SectionInvalidURL {
			s.form = steps.URLForm{Use: v}
		}
	}
	s.keys.Accept.SetEnabled(s.form.Suggestion != "")
	s.keys.Next.SetEnabled(s.form.Use != "")
}

// answer is the address: the URL to use going forward, what was typed
// going back.
func (s *serverScreen) answer(back bool) serverDoneMsg {
	url := strings.TrimSpace(s.input.Value())
	if !back && s.form.Use != "" {
		url = s.form.Use
	}
	return serverDoneMsg{url: url, back: back}
}

func (s *serverScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Accept):
			s.input.SetValue(s.form.Suggestion)
			s.input.CursorEnd()
			s.insisted = false
			s.validate()
			return s, nil
		case k.String() == "enter":
			if s.form.Use == "" {
				s.insisted = true
				return s, nil
			}
			return s, send(s.answer(false))
		case key.Matches(k, s.keys.Back), k.String() == "shift+tab":
			return s, send(s.answer(true))
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
	if s.note != "" {
		b.WriteString(wrap(s.note, w, 0) + "\n\n")
	}
	b.WriteString(fieldView(st, tx.ServerLabel, s.input, true, w) + "\n")
	b.WriteString(s.feedback(st, w))
	b.WriteString("\n" + st.Heading.Render(tx.ServerFindHeading) + "\n")
	for _, line := range tx.ServerFind {
		b.WriteString(wrap(line, w, 2) + "\n")
	}
	return b.String()
}

// feedback is the line(s) under the field: what will be used, or what is
// wrong. While the user types, a problem is said quietly (with the
// suggestion when there is one); an Outlook Web App address, or enter on
// an address with a problem, gets the full message.
func (s *serverScreen) feedback(st styles, w int) string {
	value := strings.TrimSpace(s.input.Value())
	pressTab := st.Key.Render(fmt.Sprintf(tx.ServerPressTabFmt, "tab"))
	p := s.form.Problem
	switch {
	case value == "" && s.insisted:
		return hanging(st.Fail.Render("✗ "), tx.ServerRequired, w, 2) + "\n"
	case value == "":
		return ""
	case p == nil && s.form.Use != value:
		return hanging(st.OK.Render("✓ "), fmt.Sprintf(tx.ServerWillUseFmt, st.Value.Render(s.form.Use)), w, 2) + "\n"
	case p == nil:
		return hanging(st.OK.Render("✓ "), tx.ServerLooksRight, w, 2) + "\n"
	case s.form.Email:
		mark := st.Warn.Render("! ")
		if s.insisted {
			mark = st.Fail.Render("✗ ")
		}
		return hanging(mark, tx.ServerIsEmail, w, 2) + "\n"
	case !s.insisted && p.Code != exchange.CodeURLOWA:
		text := st.Muted.Render(p.Title + ".")
		if s.form.Suggestion != "" {
			text += " " + fmt.Sprintf(tx.ServerUseInsteadFmt, s.form.Suggestion) + " " + pressTab
		}
		return hanging(st.Muted.Render("· "), text, w, 2) + "\n"
	}
	var b strings.Builder
	mark, title := st.Warn.Render("! "), p.Title+"."
	if s.insisted {
		mark, title = st.Fail.Render("✗ "), tx.ServerFixFirst+" "+title
	}
	b.WriteString(hanging(mark, title, w, 2) + "\n")
	if s.form.Suggestion != "" {
		b.WriteString(hanging("  ", fmt.Sprintf(tx.ServerUseInsteadFmt, st.Value.Render(s.form.Suggestion)), w, 2) + "\n")
		b.WriteString("    " + pressTab + "\n")
	} else if s.insisted && len(p.Fix) > 0 {
		b.WriteString(wrap(p.Fix[0].Text, w, 4) + "\n")
	}
	if s.insisted {
		b.WriteString(indent(st.Code.Render(fmt.Sprintf(tx.ProblemCodeFmt, p.Code)), 4) + "\n")
	}
	return b.String()
}
