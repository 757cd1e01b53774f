package ui

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

func TestMain(m *testing.M) {
	animate = false // a still spinner keeps running-step goldens stable
	mustRecord()
	os.Exit(m.Run())
}

// driver feeds key presses to the root model the way bubbletea would, and
// runs the commands that come back, feeding their messages in turn. A
// command that does not return quickly (a step that waits) is left behind,
// like a step still running.
type driver struct {
	t    *testing.T
	a    *app
	quit bool
}

func newDriver(t *testing.T, opts Options, d deps) *driver {
	t.Helper()
	if opts.Lang == "" {
		opts.Lang = driverLang
	}
	opts = useLanguage(opts) // as Run does
	dr := &driver{t: t, a: newApp(context.Background(), opts, d)}
	dr.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return dr
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.a.Update(msg)
	d.run(cmd)
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range m {
				d.run(c)
			}
		case tea.QuitMsg:
			d.quit = true
		default:
			d.send(m)
		}
	case <-time.After(300 * time.Millisecond):
	}
}

// press sends named keys ("enter", "shift+tab", "ctrl+c", "space", …).
func (d *driver) press(names ...string) {
	for _, n := range names {
		d.send(keyPress(n))
	}
}

// typeText sends each character as a key press.
func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyPress(name string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc":       {Code: tea.KeyEscape},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+u":    {Code: 'u', Mod: tea.ModCtrl},
		"space":     {Code: tea.KeySpace, Text: " "},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"pgdown":    {Code: tea.KeyPgDown},
		"pgup":      {Code: tea.KeyPgUp},
		"backspace": {Code: tea.KeyBackspace},
		"f1":        {Code: tea.KeyF1},
	}
	if k, ok := named[name]; ok {
		return k
	}
	if len([]rune(name)) != 1 {
		panic("no such key in the test driver: " + name)
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: string(r)}
}

// screen is what the terminal would show, without colours.
func (d *driver) screen() string {
	s := ansi.Strip(d.a.View().Content)
	if driverLang != "" && driverLang != i18n.EN {
		d.seen(s)
	}
	return s
}

func (d *driver) wantScreen(id screenID) {
	d.t.Helper()
	if d.a.id != id {
		d.t.Fatalf("on screen %d, want %d; screen:\n%s", d.a.id, id, d.screen())
	}
}

func (d *driver) wantText(texts ...string) {
	d.t.Helper()
	s := d.screen()
	for _, want := range texts {
		switch {
		case strings.Contains(s, want):
		case driverLang != "" && driverLang != i18n.EN:
			// The tests' texts are English; in another language the
			// goldens and the layout checks say what the screen holds.
			d.t.Logf("(in %s) screen lacks %q", driverLang, want)
		default:
			d.t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
}

// fakeRunner plays a fixed run: results in order, optionally waiting at
// one step until its context ends, as a slow server would.
type fakeRunner struct {
	mu      sync.Mutex
	script  scenario
	i       int
	blockAt steps.ID // the step that waits for ctx; "" for none
	url     string
	stopped bool
	closed  bool
}

// scenario is a whole run as the engine would report it.
type scenario struct {
	results     []steps.Result
	server      exchange.ServerInfo
	suggestions exchange.Suggestions
	login       string
	mailbox     string
	sentTo      string
}

func (f *fakeRunner) Current() steps.ID {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.i >= len(steps.Order) {
		return ""
	}
	return steps.Order[f.i]
}

func (f *fakeRunner) Next(ctx context.Context) steps.Result {
	f.mu.Lock()
	i := f.i
	f.mu.Unlock()
	var res steps.Result
	if steps.Order[i] == f.blockAt {
		<-ctx.Done()
		res = steps.Result{ID: steps.Order[i], Status: steps.Skip, Note: "interrupted"}
		f.mu.Lock()
		f.stopped = true
		f.mu.Unlock()
	} else {
		res = f.script.results[i]
	}
	f.mu.Lock()
	f.i++
	f.mu.Unlock()
	return res
}

func (f *fakeRunner) Done() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.i >= len(steps.Order)
}

func (f *fakeRunner) Report() steps.Report {
	f.mu.Lock()
	defer f.mu.Unlock()
	return steps.Report{
		URL:         f.url,
		Steps:       append([]steps.Result(nil), f.script.results[:f.i]...),
		Server:      f.script.server,
		Suggestions: f.script.suggestions,
		Login:       f.script.login,
		Mailbox:     f.script.mailbox,
		SentTo:      f.script.sentTo,
	}
}

func (f *fakeRunner) wasStopped() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stopped
}

// firstRunStopped reports whether the first run's waiting step saw its
// context end.
func (f *fakeDeps) firstRunStopped() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.runners) > 0 && f.runners[0].wasStopped()
}

func (f *fakeRunner) Close() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
}

// fakeDeps runs each check with the next scenario in line (the last one
// repeats) and records the answers every run was given; likewise each
// discovery with the next of finds (none: a search that never ends, as
// with a server that does not answer).
type fakeDeps struct {
	mu        sync.Mutex
	scenarios []scenario
	blockAt   steps.ID
	configs   []steps.Config
	runners   []*fakeRunner

	finds       []fakeFind
	findConfigs []steps.Config
	findsEnded  int // discoveries that saw their context end
}

