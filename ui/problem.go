package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ewsconnect/steps"
)

// problemScreen shows the first failing step's problem as the help article
// puts it: the section's heading, the code, what was seen, and the fix as
// numbered steps; then the suggestions learned from the server, each one
// key away, and the ways on: edit the field the problem names, retry, save
// or copy the report, quit.
type problemScreen struct {
	rep          steps.Report
	problem      *steps.Problem
	failedStep   steps.ID
	target       editTarget
	suggestLogin string
	suggestURL   string
	keys         outcomeKeys
}

func newProblemScreen(rep steps.Report, cfg steps.Config, g globalKeys) *problemScreen {
	s := &problemScreen{rep: rep, problem: rep.Problem, keys: newOutcomeKeys(g)}
	for _, r := range rep.Steps {
		if r.Status == steps.Fail {
			s.failedStep = r.ID
			break
		}
	}
	if u := rep.Suggestions.Username; u != "" && !strings.EqualFold(u, cfg.Username) {
		s.suggestLogin = u
	}
	if u := rep.Suggestions.URL; u != "" && u != cfg.URL {
		s.suggestURL = u
	}
	s.target = editTargetFor(rep.Problem)
	s.keys.UseLogin.SetEnabled(s.suggestLogin != "")
	s.keys.UseLogin.SetHelp("d", fmt.Sprintf(tx.KeyUseLoginFmt, s.suggestLogin))
	s.keys.UseURL.SetEnabled(s.suggestURL != "")
	s.keys.Another.SetEnabled(false)
	switch s.target {
	case editURL:
		s.keys.Edit.SetHelp(tx.KeyEditURL[0], tx.KeyEditURL[1])
	case editPassword:
		s.keys.Edit.SetHelp(tx.KeyEditSignIn[0], tx.KeyEditSignIn[1])
	case editLogin:
		s.keys.Edit.SetHelp(tx.KeyEditLogin[0], tx.KeyEditLogin[1])
	case editRecipient:
		s.keys.Edit.SetHelp(tx.KeyEditTest[0], tx.KeyEditTest[1])
	default:
		s.keys.Edit.SetEnabled(false)
	}
	return s
}

func (s *problemScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch {
	case key.Matches(k, s.keys.UseLogin):
		return s, send(applyMsg{username: s.suggestLogin})
	case key.Matches(k, s.keys.UseURL):
		return s, send(applyMsg{url: s.suggestURL})
	case key.Matches(k, s.keys.Edit):
		return s, send(editMsg{target: s.target})
	}
	return s, s.keys.sharedAction(k)
}

func (s *problemScreen) KeyMap() help.KeyMap { return s.keys }

func (s *problemScreen) View(st styles, w int) string {
	p := s.problem
	var b strings.Builder
	code := st.Code.Render(fmt.Sprintf(tx.ProblemCodeFmt, p.Code))
	b.WriteString(spread(st.Fail.Render("✗ "+p.SectionTitle), code, w) + "\n")
	b.WriteString(wrap(st.Title.Render(p.Title), w, 2) + "\n")
	b.WriteString(indent(stepTrail(st, s.rep.Steps, w-2), 2) + "\n\n")

	b.WriteString(st.Heading.Render(tx.WhatWeSaw) + "\n")
	detail := p.Detail
	if detail == "" {
		detail = tx.NoDetail
	}
	b.WriteString(wrap(detail, w, 2) + "\n")
	// The suggestions come before the fix: they are the one-key way out,
	// and must be on screen even when the fix needs scrolling.
	if s.suggestLogin != "" {
		b.WriteString(suggestionLine(st, fmt.Sprintf(tx.TryLoginFmt, s.suggestLogin), "d", w))
	}
	if s.suggestURL != "" {
		b.WriteString(suggestionLine(st, fmt.Sprintf(tx.TryURLFmt, s.suggestURL), "u", w))
	}

	b.WriteString("\n" + st.Heading.Render(tx.HowToFix) + "\n")
	for i, f := range p.Fix {
		b.WriteString(hanging(fmt.Sprintf("%d. ", i+1), f, w, 2) + "\n")
	}
	return b.String()
}

// suggestionLine offers a correction and the key that applies it.
func suggestionLine(st styles, text, k string, w int) string {
	return hanging(st.Accent.Render("→ "), st.Accent.Render(text)+"  "+st.Key.Render(fmt.Sprintf(tx.PressFmt, k)), w, 2) + "\n"
}
