package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/report"
	"ewsconnect/steps"
)

// The plain mode is the wizard's flow as line prompts, for screen readers
// (--accessible) and for pipes: one question a line, answers read a line at
// a time, the steps printed as they finish, the problem and its fix in
// plain text, and a numbered menu of the same actions as the problem and
// success screens. No escape sequences are written.
//
// huh's accessible mode was the first choice, but it builds a new
// bufio.Scanner for every prompt (in a pipe the first one swallows the
// answers meant for the next prompts), refuses to read a password when
// stdin is not a terminal, and cannot be interrupted by ctx; these prompts
// share one reader and read inside a goroutine so ctx cancels them.

type plainWizard struct {
	ctx   context.Context
	opts  Options
	deps  deps
	in    *bufio.Reader
	fd    uintptr // the input's terminal, for reading passwords unseen
	tty   bool
	out   io.Writer
	cfg   steps.Config
	given Given
}

func runPlain(ctx context.Context, opts Options, in io.Reader, out io.Writer, d deps) (steps.Report, error) {
	w := &plainWizard{
		ctx: ctx, opts: opts, deps: d, out: out,
		in:  bufio.NewReader(in),
		cfg: opts.Config, given: opts.Given,
	}
	if f, ok := in.(interface{ Fd() uintptr }); ok && isTerminal(in) {
		w.fd, w.tty = f.Fd(), true
	}
	rep, ran, err := w.run()
	switch {
	case ctx.Err() != nil:
		rep.Interrupted = true
		w.println(tx.Interrupted)
		err = context.Canceled
	case errors.Is(err, errNoInput):
		w.println(tx.PlainEOF)
		err = nil
	}
	if ran {
		if werr := writeReportFile(opts.ReportPath, rep, w.cfg, out); werr != nil && err == nil {
			err = werr
		}
	}
	return rep, err
}

// run asks the questions, checks, and offers what to do next until the
// user quits or the input ends.
func (w *plainWizard) run() (rep steps.Report, ran bool, err error) {
	w.intro()
	for _, ask := range []func() error{w.askURL, w.askSignIn, w.askTestMessage} {
		if err := ask(); err != nil {
			return rep, false, err
		}
	}
	for {
		rep, err = w.check()
		ran = true
		if err != nil {
			return rep, ran, err
		}
		again, err := w.next(rep)
		if err != nil || !again {
			return rep, ran, err
		}
	}
}

func (w *plainWizard) println(a ...any) { fmt.Fprintln(w.out, a...) }

func (w *plainWizard) printf(format string, a ...any) { fmt.Fprintf(w.out, format, a...) }

func (w *plainWizard) intro() {
	w.println(tx.PlainIntro)
	w.println()
	if w.opts.Demo != nil {
		w.println(tx.PlainDemoIntro)
		for _, a := range w.opts.Demo.Accounts {
			fields := []string{a.URL, a.Email}
			if a.Username != "" {
				fields = append(fields, tx.LoginLabel+" "+a.Username)
			}
			fields = append(fields, tx.DemoColumns[2]+" "+a.Password)
			w.printf("  %s → %s: %s\n", a.Name, demoExpect(a), strings.Join(nonEmpty(fields), ", "))
		}
		w.println()
	}
}

func (w *plainWizard) askURL() error {
	if w.given.URL {
		return nil
	}
	w.println(tx.ServerFind[0])
	for {
		v, err := w.ask(tx.PlainPromptURL, w.cfg.URL, false)
		if err != nil {
			return err
		}
		p, sugg := w.deps.checkURL(v)
		if p == nil || p.Section != steps.SectionInvalidURL {
			w.cfg.URL = v
			return nil
		}
		w.printf("%s (%s)\n", p.Title, fmt.Sprintf(tx.ProblemCodeFmt, p.Code))
		if sugg != "" {
			use, err := w.confirm(fmt.Sprintf(tx.PlainUseSuggestionFmt, sugg), true)
			if err != nil {
				return err
			}
			if use {
				w.cfg.URL = sugg
				return nil
			}
		} else if len(p.Fix) > 0 {
			w.println(p.Fix[0])
		}
		w.cfg.URL = ""
	}
}

func (w *plainWizard) askSignIn() error {
	var err error
	if !w.given.Email {
		if w.cfg.Email, err = w.ask(tx.PlainPromptEmail, w.cfg.Email, false); err != nil {
			return err
		}
	}
	if !w.given.Password {
		if err := w.askPassword(); err != nil {
			return err
		}
	}
	if !w.given.Username {
		return w.askLogin(false)
	}
	return nil
}

func (w *plainWizard) askPassword() error {
	prompt := tx.PlainPromptPassword
	if w.tty {
		prompt += " " + tx.PlainPasswordEcho
	}
	p, err := w.ask(prompt, "", true)
	if err != nil {
		return err
	}
	w.cfg.Password = p
	return nil
}

// askLogin asks whether a custom login is needed (skipped when forced).
func (w *plainWizard) askLogin(force bool) error {
	if !force {
		need, err := w.confirm(tx.PlainPromptCustomLogin, w.cfg.Username != "")
		if err != nil {
			return err
		}
		if !need {
			w.cfg.Username = ""
			return nil
		}
	}
	v, err := w.ask(tx.PlainPromptLogin, w.cfg.Username, false)
	w.cfg.Username = v
	return err
}

func (w *plainWizard) askTestMessage() error {
	if w.given.TestRecipient || w.given.NoSend {
		return nil
	}
	send, err := w.confirm(tx.PlainPromptSend, !w.cfg.NoSend)
	if err != nil {
		return err
	}
	w.cfg.NoSend = !send
	if send {
		w.cfg.TestRecipient, err = w.ask(tx.PlainPromptRecipient, w.cfg.Recipient(), false)
	}
	return err
}

