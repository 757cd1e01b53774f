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

// problemScreen shows the first failing step's problem as the help article
// puts it: the section's heading, the code, what was seen; then what the
// user can do in one key (most likely first, each suggestion with its
// reason); then the fix as numbered steps, with commands for IT on lines
// of their own that are never wrapped (←/→ pans a long one, c copies them).
type problemScreen struct {
	rep     steps.Report
	problem *steps.Problem
	offers  []offer
	pan     int // columns the command lines are panned by
	keys    outcomeKeys
}

func newProblemScreen(rep steps.Report, cfg steps.Config, offers []offer, g globalKeys) *problemScreen {
	s := &problemScreen{rep: rep, problem: rep.Problem(), offers: offers, keys: newOutcomeKeys(g, offers)}
	s.keys.Another.SetEnabled(false)
	if len(s.problem.Commands()) > 0 {
		s.keys.Copy.SetHelp("c", tx.KeyCopyCommands)
	}
	return s
}

func (s *problemScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	for i, b := range s.keys.Offers {
		if key.Matches(k, b) {
			return s, send(s.offers[i].msg)
		}
	}
	switch {
	case key.Matches(k, s.keys.Copy) && len(s.problem.Commands()) > 0:
		return s, send(copyMsg{text: strings.Join(s.problem.Commands(), "\n") + "\n"})
	case k.String() == "left" && s.keys.Pan.Enabled():
		s.pan = max(0, s.pan-8)
		return s, nil
	case k.String() == "right" && s.keys.Pan.Enabled():
		s.pan = min(s.pan+8, longestCommand(s.problem))
		return s, nil
	}
	return s, s.keys.sharedAction(k)
}

func (s *problemScreen) KeyMap() help.KeyMap { return s.keys }

// failedAt is the step that failed, or "".
func failedAt(rep steps.Report) steps.ID {
	for _, r := range rep.Steps {
		if r.Status == steps.Fail {
			return r.ID
		}
	}
	return ""
}

// longestCommand is the width of the fix's longest command.
func longestCommand(p *steps.Problem) int {
	n := 0
	for _, c := range p.Commands() {
		n = max(n, ansi.StringWidth(c))
	}
	return n
}

func (s *problemScreen) View(st styles, w int) string {
	p := s.problem
	var b strings.Builder
	code := st.Code.Render(fmt.Sprintf(tx.ProblemCodeFmt, p.Code))
	head := st.Fail.Render("✗ " + p.SectionTitle)
	if lipgloss.Width(head)+1+lipgloss.Width(code) > w {
		// a long heading: the code goes under it rather than off the line
		b.WriteString(head + "\n" + strings.Repeat(" ", max(0, w-lipgloss.Width(code))) + code + "\n")
	} else {
		b.WriteString(spread(head, code, w) + "\n")
	}
	b.WriteString(wrap(st.Title.Render(p.Title), w, 2) + "\n")
	b.WriteString(indent(stepTrail(st, s.rep.Steps, w-2), 2) + "\n\n")

	b.WriteString(st.Heading.Render(tx.WhatWeSaw) + "\n")
	detail := p.Detail
	if detail == "" {
		detail = tx.NoDetail
	}
	b.WriteString(wrap(detail, w, 2) + "\n")
	if ad := s.rep.Autodiscover; ad != nil && failedAt(s.rep) == steps.Autodiscover && len(ad.Attempts) > 0 {
		b.WriteString(attemptLines(st, ad.Attempts, "", w, 2))
	}
	// The offers come before the fix: they are the one-key ways out, and
	// must be on screen even when the fix needs scrolling.
	b.WriteString(offersView(st, s.offers, w))
	b.WriteString("\n" + st.Heading.Render(tx.HowToFix) + "\n")
	fix, overflow := fixView(st, p.Fix, s.offers, s.pan, w)
	s.keys.Pan.SetEnabled(overflow)
	b.WriteString(fix)
	return b.String()
}

// fixView is the numbered fix, with the key of the offer that carries out
// a step. A command stands on its own line, panned by pan columns but
// never wrapped, so that what is copied from the screen runs. overflow
// reports a command wider than the screen.
func fixView(st styles, fix []steps.FixStep, offers []offer, pan, w int) (view string, overflow bool) {
	var b strings.Builder
	const codeIndent = 5
	room := max(10, w-codeIndent)
	for i, f := range fix {
		text := f.Text
		if k := settingKey(offers, f.Setting); k != "" {
			text = strings.TrimSuffix(text, ".") + " " + st.Key.Render(fmt.Sprintf(tx.PressParenFmt, k)) + "."
		}
		b.WriteString(hanging(fmt.Sprintf("%d. ", i+1), text, w, 2) + "\n")
		if f.Command == "" {
			continue
		}
		line := f.Command
		if ansi.StringWidth(line) > room {
			overflow = true
			line = panned(line, pan, room)
		}
		b.WriteString(strings.Repeat(" ", codeIndent) + st.Code.Render(line) + "\n")
	}
	return b.String(), overflow
}

// panned is the part of line from column off that fits in room, marked …
// where it goes on.
func panned(line string, off, room int) string {
	width := ansi.StringWidth(line)
	off = min(off, max(0, width-room+1))
	left, right := off > 0, off+room < width
	start, end := off, off+room
	if left {
		start++
	}
	if right {
		end--
	}
	out := ansi.Cut(line, start, end)
	if left {
		out = "…" + out
	}
	if right {
		out += "…"
	}
	return out
}

// settingKey is the key of the offer that carries out setting, or "".
func settingKey(offers []offer, setting steps.Setting) string {
	if setting == steps.SettingNone {
		return ""
	}
	for _, o := range offers {
		if m, ok := o.msg.(settingMsg); ok && m.setting == setting {
			return o.key
		}
		if m, ok := o.msg.(editMsg); ok && m.target == editCAFile && setting == steps.SettingCAFile {
			return o.key
		}
	}
	return ""
}

// offersView lists what the user can do in one key, with the reason for a
// suggestion. Retrying as it is is in the key help only.
func offersView(st styles, offers []offer, w int) string {
	var b strings.Builder
	for _, o := range offers {
		if _, retry := o.msg.(retryMsg); retry {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("\n" + st.Heading.Render(tx.WhatYouCanDo) + "\n")
		}
		text := upperFirst(o.label)
		if o.why != "" {
			text += st.Muted.Render(": " + o.why)
		}
		b.WriteString(hanging(st.Key.Render(padRight(o.key, 3)), text, w, 2) + "\n")
	}
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
