package ui

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ewsconnect/steps"
)

// screenID names the wizard's screens, in the order of the flow.
type screenID int

const (
	screenWelcome screenID = iota
	screenServer
	screenSignIn
	screenTestMessage
	screenChecks
	screenProblem
	screenSuccess
)

// formScreens are the screens that ask for answers, in order.
var formScreens = []screenID{screenServer, screenSignIn, screenTestMessage}

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

// progresser is a screen that says its own progress in the header.
type progresser interface{ progress() string }

// layout constants: a calm margin, and a text width that stays readable on
// a wide shared screen.
const (
	marginLeft      = 2
	maxContentWidth = 100
	minContentWidth = 30
)

// deps are the parts of the wizard that touch the outside world, so that
// tests can replace them.
type deps struct {
	newRunner func(steps.Config) stepRunner
	checkURL  func(string) (*steps.Problem, string)
}

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
		checkURL:  steps.CheckURLForm,
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
	editing bool   // an answer screen opened from the problem screen: enter checks again
	checks  *checksScreen

	runID     int
	cancelRun context.CancelFunc
	report    steps.Report
	ranChecks bool
	quitting  bool
	interrupt bool // ctrl+c

	width, height int
	st            styles
	keys          globalKeys
	help          help.Model
	scroll        int
	status        string
}

func newApp(ctx context.Context, opts Options, d deps) *app {
	a := &app{
		ctx:    ctx,
		opts:   opts,
		deps:   d,
		cfg:    opts.Config,
		given:  opts.Given,
		width:  80,
		height: 24,
		st:     newStyles(true),
		keys:   newGlobalKeys(),
		help:   help.New(),
	}
	a.help.ShortSeparator = " · "
	a.show(screenWelcome, newWelcomeScreen(opts, a.givenNames(), a.keys))
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
	case startMsg:
		if acct := msg.account; acct != nil {
			a.cfg.URL, a.cfg.Email, a.cfg.Username, a.cfg.Password = acct.URL, acct.Email, acct.Username, acct.Password
			a.cfg.TestRecipient, a.cfg.NoSend = "", false
			a.given = Given{} // show the filled-in answers: seeing them is the point
		}
		return a, a.forwardFrom(screenWelcome)
	case backMsg:
		return a, a.back()
	case serverDoneMsg:
		a.cfg.URL = msg.url
		return a, a.answered(screenServer)
	case signInDoneMsg:
		a.cfg.Email, a.cfg.Username, a.cfg.Password = msg.email, msg.username, msg.password
		return a, a.answered(screenSignIn)
	case testMessageDoneMsg:
		a.cfg.TestRecipient, a.cfg.NoSend = msg.recipient, msg.noSend
		return a, a.answered(screenTestMessage)
	case stopMsg:
		a.stopRun()
		cmd := a.back()
		a.status = tx.ChecksStopped
		return a, cmd
	case checksDoneMsg:
		return a, a.finished(msg.report)
	case editMsg:
		return a, a.edit(msg.target)
	case applyMsg:
		if msg.url != "" {
			a.cfg.URL = msg.url
		}
		if msg.username != "" {
			a.cfg.Username = msg.username
		}
		return a, a.startChecks()
	case retryMsg:
		return a, a.startChecks()
	case anotherMsg:
		a.given = Given{}        // from now on every answer is asked for
		a.cfg.Password = ""      // another account, another password
		a.cfg.TestRecipient = "" // and the test message goes to its address
		a.outcome = nil
		return a, a.forwardFrom(screenWelcome)
	case viewStepMsg:
		if a.checks != nil {
			a.checks.reviewing = true
			a.show(screenChecks, a.checks)
		}
		return a, nil
	case closeMsg:
		if a.outcome != nil {
			a.show(a.outcomeID(), a.outcome)
		}
		return a, nil
	case saveMsg:
		return a, saveReportCmd(a.report, a.cfg, a.opts.ReportPath)
	case reportSavedMsg:
		if msg.err != nil {
			a.status = fmt.Sprintf(tx.ReportSaveFailedFmt, msg.err)
		} else {
			a.status = fmt.Sprintf(tx.ReportSavedFmt, msg.path)
		}
		return a, nil
	case copyMsg:
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
		case "down", "j":
			a.scroll++
			a.clampScroll()
			return nil, true
		case "up", "k":
			a.scroll--
			a.clampScroll()
			return nil, true
		}
	}
	return nil, false
}

// scrollsWithArrows: screens without text fields scroll with the arrows.
func (a *app) scrollsWithArrows() bool {
	switch a.id {
	case screenWelcome:
		return a.opts.Demo == nil // the demo list uses them to choose
	case screenChecks, screenProblem, screenSuccess:
		return true
	}
	return false
}

