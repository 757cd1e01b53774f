package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"ewsconnect/steps"
)

// Run runs the wizard until the user quits. It returns the last report (zero
// if no check ran). ctx cancellation or Ctrl+C ends it at once with the
// terminal restored; then the report has Interrupted set and err is
// context.Canceled.
func Run(ctx context.Context, opts Options, in io.Reader, out io.Writer) (steps.Report, error) {
	if opts.Accessible || !isTerminal(in) || !isTerminal(out) {
		return runPlain(ctx, opts, in, out, realDeps())
	}
	return runTUI(ctx, opts, in, out, realDeps())
}

func runTUI(ctx context.Context, opts Options, in io.Reader, out io.Writer, d deps) (steps.Report, error) {
	a := newApp(ctx, opts, d)
	// 30 frames a second is smooth for typing and for the 12-frame spinner,
	// and halves the idle wake-ups of the default 60.
	p := tea.NewProgram(a, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(30))
	_, err := p.Run()
	a.stopRun()
	rep := a.report
	switch {
	case a.interrupt, ctx.Err() != nil, errors.Is(err, tea.ErrInterrupted):
		rep.Interrupted = true
		err = context.Canceled
	case err != nil:
		return rep, fmt.Errorf("wizard: %w", err)
	}
	if a.ranChecks {
		if werr := writeReportFile(opts.ReportPath, rep, a.cfg, out); werr != nil && err == nil {
			err = werr
		}
		if !rep.Interrupted {
			printSummary(out, rep, a.cfg)
		}
	}
	return rep, err
}

// writeReportFile writes --report at the end, and says so.
func writeReportFile(path string, rep steps.Report, cfg steps.Config, out io.Writer) error {
	if path == "" {
		return nil
	}
	if err := writeReport(path, reportMarkdown(rep, cfg, time.Now())); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	fmt.Fprintf(out, tx.ReportWrittenFmt+"\n", absPath(path))
	return nil
}

// printSummary leaves the outcome in the normal screen after the wizard's
// alternate screen is gone, so the settings or the problem stay in the
// scrollback (and in a help-desk ticket's copy-paste).
func printSummary(out io.Writer, rep steps.Report, cfg steps.Config) {
	var b strings.Builder
	switch {
	case rep.OK:
		s := newSuccessScreen(rep, cfg, false, newGlobalKeys())
		b.WriteString("✓ " + tx.SuccessTitle + "\n")
		for _, kv := range s.settings() {
			if kv[1] != "" {
				b.WriteString("  " + padRight(kv[0], 15) + kv[1] + "\n")
			}
		}
	case rep.Problem != nil:
		p := rep.Problem
		fmt.Fprintf(&b, "✗ %s: %s (%s)\n", p.SectionTitle, p.Title, fmt.Sprintf(tx.ProblemCodeFmt, p.Code))
	}
	fmt.Fprint(out, b.String())
}

// isTerminal reports whether f is a terminal; a reader or writer that is
// not a file (a test's buffer, a pipe) is not.
func isTerminal(f any) bool {
	file, ok := f.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	if osf, isFile := f.(*os.File); isFile && osf == nil {
		return false
	}
	return term.IsTerminal(file.Fd())
}
