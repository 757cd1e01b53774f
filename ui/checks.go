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
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// calmSpinner turns eight times a second: visibly alive, without the
// flicker (and the wake-ups) of the usual twelve.
var calmSpinner = spinner.Spinner{Frames: spinner.MiniDot.Frames, FPS: time.Second / 8}

// animate turns the spinner on; golden tests turn it off so that every
// rendering of a running step is the same.
var animate = true

// checksScreen runs the steps one at a time, each in its own tea.Cmd, and
// shows them in the contract's order: a spinner on the running one, and a
// mark, a word and a duration on each finished one. After the run it stays
// available (v on the outcome screens) to review every step.
type checksScreen struct {
	ctx       context.Context
	runner    stepRunner
	run       int
	host      string
	timeout   time.Duration
	results   []steps.Result
	running   steps.ID
	started   time.Time // when the running step began
	now       time.Time // the spinner's last tick
	spinner   spinner.Model
	reviewing bool // the run is over
	keys      checksKeys
}

func newChecksScreen(ctx context.Context, r stepRunner, run int, host string, timeout time.Duration, g globalKeys) (*checksScreen, tea.Cmd) {
	s := &checksScreen{
		ctx:     ctx,
		runner:  r,
		run:     run,
		host:    host,
		timeout: timeout,
		running: r.Current(),
		started: time.Now(),
		spinner: spinner.New(spinner.WithSpinner(calmSpinner)),
		keys:    newChecksKeys(g),
	}
	if !animate {
		return s, nextStepCmd(ctx, r, run)
	}
	return s, tea.Batch(s.spinner.Tick, nextStepCmd(ctx, r, run))
}

// nextStepCmd runs one step off the event loop. Only this goroutine touches
// the runner while the step runs; what the root needs comes back in the
// message, the runner included, so that a run stopped meanwhile can be
// closed by whoever gets the message.
func nextStepCmd(ctx context.Context, r stepRunner, run int) tea.Cmd {
	return func() tea.Msg {
		res := r.Next(ctx)
		msg := stepDoneMsg{run: run, res: res, next: r.Current(), runner: r}
		if r.Done() {
			rep := r.Report()
			msg.report = &rep
		}
		return msg
	}
}

func (s *checksScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case stepDoneMsg:
		if msg.run != s.run || s.reviewing {
			msg.runner.Close() // a stopped run's last word
			return s, nil
		}
		s.results = append(s.results, msg.res)
		if msg.report != nil {
			s.reviewing, s.running = true, ""
			rep := *msg.report
			return s, func() tea.Msg { return checksDoneMsg{report: rep} }
		}
		s.running, s.started = msg.next, time.Now()
		return s, nextStepCmd(s.ctx, s.runner, s.run)
	case spinner.TickMsg:
		if s.reviewing {
			return s, nil // let the ticking stop
		}
		s.now = msg.Time
		var cmd tea.Cmd
		s.spinner, cmd = s.spinner.Update(msg)
		return s, cmd
	case tea.KeyPressMsg:
		switch {
		case !s.reviewing && key.Matches(msg, s.keys.Stop):
			return s, func() tea.Msg { return stopMsg{} }
		case s.reviewing && key.Matches(msg, s.keys.Back):
			return s, func() tea.Msg { return closeMsg{} }
		}
	}
	return s, nil
}

func (s *checksScreen) KeyMap() help.KeyMap {
	k := s.keys
	k.Stop.SetEnabled(!s.reviewing)
	k.Back.SetEnabled(s.reviewing)
	return k
}

// title says what the list is: the run in progress, with how far it got,
// or the finished run.
func (s *checksScreen) title() string {
	if s.reviewing {
		return fmt.Sprintf(tx.ChecksDoneTitleFmt, s.host)
	}
	return fmt.Sprintf(tx.ChecksTitleFmt, s.host) + " · " +
		fmt.Sprintf(tx.ChecksStepFmt, min(len(s.results)+1, len(steps.Order)), len(steps.Order))
}

func (s *checksScreen) View(st styles, w int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(s.title()) + "\n\n")
	for i, id := range steps.Order {
		switch {
		case i < len(s.results):
			b.WriteString(resultLine(st, s.results[i], w) + "\n")
			b.WriteString(resultDetail(st, s.results[i], w))
		case id == s.running && !s.reviewing:
			b.WriteString(s.runningLine(st, id, w) + "\n")
		default:
			b.WriteString(st.Muted.Render(stepColumns("·", id.TitleIn(tx.lang), tx.StatusWords["waiting"], "", "")) + "\n")
		}
	}
	return b.String()
}

