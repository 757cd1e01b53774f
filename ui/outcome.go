package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ewsconnect/steps"
)

// stepTrail is one line under an outcome's title showing how far the run
// got: "✓ URL · ✓ DNS · … · ✗ Sign in". Skipped steps are left out. When
// that is too long, the passed steps are counted instead of named.
func stepTrail(st styles, results []steps.Result, w int) string {
	var all, notOK []string
	passed := 0
	for _, r := range results {
		failedBefore := r.Status == steps.Skip && r.Problem != nil
		if r.Status == steps.Skip && !failedBefore {
			continue
		}
		style, mark := statusStyle(st, r.Status)
		part := style.Render(mark + " " + r.ID.TitleIn(tx.lang))
		if failedBefore {
			// skipped by the user after it failed: never shown as passed
			part = st.Fail.Render("✗ " + r.ID.TitleIn(tx.lang) + " " + tx.TrailSkippedAfterFailure)
		}
		all = append(all, part)
		if r.Status == steps.Pass {
			passed++
		} else {
			notOK = append(notOK, part)
		}
	}
	sep := st.Muted.Render(" · ")
	line := strings.Join(all, sep)
	if ansi.StringWidth(line) > w {
		line = strings.Join(append([]string{st.OK.Render(tx.n("ui.checks.trail-passed", passed))}, notOK...), sep)
	}
	return ansi.Truncate(line, w, "…")
}

// sharedAction is what the outcome screens (problem and success) do alike
// with a key: check another account, save, copy the report, view the
// checks, quit. Disabled bindings do not match, so each screen offers only
// its own. Nil when the key is none of these.
func (k outcomeKeys) sharedAction(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, k.Another):
		return send(anotherMsg{})
	case key.Matches(msg, k.Save):
		return send(saveMsg{})
	case key.Matches(msg, k.Copy):
		return send(copyMsg{})
	case key.Matches(msg, k.Steps):
		return send(viewStepMsg{})
	case key.Matches(msg, k.Quit):
		return send(quitMsg{})
	}
	return nil
}

// send wraps a message as a command: screens say what happened this way.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
