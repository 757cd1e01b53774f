package ui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// The order of the screens: forward, back, editing from an outcome, and
// the runs of checks.

// skipped reports whether a form screen's answers all came from flags.
func (a *app) skipped(id screenID) bool {
	switch id {
	case screenFind, screenServer:
		return a.given.URL
	case screenSignIn:
		return a.given.Email && a.given.Password
	case screenTestMessage:
		return a.given.TestRecipient || a.given.NoSend
	}
	return false
}

// showWelcome opens the welcome screen with the answers given so far.
func (a *app) showWelcome() {
	a.show(screenWelcome, newWelcomeScreen(a.opts, a.cfg, a.given, a.keys))
}

// start takes a demo account's answers; answers given as flags win over
// the row's (the contract), and stay given.
func (a *app) start(acct *DemoAccount) {
	if acct == nil {
		return
	}
	a.typedURL = useDemoAccount(&a.cfg, *acct, a.given, a.opts.Config.Network)
	a.cfg.Discovered, a.found = nil, nil
	if !a.given.TestRecipient {
		a.cfg.TestRecipient = ""
	}
	if !a.given.NoSend {
		a.cfg.NoSend = false
	}
	a.cfg.SendFailed = nil
}

// useDemoAccount puts a demo row's answers into cfg, with the answers
// given as flags winning, and the row's network (else base). A row about a
// server's address gives the address; a row about autodiscover gives none,
// and the server is found from the email. It reports whether cfg now has
// a URL, as if typed.
func useDemoAccount(cfg *steps.Config, acct DemoAccount, given Given, base exchange.Network) bool {
	m := mergeDemoAccount(acct, *cfg, given)
	if acct.Autodiscover && !given.URL {
		m.URL = ""
	}
	cfg.URL, cfg.Email, cfg.Username, cfg.Password = m.URL, m.Email, m.Username, m.Password
	cfg.Network = base
	if acct.Network != nil {
		cfg.Network = *acct.Network
	}
	return cfg.URL != ""
}

// mergeDemoAccount is a demo row with the answers given as flags in place
// of the row's own.
func mergeDemoAccount(acct DemoAccount, cfg steps.Config, given Given) DemoAccount {
	if given.URL {
		acct.URL = cfg.URL
	}
	if given.Email {
		acct.Email = cfg.Email
	}
	if given.Username {
		acct.Username = cfg.Username
	}
	if given.Password {
		acct.Password = cfg.Password
	}
	return acct
}

// forwardFrom opens the first form screen after from that still needs an
// answer, or runs the checks when none does.
func (a *app) forwardFrom(from screenID) tea.Cmd {
	for _, id := range flowScreens[flowPos(from)+1:] {
		if id != screenChecks && !a.skipped(id) {
			return a.open(id, editNone)
		}
	}
	return a.startChecks()
}

// answered keeps a form screen's answers (save), then moves on: back, or
// forward, or straight to the checks when the screen was opened to fix a
// problem. Going back from such an edit cancels it: the answers are not
// kept, as the key help says.
func (a *app) answered(from screenID, back bool, save func()) tea.Cmd {
	if back && a.editing {
		return a.back()
	}
	save()
	switch {
	case back:
		return a.back()
	case a.editing && a.outcomeFind:
		// A change asked for by a discovery's problem: the flow goes on
		// from here (Find my server again, or the test message).
		a.editing = false
		return a.forwardFrom(from)
	case a.editing:
		return a.startChecks()
	}
	return a.forwardFrom(from)
}

// setURL changes the address; a test message that failed on another
// server says nothing about this one, and a discovery that found another
// address is not where this one came from.
func setURL(cfg *steps.Config, u string) {
	if u != cfg.URL {
		cfg.SendFailed = nil
	}
	if cfg.Discovered != nil && cfg.Discovered.URL != u {
		cfg.Discovered = nil
	}
	cfg.URL = u
}

// setSignIn keeps the sign-in answers. Another email address is another
// domain to search: a URL that was found for the old one goes, so that the
// next step finds the server again (a URL the user typed stays).
func (a *app) setSignIn(email, username, password string) {
	if !strings.EqualFold(email, a.cfg.Email) {
		if !a.typedURL {
			a.cfg.URL = ""
		}
		a.cfg.Discovered, a.found = nil, nil
	}
	setSignIn(&a.cfg, email, username, password)
}

// setSignIn changes the sign-in answers; a test message that failed for
// another account says nothing about this one.
func setSignIn(cfg *steps.Config, email, username, password string) {
	if !strings.EqualFold(email, cfg.Email) || !strings.EqualFold(username, cfg.Username) {
		cfg.SendFailed = nil
	}
	cfg.Email, cfg.Username, cfg.Password = email, username, password
}

// applyOffer makes the change an offer asks for when it needs no new
// answer: a suggestion from the server, a setting, sending again. The
// wizard and the plain mode both apply offers here. It reports whether
// msg was one of those.
func applyOffer(cfg *steps.Config, msg any) bool {
	switch m := msg.(type) {
	case applyMsg:
		if m.url != "" {
			setURL(cfg, m.url)
		}
		if m.username != "" {
			setSignIn(cfg, cfg.Email, m.username, cfg.Password)
		}
	case settingMsg:
		switch m.setting {
		case steps.SettingTimeout:
			cfg.Network.Timeout = longerTimeout(cfg.Network.Timeout)
		case steps.SettingNoSend:
			cfg.NoSend = true
		}
	case sendAgainMsg:
		cfg.NoSend = false
	default:
		return false
	}
	return true
}