func (s *checksScreen) runningLine(st styles, id steps.ID, w int) string {
	what := ""
	if el := s.now.Sub(s.started); el >= time.Second {
		what = fmt.Sprintf(tx.ElapsedFmt, int(el.Seconds()), int(s.timeout.Seconds()))
	}
	return st.Accent.Render(s.spinner.View()+" "+padRight(id.TitleIn(tx.lang), nameWidth)) + " " +
		st.Accent.Render(padRight(tx.StatusWords["running"], wordWidth)) + " " + st.Muted.Render(what)
}

// Column widths of a step line: mark, name, status word, what was seen,
// duration.
const (
	nameWidth     = 13
	wordWidth     = 9
	durationWidth = 7
)

func stepColumns(mark, name, word, what, dur string) string {
	line := mark + " " + padRight(name, nameWidth) + " " + padRight(word, wordWidth) + " " + what
	if dur != "" {
		line += " " + dur
	}
	return strings.TrimRight(line, " ")
}

// resultLine is a finished step: mark and word in the status's colour, what
// was seen cut to fit, and the duration at the right edge.
func resultLine(st styles, r steps.Result, w int) string {
	style, mark := statusStyle(st, r.Status)
	what := r.Summary
	switch {
	case r.Status == steps.Fail && r.Problem != nil:
		what = r.Problem.Title
	case r.Status == steps.Skip || what == "":
		what = r.Note
	}
	dur := ""
	if r.Status != steps.Skip {
		dur = formatDuration(r.Duration)
	}
	lead := style.Render(mark+" "+padRight(r.ID.TitleIn(tx.lang), nameWidth)+" "+padRight(tx.StatusWords[string(r.Status)], wordWidth)) + " "
	room := w - ansi.StringWidth(lead) - durationWidth - 1
	if r.ID == steps.Autodiscover && r.Status != steps.Skip && r.Status != steps.Fail {
		what = fitFound(what, r.Cut, max(0, room))
	}
	what = ansi.Truncate(what, max(0, room), "…")
	if r.Status == steps.Skip {
		what = st.Muted.Render(what)
	}
	line := lead + what
	if dur != "" {
		line = spread(line, st.Muted.Render(dur), w)
	}
	return line
}

// fitFound fits the autodiscover step's summary (the URL found, where it
// came from, and how, in brackets) into room: where it came from matters
// more than the URL's path (the URL step below shows the URL), so the
// method goes first, then the URL, the result's Cut, is shortened. No
// word of any language is looked for.
func fitFound(summary, cut string, room int) string {
	i := strings.Index(summary, cut)
	if ansi.StringWidth(summary) <= room || cut == "" || i < 0 {
		return summary
	}
	before, after := summary[:i], summary[i+len(cut):]
	if j := strings.LastIndex(after, " ("); j >= 0 {
		after = after[:j]
	}
	if keep := room - ansi.StringWidth(before) - ansi.StringWidth(after); keep >= len("https://…") {
		return before + ansi.Truncate(cut, keep, "…") + after
	}
	return summary
}

// resultDetail is what a failing step saw and a warning's note, under the
// step's line.
func resultDetail(st styles, r steps.Result, w int) string {
	const in = 2 + nameWidth + 1
	switch {
	case r.Status == steps.Fail && r.Problem != nil:
		d := r.Problem.Detail
		if d == "" {
			d = tx.NoDetail
		}
		return wrap(d, w, in) + "\n" + indent(st.Code.Render(fmt.Sprintf(tx.ProblemCodeFmt, r.Problem.Code)), in) + "\n"
	case r.Status == steps.Warn && r.Problem != nil:
		return wrap(st.Warn.Render(r.Note), w, in) + "\n" + wrap(r.Problem.Detail, w, in) + "\n" +
			indent(st.Code.Render(fmt.Sprintf(tx.ProblemCodeFmt, r.Problem.Code)), in) + "\n"
	case r.Status == steps.Warn && r.Note != "" && r.Summary != "":
		return wrap(st.Warn.Render(r.Note), w, in) + "\n"
	}
	return ""
}

func statusStyle(st styles, s steps.Status) (lipgloss.Style, string) {
	switch s {
	case steps.Pass:
		return st.OK, "✓"
	case steps.Fail:
		return st.Fail, "✗"
	case steps.Warn:
		return st.Warn, "!"
	}
	return st.Muted, "-"
}

// formatDuration: milliseconds under a second, else tenths of seconds.
func formatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return i18n.Tenths(tx.lang, d)
}
