package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
	"ewsconnect/report"
	"ewsconnect/steps"
)

// The plain mode is the wizard's flow as line prompts, for screen readers
// (--accessible), dumb terminals and pipes: one question a line, answers
// read a line at a time from the one reader of standard input, the steps
// printed as they finish (by the same printer as `check`), and a numbered
// menu of the same offers as the problem and success screens. Questions go
// to the terminal, results to standard output. No escape sequences are
// written.
//
// huh's accessible mode was the first choice, but it builds a new
// bufio.Scanner for every prompt (in a pipe the first one swallows the
// answers meant for the next prompts), refuses to read a password when
// stdin is not a terminal, and cannot be interrupted by ctx; these prompts
// share one reader and read inside a goroutine so ctx cancels them.

type plainWizard struct {
	ctx      context.Context
	opts     Options
	deps     deps
	in       *bufio.Reader
	tty      *os.File  // standard input when it is a terminal: passwords are read unseen
	ask      io.Writer // questions
	out      io.Writer // results
	cfg      steps.Config
	given    Given
	accepted map[string]bool
	typedURL bool          // the URL was typed (or given), not found: the server step asks for it
	lastFind *steps.Report // the last discovery that ended with a problem: the run, when no check follows
}

func runPlain(ctx context.Context, opts Options, c Console, d deps) (steps.Report, error) {
	w := &plainWizard{
		ctx: ctx, opts: opts, deps: d, in: c.In,
		ask: c.prompts(), out: c.Out,
		cfg: opts.Config, given: opts.Given, accepted: map[string]bool{},
		typedURL: opts.Config.URL != "",
	}
	if c.interactive() {
		w.tty = c.InFile
	}
	rep, ran, err := w.run()
	switch {
	case ctx.Err() != nil:
		rep.Interrupted = true
		fmt.Fprintln(w.ask, "\n"+tx.Interrupted)
		err = context.Canceled
	case errors.Is(err, errNoInput):
		fmt.Fprintln(w.ask, tx.PlainEOF)
		err = nil
	case errors.Is(err, errQuit):
		err = nil
	}
	if ran {
		if werr := writeReportFile(opts.ReportPath, rep, w.cfg, w.out); werr != nil && err == nil {
			err = werr
		}
	}
	return rep, err
}