// back goes to the previous screen that asks something, or to the outcome
// the user came from when editing.
func (a *app) back() tea.Cmd {
	if a.editing && a.outcome != nil {
		a.editing = false
		a.show(a.outcomeID(), a.outcome)
		return nil
	}
	for i := flowPos(a.id) - 1; i >= 0; i-- {
		id := flowScreens[i]
		if id != screenChecks && !a.skipped(id) {
			return a.open(id, editNone)
		}
	}
	a.showWelcome()
	return nil
}

// open shows a form screen filled with the current answers, with the
// cursor on target (or the first field).
func (a *app) open(id screenID, target editTarget) tea.Cmd {
	var s screen
	var cmd tea.Cmd
	checksNext := a.editing && !a.outcomeFind // enter checks again
	switch id {
	case screenFind:
		if a.typedURL {
			return a.open(screenServer, target)
		}
		return a.openFind(false)
	case screenServer:
		note := ""
		if a.editing && a.outcomeFind {
			note = tx.ServerNotFoundNote
		}
		s, cmd = newServerScreen(a.cfg.URL, note, a.checkURL, checksNext, !a.editing, a.keys)
	case screenSignIn:
		si, c := newSignInScreen(a.cfg, a.signInGiven(), target, checksNext, a.keys)
		si.findsNext = !a.typedURL && !a.skipped(screenFind) && !checksNext
		s, cmd = si, c
	case screenTestMessage:
		s, cmd = newTestMessageScreen(a.cfg, checksNext, a.keys)
	case screenCAFile:
		s, cmd = newCAFileScreen(a.cfg.Network.RootCAs, a.keys)
	}
	a.show(id, s)
	return cmd
}

// signInGiven is which sign-in fields came from flags; when editing, every
// field is shown.
// checkURL judges an address as it is typed, its problem in the run's
// language.
func (a *app) checkURL(raw string) steps.URLForm { return a.deps.checkURL(a.cfg.Lang, raw) }

func (a *app) signInGiven() Given {
	if a.editing {
		return Given{}
	}
	return a.given
}

// edit opens the field target from the outcome screen.
func (a *app) edit(target editTarget) tea.Cmd {
	a.editing = true
	switch target {
	case editURL:
		return a.open(screenServer, target)
	case editPassword, editLogin:
		return a.open(screenSignIn, target)
	case editRecipient:
		return a.open(screenTestMessage, target)
	case editCAFile:
		return a.open(screenCAFile, target)
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

// recheck runs again after an offer changed something: the checks, or,
// when the problem came from Find my server, the search.
func (a *app) recheck() tea.Cmd {
	if a.outcomeFind {
		a.editing = false
		return a.openFind(true)
	}
	return a.startChecks()
}

// startChecks runs the steps with the current answers, on a fresh runner.
func (a *app) startChecks() tea.Cmd {
	a.stopRun()
	a.editing, a.outcomeFind = false, false
	a.runID++
	ctx, cancel := context.WithCancel(a.ctx)
	a.cancelRun = cancel
	cfg := a.cfg
	c, cmd := newChecksScreen(ctx, a.deps.newRunner(cfg), a.runID, exchange.DisplayHost(cfg.URL), cfg.Network.StepTimeout(), a.keys)
	a.checks = c
	a.show(screenChecks, c)
	return cmd
}

// stopRun cancels the checks in flight, if any. The step that is running
// ends with its context; its stepDoneMsg brings the runner back to be
// closed.
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
	a.outcomeFind = false
	a.learn(rep)
	switch rep.Outcome() {
	case steps.OutcomeConnected, steps.OutcomeConnectedNoSend:
		s := newSuccessScreen(rep, a.cfg, a.opts.Demo != nil, a.keys)
		a.outcome = s
		a.show(screenSuccess, s)
		if a.opts.Demo != nil && a.opts.Demo.Sent != nil {
			return demoSentCmd(a.opts.Demo.Sent)
		}
		return nil
	case steps.OutcomeProblem:
		s := newProblemScreen(rep, a.cfg, offersFor(rep, a.cfg, a.accepted), a.keys)
		a.outcome = s
		a.show(screenProblem, s)
		return nil
	}
	return a.back()
}

// learn keeps what a run taught for the next.
func (a *app) learn(rep steps.Report) { learnFrom(rep, &a.cfg, a.accepted) }

// learnFrom keeps what a run taught for the next: the login that signed
// in (accepted), and how the test message failed, so that skipping it
// afterwards is not called a working connection.
func learnFrom(rep steps.Report, cfg *steps.Config, accepted map[string]bool) {
	for _, r := range rep.Steps {
		switch {
		case r.ID == steps.Auth && (r.Status == steps.Pass || r.Status == steps.Warn):
			accepted[acceptedKey(*cfg, firstNonEmpty(cfg.Username, cfg.Email))] = true
		case r.ID == steps.Send && r.Status == steps.Fail:
			cfg.SendFailed = r.Problem
		case r.ID == steps.Send && r.Status == steps.Pass:
			cfg.SendFailed = nil
		}
	}
}
