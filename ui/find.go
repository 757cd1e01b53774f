package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/steps"
)

// findScreen is Find my server: autodiscover from the email address, as
// mail applications do it. Each attempt shows as it starts (a spinner) and
// ends (its result and time). Then the URL found and where it came from:
// enter uses it, e edits it, r searches again. A redirect to another
// domain stops the search and asks, naming the domain, the address and the
// certificate's name; it never defaults to yes. u (I know my EWS URL) is
// there all along. What the search met when it found nothing is the
// problem screen's, with the attempts.
type findScreen struct {
	email    string
	run      int
	phase    findPhase
	attempts []autodiscover.Attempt // in the order they started; each updated as it ends
	result   autodiscover.Result
	started  time.Time

	ctx    context.Context
	events <-chan tea.Msg
	spin   spinner.Model
	keys   findKeys
}

type findPhase int

const (
	findSearching findPhase = iota
	findFound
	findConsent
)

func newFindScreen(email string, run int, g globalKeys) *findScreen {
	return &findScreen{
		email:   email,
		run:     run,
		started: time.Now(),
		spin:    spinner.New(spinner.WithSpinner(calmSpinner)),
		keys:    newFindKeys(g),
	}
}

// The discovery's reports, in the order it made them: attemptMsg as each
// attempt starts and ends, discoveredMsg at the end. run tells a stopped
// discovery's words from the current one's.
type (
	attemptMsg struct {
		run     int
		attempt autodiscover.Attempt
	}
	discoveredMsg struct {
		run     int
		res     autodiscover.Result
		problem *steps.Problem
		err     error
		took    time.Duration
	}
)

// start runs the discovery off the event loop. Its reports come through
// one channel, so they arrive in order; the goroutine ends with ctx, read
// or not, so a search left behind (esc, u, r, ctrl+c) is not left
// running.
func (s *findScreen) start(ctx context.Context, discover discoverFunc, cfg steps.Config) tea.Cmd {
	events := make(chan tea.Msg, 16)
	s.ctx, s.events = ctx, events
	run, began := s.run, time.Now()
	go func() {
		deliver := func(m tea.Msg) {
			select {
			case events <- m:
			case <-ctx.Done():
			}
		}
		res, prob, err := discover(ctx, cfg, func(a autodiscover.Attempt) { deliver(attemptMsg{run: run, attempt: a}) })
		deliver(discoveredMsg{run: run, res: res, problem: prob, err: err, took: time.Since(began)})
	}()
	if !animate {
		return s.next()
	}
	return tea.Batch(s.spin.Tick, s.next())
}

// next waits for the discovery's next report, or for its end.
func (s *findScreen) next() tea.Cmd {
	ctx, events := s.ctx, s.events
	return func() tea.Msg {
		select {
		case m := <-events:
			return m
		case <-ctx.Done():
			return nil
		}
	}
}

// showFound shows a result without searching (the one found before, for
// the same email address).
func (s *findScreen) showFound(res autodiscover.Result) {
	s.phase, s.result, s.attempts = findFound, res, res.Attempts
}

