package ui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ewsconnect/exchange/autodiscover"
	"ewsconnect/i18n"
	"ewsconnect/report"
	"ewsconnect/steps"
)

// screenID names the wizard's screens.
type screenID int

const (
	screenWelcome screenID = iota
	screenSignIn
	screenFind   // Find my server: autodiscover from the email address
	screenServer // the EWS URL field, for a URL the user knows or was not found
	screenTestMessage
	screenChecks
	screenProblem
	screenSuccess
	screenCAFile
)

// flowScreens are the steps of the flow in order, as the welcome screen
// lists them, the header counts them and the breadcrumb marks them: the
// one source of the screen order. Their names are tx.FlowSteps. The wizard
// starts from the person, not the server: the sign-in answers first, then
// the server is found from the email address (the URL field, screenServer,
// is the same step: see flowPos).
var flowScreens = []screenID{screenSignIn, screenFind, screenTestMessage, screenChecks}

// flowPos is a screen's place in flowScreens: the URL field counts as the
// server step it stands in for; -1 for a screen outside the flow (the
// welcome, the outcomes).
func flowPos(id screenID) int {
	if id == screenServer {
		id = screenFind
	}
	for i, x := range flowScreens {
		if x == id {
			return i
		}
	}
	return -1
}

// screen is one screen of the wizard. View renders its body only: the root
// draws the header, the footer (status and help) and scrolls the body when
// it does not fit.
type screen interface {
	Update(tea.Msg) (screen, tea.Cmd)
	View(st styles, width int) string
	KeyMap() help.KeyMap
}

// secretTyper is a screen whose focused field takes any character, even ?.
type secretTyper interface{ typingSecret() bool }

// heightAware is a screen that fits its content to the body's height.
type heightAware interface{ setBodyHeight(int) }

// arrowUser is a screen that uses ↑/↓ itself when they would otherwise
// scroll.
type arrowUser interface{ usesArrows() bool }

// deps are the parts of the wizard that touch the outside world, so that
// tests can replace them.
type deps struct {
	newRunner func(steps.Config) stepRunner
	checkURL  func(i18n.Lang, string) steps.URLForm
	discover  discoverFunc
	places    func() report.Places // where a saved report may go
}

// discoverFunc is steps.Discover: autodiscover alone, for Find my server.
// onAttempt is called from another goroutine as each attempt starts and
// ends; err is set only when ctx ended the discovery.
type discoverFunc func(ctx context.Context, cfg steps.Config, onAttempt func(autodiscover.Attempt)) (autodiscover.Result, *steps.Problem, error)

// stepRunner is the part of *steps.Runner the checks screen drives.
type stepRunner interface {
	Current() steps.ID
	Next(ctx context.Context) steps.Result
	Done() bool
	Report() steps.Report
	Close()
}

func realDeps() deps {
	return deps{
		newRunner: func(cfg steps.Config) stepRunner { return steps.NewRunner(cfg) },
		checkURL:  steps.CheckURLFormIn,
		discover:  steps.Discover,
		places:    report.SystemPlaces,
	}
}

// app is the root model: which screen is showing, the answers so far, the
// global keys, and the current run of checks.
type app struct {
	ctx  context.Context
	opts Options
	deps deps

	cfg   steps.Config // the answers
	given Given        // answers from flags: their screens are skipped going forward

	id      screenID
	current screen
	outcome screen // the problem or success screen, kept while editing or viewing the checks
	editing bool   // an answer screen opened from the outcome: enter checks again, esc cancels
	checks  *checksScreen

	runID     int
	cancelRun context.CancelFunc

	// Find my server: the discovery in flight (cancelled whenever its
	// screen is left), the last one that found a URL for foundFor (shown
	// again instead of searching again while the email stays the same),
	// whether the URL in cfg was typed by the user (the server step is then
	// the URL field), and whether the outcome on show came from a discovery
	// (its offers lead back to Find my server, not to the checks).
	findRun     int
	cancelFind  context.CancelFunc
	found       *autodiscover.Result
	foundFor    string
	typedURL    bool
	outcomeFind bool

	report    steps.Report
	ranChecks bool
	quitting  bool
	interrupt bool // ctrl+c
	// accepted are the logins that signed in during this session (see
	// acceptedKey): no DOMAIN\user form is suggested for them.
	accepted map[string]bool

	width, height int
	st            styles
	keys          globalKeys
	help          help.Model
	scroll        int
	status        string
}

func newApp(ctx context.Context, opts Options, d deps) *app {
	a := &app{
		ctx:      ctx,
		opts:     opts,
		deps:     d,
		cfg:      opts.Config,
		given:    opts.Given,
		accepted: map[string]bool{},
		typedURL: opts.Config.URL != "",
		width:    80,
		height:   24,
		st:       newStyles(true),
		keys:     newGlobalKeys(),
		help:     help.New(),
	}
	a.help.ShortSeparator = " · "
	a.showWelcome()
	return a
}