// check runs every step, printing each as it finishes (the same lines as
// `ewsconnect check`).
func (w *plainWizard) check() (steps.Report, error) {
	r := w.deps.newRunner(w.cfg)
	w.println()
	w.println(report.Header(w.cfg.URL) + tx.PlainRunning)
	for !r.Done() {
		res := r.Next(w.ctx)
		if w.ctx.Err() != nil {
			r.Close()
			rep := r.Report()
			return rep, w.ctx.Err()
		}
		w.printf("%s", report.StepLine(res, exchange.Suggestions{}))
	}
	rep := r.Report()
	if rep.OK {
		w.println()
		w.println("✓ " + tx.SuccessTitle)
		for _, kv := range newSuccessScreen(rep, w.cfg, false, newGlobalKeys()).settings() {
			if kv[1] != "" {
				w.printf("  %s%s\n", padRight(kv[0], 15), kv[1])
			}
		}
		w.printDemoMessages()
	}
	w.println()
	return rep, nil
}

func (w *plainWizard) printDemoMessages() {
	if w.opts.Demo == nil || w.opts.Demo.Sent == nil {
		return
	}
	w.println()
	w.println(tx.DemoSentHeading + ":")
	msgs := w.opts.Demo.Sent()
	if len(msgs) == 0 {
		w.println("  " + tx.DemoSentNone)
	}
	for _, m := range msgs {
		w.println("  " + fmt.Sprintf(tx.DemoSentRowFmt, m.Time.Format("15:04:05"), m.From, m.Bcc, m.Subject))
	}
}

// plainAction is one entry of the "what next?" menu. do says what
// follows: the menu again, a new check, or the end.
type plainAction struct {
	label string
	do    func() (plainNext, error)
}

type plainNext int

const (
	stayInMenu plainNext = iota
	checkAgain
	quitWizard
)

// next offers the actions of the problem or success screen and does the
// chosen one. It reports whether to check again.
func (w *plainWizard) next(rep steps.Report) (bool, error) {
	for {
		actions := w.actions(rep)
		w.println(tx.PlainChoose)
		for i, a := range actions {
			w.printf("  %d. %s\n", i+1, a.label)
		}
		w.printf(tx.PlainChooseFmt+": ", len(actions))
		line, err := w.readLine(false)
		if errors.Is(err, errNoInput) {
			w.println()
			return false, nil
		}
		if err != nil {
			return false, err
		}
		n, convErr := strconv.Atoi(strings.TrimSpace(line))
		if convErr != nil || n < 1 || n > len(actions) {
			w.println(tx.PlainInvalidChoice)
			continue
		}
		then, err := actions[n-1].do()
		if err != nil || then != stayInMenu {
			return then == checkAgain, err
		}
	}
}

func (w *plainWizard) actions(rep steps.Report) []plainAction {
	var acts []plainAction
	add := func(label string, do func() (plainNext, error)) { acts = append(acts, plainAction{label, do}) }
	// retryAfter changes an answer with f, then checks again.
	retryAfter := func(f func() error) func() (plainNext, error) {
		return func() (plainNext, error) { return checkAgain, f() }
	}
	if !rep.OK && rep.Problem != nil {
		if u := rep.Suggestions.Username; u != "" && !strings.EqualFold(u, w.cfg.Username) {
			add(fmt.Sprintf(tx.PlainActionUseLoginFmt, u), retryAfter(func() error { w.cfg.Username = u; return nil }))
		}
		if u := rep.Suggestions.URL; u != "" && u != w.cfg.URL {
			add(fmt.Sprintf(tx.PlainActionUseURLFmt, u), retryAfter(func() error { w.cfg.URL = u; return nil }))
		}
		switch editTargetFor(rep.Problem) {
		case editURL:
			add(tx.PlainActionEditURL, retryAfter(func() error { w.given.URL = false; return w.askURL() }))
		case editPassword:
			add(tx.PlainActionEditSignIn, retryAfter(func() error {
				w.given.Email, w.given.Password = false, false
				var err error
				if w.cfg.Email, err = w.ask(tx.PlainPromptEmail, w.cfg.Email, false); err != nil {
					return err
				}
				return w.askPassword()
			}))
		case editLogin:
			add(tx.PlainActionEditLogin, retryAfter(func() error { return w.askLogin(true) }))
		case editRecipient:
			add(tx.PlainActionEditTest, retryAfter(func() error { w.given.TestRecipient, w.given.NoSend = false, false; return w.askTestMessage() }))
		}
		add(tx.PlainActionRetry, retryAfter(func() error { return nil }))
	}
	if rep.OK {
		add(tx.PlainActionAnother, retryAfter(func() error {
			w.given = Given{}
			for _, ask := range []func() error{w.askURL, w.askSignIn, w.askTestMessage} {
				if err := ask(); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	add(tx.PlainActionSave, func() (plainNext, error) {
		msg := saveReportCmd(rep, w.cfg, w.opts.ReportPath)().(reportSavedMsg)
		if msg.err != nil {
			w.printf(tx.ReportSaveFailedFmt+"\n", msg.err)
		} else {
			w.printf(tx.ReportSavedFmt+"\n", msg.path)
		}
		return stayInMenu, nil
	})
	add(tx.PlainActionShow, func() (plainNext, error) {
		w.println(reportMarkdown(rep, w.cfg, time.Now()))
		return stayInMenu, nil
	})
	add(tx.PlainActionQuit, func() (plainNext, error) { return quitWizard, nil })
	return acts
}