// fakeFind is a discovery as the engine reports it: events are the
// attempts as they start (Result "") and end, in order; then either the
// search waits for its context (block), or it ends with res (its
// Attempts: the ended events) and problem.
type fakeFind struct {
	events  []autodiscover.Attempt
	block   bool
	res     autodiscover.Result
	problem *steps.Problem
}

func (f *fakeDeps) discover(ctx context.Context, cfg steps.Config, onAttempt func(autodiscover.Attempt)) (autodiscover.Result, *steps.Problem, error) {
	f.mu.Lock()
	ff := fakeFind{block: true}
	if len(f.finds) > 0 {
		ff = f.finds[min(len(f.findConfigs), len(f.finds)-1)]
	}
	f.findConfigs = append(f.findConfigs, cfg)
	f.mu.Unlock()
	res := ff.res
	res.Email = cfg.Email
	res.Attempts = nil
	for _, a := range ff.events {
		if ctx.Err() != nil {
			break
		}
		onAttempt(a)
		if a.Result != autodiscover.ResultRunning {
			res.Attempts = append(res.Attempts, a)
		}
	}
	if ff.block || ctx.Err() != nil {
		<-ctx.Done()
		f.mu.Lock()
		f.findsEnded++
		f.mu.Unlock()
		return res, nil, ctx.Err()
	}
	return res, problemIn(cfg.Lang, ff.problem), nil
}

// resultIn is a recorded result with its problems in l, as the runner
// would have said them with Config.Lang l (the recordings are English).
func resultIn(l i18n.Lang, r steps.Result) steps.Result {
	if r.Problem != nil && r.Note == r.Problem.Title { // a warning's note is its title
		r.Note = problemIn(l, r.Problem).Title
	}
	r.Problem = problemIn(l, r.Problem)
	if len(r.Warnings) > 0 {
		ws := make([]*steps.Problem, len(r.Warnings))
		for i, w := range r.Warnings {
			ws[i] = problemIn(l, w)
		}
		r.Warnings = ws
	}
	return r
}

// problemIn is a recorded problem with the catalog's words in l: its
// heading, title and fix; what the server said (Detail) and the fix's
// commands, filled in by the run, stay as recorded.
func problemIn(l i18n.Lang, p *steps.Problem) *steps.Problem {
	if p == nil || l == "" || l == i18n.EN {
		return p
	}
	e := steps.LookupIn(l, p.Code)
	q := *p
	q.SectionTitle = steps.SectionTitleIn(l, p.Section)
	q.Title = e.Title
	q.Fix = append([]steps.FixStep(nil), p.Fix...)
	for i := range q.Fix {
		if i < len(e.Fix) {
			q.Fix[i].Text = e.Fix[i].Text
		}
	}
	return &q
}

func (f *fakeDeps) discoveries() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.findConfigs)
}

func (f *fakeDeps) lastFindConfig(t *testing.T) steps.Config {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.findConfigs) == 0 {
		t.Fatal("no discovery was run")
	}
	return f.findConfigs[len(f.findConfigs)-1]
}

func (f *fakeDeps) endedFinds() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.findsEnded
}

func (f *fakeDeps) deps() deps {
	return deps{
		newRunner: func(cfg steps.Config) stepRunner {
			f.mu.Lock()
			defer f.mu.Unlock()
			n := min(len(f.configs), len(f.scenarios)-1)
			sc := f.scenarios[n]
			sc.results = append([]steps.Result(nil), sc.results...)
			for i := range sc.results {
				if sc.results[i].ID == steps.URL && sc.results[i].Status == steps.Pass {
					sc.results[i].Summary = cfg.URL
				}
				if d := cfg.Discovered; sc.results[i].ID == steps.Autodiscover && d != nil && d.URL == cfg.URL {
					// as the runner reports the wizard's discovery
					sc.results[i] = steps.Result{ID: steps.Autodiscover, Status: steps.Pass, Duration: 41 * time.Millisecond,
						Summary: steps.DiscoveredSummary(cfg.Lang, *d), Cut: d.URL}
				}
			}
			f.configs = append(f.configs, cfg)
			if last := len(sc.results) - 1; cfg.NoSend && last == len(steps.Order)-1 && sc.results[last].Status != steps.Skip {
				// As the runner does: a skipped send carries how it failed before.
				sc.results[len(sc.results)-1] = steps.Result{ID: steps.Send, Status: steps.Skip, Problem: cfg.SendFailed}
			}
			for i := range sc.results {
				sc.results[i] = resultIn(cfg.Lang, sc.results[i])
			}
			r := &fakeRunner{script: sc, blockAt: f.blockAt, url: cfg.URL}
			f.runners = append(f.runners, r)
			return r
		},
		checkURL: steps.CheckURLFormIn,
		discover: f.discover,
	}
}

func (f *fakeDeps) lastConfig(t *testing.T) steps.Config {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.configs) == 0 {
		t.Fatal("no check was run")
	}
	return f.configs[len(f.configs)-1]
}