// Init asks the terminal for its background, to pick light or dark colours.
func (a *app) Init() tea.Cmd { return tea.RequestBackgroundColor }

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.fitHeight()
		a.clampScroll()
		return a, nil
	case tea.BackgroundColorMsg:
		a.st = newStyles(msg.IsDark())
		return a, nil
	case tea.KeyPressMsg:
		if cmd, ok := a.globalKey(msg); ok {
			return a, cmd
		}
	case stepDoneMsg:
		if msg.run != a.runID || a.cancelRun == nil {
			// A stopped run's last step: nobody will ask for the next
			// one, so its connection is closed here.
			msg.runner.Close()
			return a, nil
		}
	case startMsg:
		a.start(msg.account)
		return a, a.forwardFrom(screenWelcome)
	case serverDoneMsg:
		if msg.back && !a.editing {
			// The URL field stands in for Find my server: back from it is
			// back to the search, with what was typed kept.
			setURL(&a.cfg, msg.url)
			a.typedURL = false
			return a, a.openFind(false)
		}
		return a, a.answered(screenServer, msg.back, func() {
			setURL(&a.cfg, msg.url)
			a.typedURL = true
		})
	case signInDoneMsg:
		return a, a.answered(screenSignIn, msg.back, func() { a.setSignIn(msg.email, msg.username, msg.password) })
	case attemptMsg, discoveredMsg:
		if f, ok := a.current.(*findScreen); ok {
			var cmd tea.Cmd
			a.current, cmd = f.Update(msg)
			return a, cmd
		}
		return a, nil // a stopped discovery's last words
	case findMsg:
		return a, a.findAnswered(msg)
	case consentMsg:
		if !containsFold(a.cfg.AllowRedirect, msg.domain) {
			a.cfg.AllowRedirect = append(a.cfg.AllowRedirect, msg.domain)
		}
		return a, a.openFind(true)
	case findFailedMsg:
		a.findFailed(msg.res, msg.problem, msg.took)
		return a, nil
	case testMessageDoneMsg:
		return a, a.answered(screenTestMessage, msg.back, func() {
			a.cfg.TestRecipient, a.cfg.NoSend = msg.recipient, msg.noSend
		})
	case caFileDoneMsg:
		if msg.pool == nil {
			return a, a.answered(screenCAFile, true, func() {})
		}
		a.cfg.Network.RootCAs = msg.pool
		a.status = fmt.Sprintf(tx.CAFileTrustedFmt, msg.path)
		return a, a.recheck()
	case stopMsg:
		a.stopRun()
		cmd := a.back()
		a.status = tx.ChecksStopped
		return a, cmd
	case checksDoneMsg:
		return a, a.finished(msg.report)
	case editMsg:
		return a, a.edit(msg.target)
	case applyMsg, settingMsg, sendAgainMsg:
		if m, ok := msg.(applyMsg); ok && m.url != "" {
			a.typedURL = true // a corrected address is no longer the one found
		}
		applyOffer(&a.cfg, msg)
		return a, a.recheck()
	case retryMsg:
		return a, a.recheck()
	case anotherMsg:
		a.given = Given{}        // from now on every answer is asked for
		a.cfg.Password = ""      // another account, another password
		a.cfg.TestRecipient = "" // and the test message goes to its address
		a.cfg.SendFailed = nil
		a.outcome, a.outcomeFind = nil, false
		return a, a.forwardFrom(screenWelcome)
	case viewStepMsg:
		if a.checks != nil {
			a.show(screenChecks, a.checks)
		}
		return a, nil
	case closeMsg:
		if a.outcome != nil {
			a.show(a.outcomeID(), a.outcome)
		}
		return a, nil
	case saveMsg:
		return a, saveReportCmd(a.report, a.cfg, a.opts.ReportPath, a.deps.saveDirs())
	case reportSavedMsg:
		if msg.err != nil {
			a.status = fmt.Sprintf(tx.ReportSaveFailedFmt, msg.err)
		} else {
			a.status = fmt.Sprintf(tx.ReportSavedFmt, msg.path)
		}
		return a, nil
	case copyMsg:
		if msg.text != "" {
			a.status = tx.CommandsCopied
			return a, tea.SetClipboard(msg.text)
		}
		a.status = tx.ReportCopied
		return a, copyReportCmd(a.report, a.cfg)
	case quitMsg:
		a.quitting = true
		return a, tea.Quit
	}
	var cmd tea.Cmd
	a.current, cmd = a.current.Update(msg)
	return a, cmd
}

// globalKey handles the keys that mean the same on every screen.
func (a *app) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, a.keys.QuitNow):
		a.stopRun()
		a.stopFind()
		a.quitting, a.interrupt = true, true
		return tea.Quit, true
	case key.Matches(msg, a.keys.Help):
		if s, ok := a.current.(secretTyper); ok && s.typingSecret() && msg.String() == "?" {
			return nil, false // a password may contain ?
		}
		a.help.ShowAll = !a.help.ShowAll
		a.fitHeight()
		a.clampScroll()
		return nil, true
	case key.Matches(msg, a.keys.PageDown):
		a.scroll += a.bodyHeight() - 1
		a.clampScroll()
		return nil, true
	case key.Matches(msg, a.keys.PageUp):
		a.scroll -= a.bodyHeight() - 1
		a.clampScroll()
		return nil, true
	}
	if a.scrollsWithArrows() {
		switch msg.String() {
		case "down":
			a.scroll++
			a.clampScroll()
			return nil, true
		case "up":
			a.scroll--
			a.clampScroll()
			return nil, true
		}
	}
	return nil, false
}

// scrollsWithArrows: screens without text fields scroll with the arrows.
func (a *app) scrollsWithArrows() bool {
	if u, ok := a.current.(arrowUser); ok && u.usesArrows() {
		return false
	}
	switch a.id {
	case screenWelcome, screenChecks, screenProblem, screenSuccess:
		return true
	}
	return false
}

// show switches to screen s. Leaving Find my server stops its discovery:
// a search nobody looks at must not go on sending the password around.
func (a *app) show(id screenID, s screen) {
	if a.id == screenFind && s != a.current {
		a.stopFind()
	}
	a.id, a.current = id, s
	a.scroll = 0
	a.status = ""
	a.fitHeight()
}

// fitHeight tells a height-aware screen how many lines its body has.
func (a *app) fitHeight() {
	if h, ok := a.current.(heightAware); ok {
		h.setBodyHeight(a.bodyHeight())
	}
}