// show switches to screen s.
func (a *app) show(id screenID, s screen) {
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

// View draws the header, the current screen's body and the footer, and
// keeps the wizard in the alternate screen.
func (a *app) View() tea.View {
	var v tea.View
	if a.quitting {
		return v // leave nothing behind: the summary is printed after exit
	}
	v.SetContent(a.render())
	v.AltScreen = true
	v.WindowTitle = tx.AppName
	return v
}

func (a *app) contentWidth() int {
	return max(minContentWidth, min(maxContentWidth, a.width-2*marginLeft))
}

// render lays out the frame at the terminal's size.
func (a *app) render() string {
	w := a.contentWidth()
	header := a.headerLines(w)
	footer := a.footerLines(w)
	body := a.bodyLines(w)
	avail := a.bodyHeightFor(len(header), len(footer))
	scroll := min(a.scroll, max(0, len(body)-avail))
	if len(body) > avail {
		more := scroll+avail < len(body)
		body = body[scroll : scroll+avail]
		if more && avail > 0 {
			body[avail-1] = a.st.Muted.Render(tx.MoreBelow)
		}
	}
	lines := make([]string, 0, a.height)
	lines = append(lines, header...)
	lines = append(lines, "")
	lines = append(lines, body...)
	for len(lines) < a.height-len(footer) {
		lines = append(lines, "")
	}
	lines = append(lines, footer...)
	if len(lines) > a.height && a.height > 0 {
		lines = lines[:a.height]
	}
	pad := strings.Repeat(" ", marginLeft)
	for i, l := range lines {
		// wrapped text comes padded to its width; trailing blanks only
		// make copy-and-paste from the terminal worse
		if l = strings.TrimRight(l, " "); l != "" {
			lines[i] = pad + l
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

func (a *app) bodyLines(w int) []string {
	return strings.Split(strings.TrimRight(a.current.View(a.st, w), "\n"), "\n")
}

// bodyHeightFor is the room between the header (and its blank line) and the
// footer (and its blank line).
func (a *app) bodyHeightFor(header, footer int) int {
	return max(1, a.height-header-1-footer-1)
}

func (a *app) bodyHeight() int {
	w := a.contentWidth()
	return a.bodyHeightFor(len(a.headerLines(w)), len(a.footerLines(w)))
}

func (a *app) clampScroll() {
	total := len(a.bodyLines(a.contentWidth()))
	a.scroll = max(0, min(a.scroll, total-a.bodyHeight()))
}

// headerLines: the app's name and tagline, the progress on the right, and
// on answer screens the flow with the current step marked.
func (a *app) headerLines(w int) []string {
	left := a.st.AppName.Render(tx.AppName) + a.st.Muted.Render(" · ") + a.st.Title.Render(tx.AppTagline)
	right := ""
	if p, ok := a.current.(progresser); ok {
		right = p.progress()
	} else if n, of := a.formPosition(); n > 0 {
		right = fmt.Sprintf(tx.StepOfFmt, n, of)
	} else if a.id == screenWelcome && a.opts.Version != "" {
		right = a.opts.Version
	}
	lines := []string{spread(left, a.st.Muted.Render(right), w)}
	if a.id >= screenServer && a.id <= screenTestMessage {
		lines = append(lines, a.flowLine())
	}
	return lines
}

// formPosition is the current form screen's place among those being asked.
func (a *app) formPosition() (n, of int) {
	for _, id := range formScreens {
		if a.skipped(id) && id != a.id {
			continue
		}
		of++
		if id == a.id {
			n = of
		}
	}
	return n, of
}

// flowLine marks the steps: ✓ done, ● here, ○ to come. The marks carry the
// meaning; colour only repeats it.
func (a *app) flowLine() string {
	ids := append(append([]screenID(nil), formScreens...), screenChecks)
	parts := make([]string, len(ids))
	for i, id := range ids {
		name := tx.FlowSteps[i]
		switch {
		case id == a.id:
			parts[i] = a.st.Accent.Render("● " + name)
		case id < a.id:
			parts[i] = a.st.Muted.Render("✓ " + name)
		default:
			parts[i] = a.st.Muted.Render("○ " + name)
		}
	}
	return strings.Join(parts, a.st.Muted.Render("  ›  "))
}

// footerLines: the status message, if any, and the help.
func (a *app) footerLines(w int) []string {
	var lines []string
	if a.status != "" {
		lines = append(lines, strings.Split(lipgloss.NewStyle().Width(w).Render(a.st.Status.Render(a.status)), "\n")...)
	}
	h := a.help
	h.Styles = a.st.Help
	h.SetWidth(w)
	if h.ShowAll {
		return append(lines, strings.Split(h.View(a.current.KeyMap()), "\n")...)
	}
	return append(lines, shortHelpLines(h, a.current.KeyMap().ShortHelp(), w)...)
}

// shortHelpLines is the one-line help, wrapped onto a second line rather
// than cut: at 80 columns the problem screen's actions do not fit on one,
// and a hidden action is one nobody finds.
func shortHelpLines(h help.Model, bindings []key.Binding, w int) []string {
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	var lines []string
	line := ""
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		item := h.ShortHelpView([]key.Binding{b})
		switch {
		case line == "":
			line = item
		case lipgloss.Width(line)+lipgloss.Width(sep)+lipgloss.Width(item) <= w:
			line += sep + item
		default:
			lines = append(lines, line)
			line = item
		}
	}
	return append(lines, line)
}

// spread puts left and right on one line of width w.
func spread(left, right string, w int) string {
	if ansi.Strip(right) == "" {
		return left
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}