// run asks the questions, checks, and offers what to do next until the
// user quits or the input ends.
func (w *plainWizard) run() (rep steps.Report, ran bool, err error) {
	fmt.Fprintln(w.ask, tx.PlainIntro)
	fmt.Fprintln(w.ask)
	picked, err := w.pickDemo()
	if err == nil && !picked {
		err = w.askAll()
	} else if err == nil && w.cfg.URL == "" {
		err = w.askServer() // a demo row about autodiscover: the server is found
	}
	if errors.Is(err, errQuit) && w.lastFind != nil {
		return *w.lastFind, true, nil
	}
	if err != nil {
		return rep, false, err
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

func (w *plainWizard) askAll() error {
	for _, ask := range []func() error{w.askSignIn, w.askServer, w.askTestMessage} {
		if err := ask(); err != nil {
			return err
		}
	}
	return nil
}

// pickDemo lets a trainer choose a demo account by number or name, with
// the list printed on request only. A chosen account answers every
// question (flags still win), so the checks start at once.
func (w *plainWizard) pickDemo() (bool, error) {
	if w.opts.Demo == nil || len(w.opts.Demo.Accounts) == 0 {
		return false, nil
	}
	accts := w.opts.Demo.Accounts
	fmt.Fprintln(w.ask, tx.n("ui.plain.demo-intro", len(accts)))
	for {
		line, err := w.prompt(fmt.Sprintf(tx.PlainDemoPromptFmt, len(accts)), false)
		if errors.Is(err, errNoInput) {
			return false, err
		}
		if err != nil {
			return false, err
		}
		choice := strings.TrimSpace(line)
		switch strings.ToLower(choice) {
		case "":
			return false, nil
		case "l", "list", "?":
			for i, a := range accts {
				fmt.Fprintf(w.ask, "  %2d. %-28s %s\n", i+1, a.Name, demoExpect(a))
			}
			continue
		}
		for i, a := range accts {
			if choice == strconv.Itoa(i+1) || strings.EqualFold(choice, a.Name) {
				w.typedURL = useDemoAccount(&w.cfg, a, w.given, w.opts.Config.Network)
				fmt.Fprintf(w.ask, tx.PlainDemoChosenFmt+"\n", a.Name, a.About)
				return true, nil
			}
		}
		fmt.Fprintln(w.ask, tx.PlainInvalidChoice)
	}
}

func (w *plainWizard) askURL() error {
	if w.given.URL {
		return nil
	}
	fmt.Fprintln(w.ask, tx.ServerFind[0])
	def := w.cfg.URL
	if exchange.HasPassword(def) {
		def = "" // never offered back: it would print the password
	}
	for {
		v, err := w.question(tx.PlainPromptURL, def, false)
		if err != nil {
			return err
		}
		f := w.deps.checkURL(w.cfg.Lang, v)
		if f.Use != "" {
			if f.Use != v {
				fmt.Fprintf(w.ask, tx.ServerWillUseFmt+"\n", f.Use)
			}
			setURL(&w.cfg, f.Use)
			w.typedURL = true
			return nil
		}
		p := f.Problem
		if f.Email {
			fmt.Fprintln(w.ask, tx.ServerIsEmail)
		} else {
			fmt.Fprintf(w.ask, "%s (%s)\n", p.Title, fmt.Sprintf(tx.ProblemCodeFmt, p.Code))
		}
		if f.Suggestion != "" {
			use, err := w.confirm(fmt.Sprintf(tx.PlainUseSuggestionFmt, f.Suggestion), true)
			if err != nil {
				return err
			}
			if use {
				setURL(&w.cfg, f.Suggestion)
				w.typedURL = true
				return nil
			}
		} else if len(p.Fix) > 0 && !f.Email {
			fmt.Fprintln(w.ask, p.Fix[0].Text)
		}
		def = ""
	}
}

func (w *plainWizard) askSignIn() error {
	if !w.given.Email {
		email, err := w.question(tx.PlainPromptEmail, w.cfg.Email, false)
		if err != nil {
			return err
		}
		if !strings.EqualFold(email, w.cfg.Email) {
			// another domain to search: a URL found for the old one goes
			if !w.typedURL {
				w.cfg.URL = ""
			}
			w.cfg.Discovered = nil
		}
		w.cfg.Email = email
	}
	if !w.given.Password {
		if err := w.askPassword(); err != nil {
			return err
		}
	}
	// Email and password both given skip the sign-in questions, the custom
	// login's too, as the full-screen wizard skips its sign-in screen; a
	// refused sign-in still offers to change the login.
	if !w.given.Username && !(w.given.Email && w.given.Password) {
		return w.askLogin(false)
	}
	return nil
}

func (w *plainWizard) askPassword() error {
	prompt := tx.PlainPromptPassword
	if w.tty != nil {
		prompt += " " + tx.PlainPasswordEcho
	}
	p, err := w.question(prompt, "", true)
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
	v, err := w.question(tx.PlainPromptLogin, w.cfg.Username, false)
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
		w.cfg.TestRecipient, err = w.question(tx.PlainPromptRecipient, w.cfg.Recipient(), false)
	}
	return err
}

// askCAFile reads a company root certificate's file for the next check.
func (w *plainWizard) askCAFile() error {
	fmt.Fprintln(w.ask, tx.CAFileIntro)
	for {
		path, err := w.question(tx.CAFileLabel, "", false)
		if err != nil {
			return err
		}
		pool, err := exchange.AddRootCAs(w.cfg.Network.RootCAs, strings.Trim(path, `"'`))
		if err == nil {
			w.cfg.Network.RootCAs = pool
			return nil
		}
		fmt.Fprintln(w.ask, exchange.Sanitize(i18n.ErrorIn(w.cfg.Lang, err)))
	}
}

// check runs every step, printing each as it finishes with the printer of
// `check`, then the outcome.
func (w *plainWizard) check() (steps.Report, error) {
	r := w.deps.newRunner(w.cfg)
	fmt.Fprintln(w.out)
	printer := report.NewTextPrinter(w.out, w.cfg, true)
	fmt.Fprintln(w.out, tx.PlainRunning)
	for !r.Done() {
		res := r.Next(w.ctx)
		if w.ctx.Err() != nil {
			r.Close()
			return r.Report(), w.ctx.Err()
		}
		printer.Step(res, r.Report())
	}
	rep := r.Report()
	learnFrom(rep, &w.cfg, w.accepted)
	switch rep.Outcome() {
	case steps.OutcomeConnected, steps.OutcomeConnectedNoSend:
		fmt.Fprintln(w.out)
		fmt.Fprintln(w.out, outcomeTitle(rep))
		if p := rep.SkippedProblem(); p != nil {
			fmt.Fprintf(w.out, tx.PartialIntroFmt+"\n", p.Title, p.Code)
		}
		for _, kv := range settings(rep, w.cfg) {
			if kv[1] != "" {
				fmt.Fprintf(w.out, "  %s%s\n", padRight(kv[0], 15), kv[1])
			}
		}
		w.printDemoMessages()
	default:
		printer.End(rep)
	}
	fmt.Fprintln(w.out)
	return rep, nil
}

func (w *plainWizard) printDemoMessages() {
	if w.opts.Demo == nil || w.opts.Demo.Sent == nil {
		return
	}
	fmt.Fprintln(w.out)
	fmt.Fprintln(w.out, tx.DemoSentHeading+":")
	msgs := w.opts.Demo.Sent()
	if len(msgs) == 0 {
		fmt.Fprintln(w.out, "  "+tx.DemoSentNone)
	}
	for _, m := range msgs {
		fmt.Fprintln(w.out, "  "+fmt.Sprintf(tx.DemoSentRowFmt, m.Time.Format("15:04:05"), m.From, m.Bcc, m.Subject))
	}
}

// plainChoice is one entry of the "what next?" menu; do says what
// follows: the menu again, a new check, or the end.
type plainChoice struct {
	label string
	do    func() (plainNext, error)
}

type plainNext int

const (
	stayInMenu plainNext = iota
	checkAgain
	quitWizard
)

// next offers the outcome's choices and does the chosen one. It reports
// whether to check again.
func (w *plainWizard) next(rep steps.Report) (bool, error) {
	for {
		choices := w.choices(rep)
		labels := make([]string, len(choices))
		for i, c := range choices {
			labels[i] = c.label
		}
		n, err := w.choose(labels)
		if errors.Is(err, errNoInput) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		then, err := choices[n].do()
		if err != nil || then != stayInMenu {
			return then == checkAgain, err
		}
	}
}

// choose lists labels as numbered choices and reads one, asking again
// after anything else; it returns the chosen index, or errNoInput when the
// input ended.
func (w *plainWizard) choose(labels []string) (int, error) {
	for {
		fmt.Fprintln(w.ask, tx.PlainChoose)
		for i, l := range labels {
			fmt.Fprintf(w.ask, "  %d. %s\n", i+1, l)
		}
		line, err := w.prompt(fmt.Sprintf(tx.PlainChooseFmt, len(labels)), false)
		if err != nil {
			return 0, err
		}
		n, convErr := strconv.Atoi(strings.TrimSpace(line))
		if convErr == nil && n >= 1 && n <= len(labels) {
			return n - 1, nil
		}
		fmt.Fprintln(w.ask, tx.PlainInvalidChoice)
	}
}

// choices are the outcome's offers (as the screens have them), then
// another account, the report and quitting.
func (w *plainWizard) choices(rep steps.Report) []plainChoice {
	var out []plainChoice
	add := func(label string, do func() (plainNext, error)) { out = append(out, plainChoice{label, do}) }
	for _, o := range offersFor(rep, w.cfg, w.accepted) {
		msg := o.msg
		add(o.menuLine(), func() (plainNext, error) { return checkAgain, w.apply(msg) })
	}
	if o := rep.Outcome(); o == steps.OutcomeConnected || o == steps.OutcomeConnectedNoSend {
		add(tx.PlainActionAnother, func() (plainNext, error) {
			w.given = Given{}
			w.cfg.Password, w.cfg.TestRecipient, w.cfg.SendFailed = "", "", nil
			return checkAgain, w.askAll()
		})
	}
	add(tx.PlainActionSave, func() (plainNext, error) {
		msg := saveReportCmd(rep, w.cfg, w.opts.ReportPath, w.deps.saveDirs())().(reportSavedMsg)
		if msg.err != nil {
			fmt.Fprintf(w.ask, tx.ReportSaveFailedFmt+"\n", msg.err)
		} else {
			fmt.Fprintf(w.ask, tx.ReportSavedFmt+"\n", msg.path)
		}
		return stayInMenu, nil
	})
	add(tx.PlainActionShow, func() (plainNext, error) {
		fmt.Fprintln(w.out, reportMarkdown(rep, w.cfg, time.Now()))
		return stayInMenu, nil
	})
	add(tx.PlainActionQuit, func() (plainNext, error) { return quitWizard, nil })
	return out
}

// apply does what an offer's message asks: the edits ask for the new
// answer; the rest is applyOffer, as in the wizard.
func (w *plainWizard) apply(msg any) error {
	switch m := msg.(type) {
	case editMsg:
		switch m.target {
		case editURL:
			w.given.URL = false
			return w.askURL()
		case editPassword:
			return w.askPassword()
		case editLogin:
			return w.askLogin(true)
		case editRecipient:
			w.given.TestRecipient, w.given.NoSend = false, false
			return w.askTestMessage()
		case editCAFile:
			return w.askCAFile()
		}
	default:
		applyOffer(&w.cfg, msg)
	}
	return nil
}
