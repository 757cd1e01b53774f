package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"ewsconnect/i18n"
	"ewsconnect/report"
	"ewsconnect/steps"
)

// Run runs the wizard until the user quits. It returns the last report (zero
// if no check ran). ctx cancellation or Ctrl+C ends it at once with the
// terminal restored; then the report has Interrupted set and err is
// context.Canceled. The full-screen wizard needs a terminal to read keys
// from and one to draw on; otherwise (or with Options.Accessible) the same
// flow runs as line prompts.
func Run(ctx context.Context, opts Options, c Console) (steps.Report, error) {
	opts = useLanguage(opts)
	decision := decideConsole(c.facts(), opts.Accessible)
	if !decision.fullScreen {
		if decision.pipedWindowsTerminal {
			fmt.Fprintln(c.prompts(), tx.PlainPipedWindowsTerminal)
		}
		return runPlain(ctx, opts, c, realDeps())
	}
	return runTUI(ctx, opts, c, realDeps())
}

// useLanguage makes opts.Lang the language of the run: the wizard's texts
// (tx, set here once for the process) and the problems the steps report
// (Config.Lang, so that they come in the same language).
//
// tx is written only when the language changes, under languageMu: runs
// in one process (the tests run many wizards at once, all in one
// language) then share the texts, and the first run's write happens
// before the others' reads. Runs in two languages at once would still
// race; only tests run more than one wizard, and they do not mix.
func useLanguage(opts Options) Options {
	l := opts.Lang
	if l == "" {
		l = i18n.EN
	}
	languageMu.Lock()
	if tx.lang != l {
		tx = textFor(l)
	}
	languageMu.Unlock()
	opts.Config.Lang = opts.Lang
	return opts
}

// languageMu orders the writes of tx by useLanguage.
var languageMu sync.Mutex

func runTUI(ctx context.Context, opts Options, c Console, d deps) (steps.Report, error) {
	a := newApp(ctx, opts, d)
	// 30 frames a second is smooth for typing and for the spinner, and
	// halves the idle wake-ups of the default 60.
	p := tea.NewProgram(a, tea.WithContext(ctx), tea.WithInput(c.InFile), tea.WithOutput(c.screen()), tea.WithFPS(30))
	_, err := p.Run()
	a.stopRun()
	a.stopFind()
	rep := a.report
	switch {
	case a.interrupt, ctx.Err() != nil, errors.Is(err, tea.ErrInterrupted):
		rep.Interrupted = true
		err = context.Canceled
	case err != nil:
		return rep, i18n.Wrap(err, "cli.wizard-failed")
	}
	if a.ranChecks {
		if werr := writeReportFile(opts.ReportPath, rep, a.cfg, c.Out); werr != nil && err == nil {
			err = werr
		}
		if !rep.Interrupted {
			printSummary(c.Out, rep, a.cfg)
		}
	}
	return rep, err
}

// writeReportFile writes --report at the end, and says so.
func writeReportFile(path string, rep steps.Report, cfg steps.Config, out io.Writer) error {
	if path == "" {
		return nil
	}
	if err := report.WriteFile(path, reportMarkdown(rep, cfg, time.Now())); err != nil {
		return i18n.Wrap(err, "cli.report-failed")
	}
	fmt.Fprintf(out, tx.ReportWrittenFmt+"\n", absPath(path))
	return nil
}

// printSummary leaves the outcome in the normal screen after the wizard's
// alternate screen is gone, so the settings or the problem stay in the
// scrollback (and in a help-desk ticket's copy-paste).
func printSummary(out io.Writer, rep steps.Report, cfg steps.Config) {
	var b strings.Builder
	switch rep.Outcome() {
	case steps.OutcomeConnected, steps.OutcomeConnectedNoSend:
		b.WriteString(outcomeTitle(rep) + "\n")
		for _, kv := range settings(rep, cfg) {
			if kv[1] != "" {
				b.WriteString("  " + padRight(kv[0], 15) + kv[1] + "\n")
			}
		}
	case steps.OutcomeProblem:
		p := rep.Problem()
		fmt.Fprintf(&b, "✗ %s: %s (%s)\n", p.SectionTitle, p.Title, fmt.Sprintf(tx.ProblemCodeFmt, p.Code))
	}
	fmt.Fprint(out, b.String())
}
