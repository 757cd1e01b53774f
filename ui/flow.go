package ui

import (
	"context"
	"net/url"
	"strings"

	tea "charm.land/bubbletea/v2"

	"ewsconnect/steps"
)

// The order of the screens: forward, back, editing from a problem, and
// the runs of checks.

// skipped reports whether a form screen's answers all came from flags.
func (a *app) skipped(id screenID) bool {
	switch id {
	case screenServer:
		return a.given.URL
	case screenSignIn:
		return a.given.Email && a.given.Password
	case screenTestMessage:
		return a.given.TestRecipient || a.given.NoSend
	}
	return false
}

// forwardFrom opens the first form screen after from that still needs an
// answer, or runs the checks when none does.
func (a *app) forwardFrom(from screenID) tea.Cmd {
	for _, id := range formScreens {
		if id > from && !a.skipped(id) {
			return a.open(id, editNone)
		}
	}
	return a.startChecks()
}

// answered moves on after a form screen: straight to the checks when the
// screen was opened to fix a problem.
func (a *app) answered(from screenID) tea.Cmd {
	if a.editing {
		return a.startChecks()
	}
	return a.forwardFrom(from)
}

// back goes to the previous screen that asks something, or to the outcome
// the user came from when editing.
func (a *app) back() tea.Cmd {
	if a.editing && a.outcome != nil {
		a.editing = false
		a.show(a.outcomeID(), a.outcome)
		return nil
	}
	from := a.id
	for i := len(formScreens) - 1; i >= 0; i-- {
		id := formScreens[i]
		if id < from && !a.skipped(id) {
			return a.open(id, editNone)
		}
	}
	a.show(screenWelcome, newWelcomeScreen(a.opts, a.givenNames(), a.keys))
	return nil
}

// open shows a form screen filled with the current answers, with the
// cursor on target (or the first field).
func (a *app) open(id screenID, target editTarget) tea.Cmd {
	var s screen
	var cmd tea.Cmd
	switch id {
	case screenServer:
		s, cmd = newServerScreen(a.cfg.URL, a.deps.checkURL, a.editing, a.keys)
	case screenSignIn:
		s, cmd = newSignInScreen(a.cfg, a.signInGiven(), target, a.editing, a.keys)
	case screenTestMessage:
		s, cmd = newTestMessageScreen(a.cfg, a.editing, a.keys)
	}
	a.show(id, s)
	return cmd
}

// signInGiven is which sign-in fields came from flags; when editing, every
// field is shown.
func (a *app) signInGiven() Given {
	if a.editing {
		return Given{}
	}
	return a.given
}

// edit opens the field target from the problem screen.
func (a *app) edit(target editTarget) tea.Cmd {
	a.editing = true
	switch target {
	case editURL:
		return a.open(screenServer, target)
	case editPassword, editLogin:
		return a.open(screenSignIn, target)
	case editRecipient:
		return a.open(screenTestMessage, target)
	}
	a.editing = false
	return nil
}

func (a *app) outcomeID() screenID {
	if _, ok := a.outcome.(*successScreen); ok {
		return screenSuccess
	}
	return screenProblem
}

// startChecks runs the steps with the current answers, on a fresh runner.
func (a *app) startChecks() tea.Cmd {
	a.stopRun()
	a.editing = false
	a.runID++
	ctx, cancel := context.WithCancel(a.ctx)
	a.cancelRun = cancel
	cfg := a.cfg
	c, cmd := newChecksScreen(ctx, a.deps.newRunner(cfg), a.runID, hostOf(cfg.URL), cfg.Network.Timeout, a.keys)
	a.checks = c
	a.show(screenChecks, c)
	return cmd
}

// stopRun cancels the checks in flight, if any; their runner closes itself.
func (a *app) stopRun() {
	if a.cancelRun != nil {
		a.cancelRun()
		a.cancelRun = nil
	}
}

// finished shows the outcome of a complete run.
func (a *app) finished(rep steps.Report) tea.Cmd {
	a.cancelRun = nil
	a.report, a.ranChecks = rep, true
	if a.checks != nil {
		a.checks.reviewing = true
	}
	switch {
	case rep.OK:
		s := newSuccessScreen(rep, a.cfg, a.opts.Demo != nil, a.keys)
		a.outcome = s
		a.show(screenSuccess, s)
		if a.opts.Demo != nil && a.opts.Demo.Sent != nil {
			return demoSentCmd(a.opts.Demo.Sent)
		}
		return nil
	case rep.Problem != nil:
		s := newProblemScreen(rep, a.cfg, a.keys)
		a.outcome = s
		a.show(screenProblem, s)
		return nil
	}
	return a.back()
}

// givenNames lists the answers that came from flags, for the welcome screen.
func (a *app) givenNames() []string {
	var names []string
	add := func(ok bool, name string) {
		if ok {
			names = append(names, name)
		}
	}
	g := a.given
	add(g.URL, "--url")
	add(g.Email, "--email")
	add(g.Username, "--username")
	add(g.Password, "password")
	add(g.TestRecipient, "--test-recipient")
	add(g.NoSend, "--no-send")
	return names
}

// hostOf is the host of an address, for the checks header.
func hostOf(raw string) string {
	if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return raw
}