func (s *findScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case attemptMsg:
		if msg.run != s.run || s.phase != findSearching {
			return s, nil
		}
		s.attempted(msg.attempt)
		return s, s.next()
	case discoveredMsg:
		if msg.run != s.run || s.phase != findSearching {
			return s, nil
		}
		return s, s.discovered(msg)
	case spinner.TickMsg:
		if s.phase != findSearching {
			return s, nil // let the ticking stop
		}
		var cmd tea.Cmd
		s.spin, cmd = s.spin.Update(msg)
		return s, cmd
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// attempted records an attempt that started or ended. An ending attempt
// replaces its own running line; one never seen starting is added.
func (s *findScreen) attempted(a autodiscover.Attempt) {
	if a.Result != autodiscover.ResultRunning {
		for i := len(s.attempts) - 1; i >= 0; i-- {
			x := s.attempts[i]
			if x.Result == autodiscover.ResultRunning && x.Method == a.Method && x.URL == a.URL {
				s.attempts[i] = a
				return
			}
		}
	}
	s.attempts = append(s.attempts, a)
}

// discovered takes the discovery's end: found, a redirect to consent to,
// or a problem for the problem screen.
func (s *findScreen) discovered(m discoveredMsg) tea.Cmd {
	if m.err != nil {
		return nil // stopped: whoever stopped it has moved on
	}
	s.result = m.res
	if len(m.res.Attempts) > 0 {
		s.attempts = m.res.Attempts // the engine's own list is the complete one
	}
	switch {
	case m.problem == nil && m.res.URL != "":
		s.phase = findFound
	case m.res.Consent != nil:
		s.phase = findConsent
	default:
		res, prob := m.res, m.problem
		if prob == nil { // no URL and no problem: not found, as far as anyone can tell
			prob = notFoundProblem()
		}
		res.Attempts = s.attempts
		return send(findFailedMsg{res: res, problem: prob, took: m.took})
	}
	return nil
}

func (s *findScreen) key(k tea.KeyPressMsg) tea.Cmd {
	res := s.result
	found := func(action findAction) tea.Cmd {
		m := findMsg{action: action}
		if s.phase == findFound {
			m.res = &res
		}
		return send(m)
	}
	switch {
	case key.Matches(k, s.keys.Use) && s.phase == findFound:
		return found(findUse)
	case key.Matches(k, s.keys.Edit) && s.phase == findFound:
		return found(findEdit)
	case key.Matches(k, s.keys.Again) && s.phase != findSearching:
		return send(findMsg{action: findAgain})
	case key.Matches(k, s.keys.Allow) && s.phase == findConsent:
		return send(consentMsg{domain: res.Consent.Domain})
	case key.Matches(k, s.keys.Deny) && s.phase == findConsent, key.Matches(k, s.keys.Manual):
		return send(findMsg{action: findManual})
	case key.Matches(k, s.keys.Back):
		return found(findBack)
	}
	return nil
}

func (s *findScreen) KeyMap() help.KeyMap {
	k := s.keys
	k.Use.SetEnabled(s.phase == findFound)
	k.Edit.SetEnabled(s.phase == findFound)
	k.Again.SetEnabled(s.phase != findSearching)
	k.Allow.SetEnabled(s.phase == findConsent)
	k.Deny.SetEnabled(s.phase == findConsent)
	k.Manual.SetEnabled(s.phase != findConsent) // n says it there
	if s.phase == findConsent {
		k.Allow.SetHelp("y", fmt.Sprintf(tx.KeyAllowFmt, s.result.Consent.Domain))
	}
	return k
}

func (s *findScreen) View(st styles, w int) string {
	switch s.phase {
	case findFound:
		return s.foundView(st, w)
	case findConsent:
		return s.consentView(st, w)
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(fmt.Sprintf(tx.FindTitleFmt, s.email)) + "\n")
	b.WriteString(wrap(st.Muted.Render(tx.FindIntro), w, 0) + "\n\n")
	b.WriteString(attemptLines(st, s.attempts, s.spin.View(), w, 2))
	if len(s.attempts) == 0 {
		b.WriteString("  " + st.Accent.Render(s.spin.View()) + " " + st.Muted.Render(tx.FindStarting) + "\n")
	}
	b.WriteString("\n" + wrap(st.Muted.Render(fmt.Sprintf(tx.FindManualHintFmt, "u")), w, 0) + "\n")
	return b.String()
}

func (s *findScreen) foundView(st styles, w int) string {
	res := s.result
	var b strings.Builder
	b.WriteString(st.OK.Render("✓ "+tx.FoundTitle) + "\n\n")
	b.WriteString("    " + st.Value.Render(exchange.RedactURL(res.URL)) + "\n\n")
	row := func(label, value string) {
		if value != "" {
			b.WriteString(hanging(st.Label.Render(padRight(label, 12)), value, w, 4) + "\n")
		}
	}
	row(tx.FoundFrom, sourceHost(res))
	row(tx.FoundHow, methodWords(res.Method, tx.MethodFoundBy))
	if res.Email != "" && !strings.EqualFold(res.Email, s.email) {
		row(tx.FoundFor, res.Email)
	}
	if res.Internal {
		b.WriteString("\n" + hanging(st.Warn.Render("! "), tx.FoundInternal, w, 2) + "\n")
	}
	if len(s.attempts) > 0 {
		b.WriteString("\n" + st.Heading.Render(tx.FindTried) + "\n")
		b.WriteString(attemptLines(st, s.attempts, "", w, 2))
	}
	b.WriteString("\n" + wrap(fmt.Sprintf(tx.FoundAskFmt, st.Key.Render("enter"), st.Key.Render("e")), w, 0) + "\n")
	return b.String()
}

func (s *findScreen) consentView(st styles, w int) string {
	c := s.result.Consent
	var b strings.Builder
	b.WriteString(st.Warn.Render("! "+tx.ConsentTitle) + "\n\n")
	b.WriteString(wrap(fmt.Sprintf(tx.ConsentWhyFmt, emailDomain(s.email), c.Domain), w, 2) + "\n\n")
	// Addresses are never wrapped (a broken URL cannot be checked by eye):
	// too long for the line beside the label, one goes on its own line.
	row := func(label, value string) {
		const labelW = 14
		switch {
		case value == "":
		case 2+labelW+ansi.StringWidth(value) <= w:
			b.WriteString("  " + st.Label.Render(padRight(label, labelW)) + st.Value.Render(value) + "\n")
		default:
			b.WriteString("  " + st.Label.Render(label) + "\n")
			b.WriteString("    " + st.Value.Render(ansi.Truncate(value, w-4, "…")) + "\n")
		}
	}
	row(tx.ConsentDomain, c.Domain)
	row(tx.ConsentURL, exchange.RedactURL(c.URL))
	row(tx.ConsentCert, firstNonEmpty(c.CertName, tx.ConsentNoCert))
	row(tx.ConsentFrom, exchange.RedactURL(c.From))
	b.WriteString("\n" + wrap(tx.ConsentAdvice, w, 2) + "\n\n")
	b.WriteString(wrap(fmt.Sprintf(tx.ConsentAskFmt, st.Key.Render("y"), c.Domain, st.Key.Render("n")), w, 2) + "\n")
	return b.String()
}

// What Find my server tells the root.
type (
	findAction int
	// findMsg: the user acted on Find my server; res is the URL found,
	// when there is one (answers travel back too).
	findMsg struct {
		action findAction
		res    *autodiscover.Result
	}
	// consentMsg: the user allowed a redirect to domain.
	consentMsg struct{ domain string }
	// findFailedMsg: the discovery ended with a problem.
	findFailedMsg struct {
		res     autodiscover.Result
		problem *steps.Problem
		took    time.Duration
	}
)

const (
	findUse    findAction = iota // enter: use the URL found
	findEdit                     // e: the URL field, with the URL found
	findAgain                    // r: search again
	findManual                   // u (or n to a redirect): the URL field
	findBack                     // esc
)

// attemptLines lists what each attempt met, one line each: a mark, the
// method in words, the host it asked, the result and the time. Running
// attempts show the spinner's frame (spin). Hosts are cut to fit.
func attemptLines(st styles, attempts []autodiscover.Attempt, spin string, w, in int) string {
	methodW := 21 // wider for a language's longer method name
	resultW, hostW, msW := 0, 0, 0
	for _, a := range attempts {
		methodW = max(methodW, ansi.StringWidth(methodWords(a.Method, tx.MethodNames))+2)
		resultW = max(resultW, ansi.StringWidth(resultWords(a.Result)))
		hostW = max(hostW, ansi.StringWidth(attemptHost(a)))
		msW = max(msW, ansi.StringWidth(formatDuration(a.Duration)))
	}
	hostW = max(8, min(hostW, w-in-2-methodW-1-resultW-1-msW))
	var b strings.Builder
	for _, a := range attempts {
		mark, style := "✗", st.Fail
		switch a.Result {
		case autodiscover.ResultRunning:
			mark, style = firstNonEmpty(spin, "…"), st.Accent
		case autodiscover.ResultFound:
			mark, style = "✓", st.OK
		case autodiscover.ResultNotFound, autodiscover.ResultSkipped:
			mark, style = "-", st.Muted
		}
		host := padRight(ansi.Truncate(attemptHost(a), hostW, "…"), hostW)
		line := style.Render(mark) + " " + padRight(methodWords(a.Method, tx.MethodNames), methodW) + host + " " + style.Render(resultWords(a.Result))
		if a.Result != autodiscover.ResultRunning && a.Result != autodiscover.ResultSkipped {
			line = spread(line, st.Muted.Render(formatDuration(a.Duration)), w-in)
		}
		b.WriteString(strings.Repeat(" ", in) + strings.TrimRight(line, " ") + "\n")
	}
	return b.String()
}

// attemptHost is the host an attempt asked; for an SRV record, the
// domain (the method's name says _autodiscover._tcp).
func attemptHost(a autodiscover.Attempt) string {
	if !strings.Contains(a.URL, "://") {
		return exchange.Sanitize(strings.TrimPrefix(a.URL, "_autodiscover._tcp."))
	}
	return exchange.DisplayHost(a.URL)
}

// resultWords is an attempt's result for people: found, not found,
// skipped, searching; a problem's code as it is (explain CODE names it).
func resultWords(r string) string {
	if w, ok := tx.AttemptResults[r]; ok {
		return w
	}
	return r
}

// methodWords names a method from table, or by its id.
func methodWords(m autodiscover.Method, table map[string]string) string {
	if w, ok := table[string(m)]; ok {
		return w
	}
	return string(m)
}

// sourceHost is where the URL came from: the host of the autodiscover
// answer, else of the attempt that found it.
func sourceHost(res autodiscover.Result) string {
	if res.Source != "" {
		return attemptHost(autodiscover.Attempt{URL: res.Source})
	}
	for _, a := range res.Attempts {
		if a.Result == autodiscover.ResultFound {
			return attemptHost(a)
		}
	}
	return ""
}

// notFoundProblem is autodiscover-not-found from the catalog, for a
// discovery that ended with neither a URL nor a problem (it should not).
func notFoundProblem() *steps.Problem {
	e := steps.LookupIn(tx.lang, exchange.CodeAutodiscoverNotFound)
	return &steps.Problem{Code: exchange.CodeAutodiscoverNotFound, Section: e.Section, SectionTitle: steps.SectionTitleIn(tx.lang, e.Section),
		Title: e.Title, Fix: e.Fix, Field: exchange.FieldURL}
}

// emailDomain is the part after the @.
func emailDomain(email string) string {
	if i := strings.LastIndex(email, "@"); i >= 0 {
		return email[i+1:]
	}
	return email
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// openFind opens Find my server: the URL found before for this email
// address, or a new search (again: always a new search).
func (a *app) openFind(again bool) tea.Cmd {
	if again {
		a.found = nil
	}
	if a.found != nil && strings.EqualFold(a.foundFor, a.cfg.Email) {
		s := newFindScreen(a.cfg.Email, 0, a.keys)
		s.showFound(*a.found)
		a.show(screenFind, s)
		return nil
	}
	a.findRun++
	s := newFindScreen(a.cfg.Email, a.findRun, a.keys)
	a.show(screenFind, s) // stops the search on show, if any
	ctx, cancel := context.WithCancel(a.ctx)
	a.cancelFind = cancel
	return s.start(ctx, a.deps.discover, a.cfg)
}

// stopFind cancels the search in flight, if any.
func (a *app) stopFind() {
	if a.cancelFind != nil {
		a.cancelFind()
		a.cancelFind = nil
	}
}

// findAnswered does what the user chose on Find my server.
func (a *app) findAnswered(m findMsg) tea.Cmd {
	if m.res != nil {
		res := *m.res
		a.found, a.foundFor = &res, a.cfg.Email
	}
	switch m.action {
	case findUse:
		setURL(&a.cfg, a.found.URL)
		a.cfg.Discovered = a.found
		a.typedURL = false
		return a.forwardFrom(screenFind)
	case findEdit:
		setURL(&a.cfg, a.found.URL)
		a.cfg.Discovered = a.found
		return a.open(screenServer, editURL)
	case findAgain:
		return a.openFind(true)
	case findManual:
		return a.open(screenServer, editURL)
	case findBack:
		return a.back()
	}
	return nil
}

// findFailed shows a discovery's problem as the outcome of a run that
// stopped at its first step, with every attempt in the report; its offers
// lead back to Find my server or to the URL field.
func (a *app) findFailed(res autodiscover.Result, prob *steps.Problem, took time.Duration) {
	rep := steps.DiscoveryFailed(a.cfg, res, prob, took)
	a.report, a.ranChecks = rep, true
	a.checks = nil
	a.editing, a.outcomeFind = false, true
	s := newProblemScreen(rep, a.cfg, offersFor(rep, a.cfg, a.accepted), a.keys)
	s.keys.Steps.SetEnabled(false) // no checks ran to view
	a.outcome = s
	a.show(screenProblem, s)
}
