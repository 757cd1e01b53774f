package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"ewsconnect/i18n"
	"ewsconnect/report"
	"ewsconnect/steps"
	"ewsconnect/ui"
)

// runCheck is `ewsconnect check`: every step without the wizard, as text or
// JSON, with the contract's exit status.
func runCheck(ctx context.Context, args []string, c console) int {
	p, exit := prepare("check", checkUsage, args, c, func(o *options) error {
		if o.email == "" {
			return i18n.NewError("usage.error.check-email")
		}
		return nil
	})
	if exit >= 0 {
		return exit
	}
	defer p.close()
	o, cfg, lang := p.opts, p.cfg, p.lang
	if !p.havePassword {
		// On a terminal, ask as gh does: unseen, on the terminal, not in
		// stdout (which may be a pipe to jq).
		pw, err := ui.AskPassword(ctx, c.ui(), i18n.T(lang, "cli.password-prompt", i18n.Data{"Email": cfg.Email}))
		switch {
		case errors.Is(err, ui.ErrNotATerminal):
			return usageError(c, lang, "check", i18n.NewError("usage.error.no-password"))
		case ctx.Err() != nil:
			return exitInterrupted
		case err != nil:
			return usageError(c, lang, "check", err)
		case pw == "":
			return usageError(c, lang, "check", i18n.NewError("usage.error.no-password-typed"))
		}
		cfg.Password = pw
	}
	runner := steps.NewRunner(cfg)
	defer runner.Close()
	var rep steps.Report
	if o.json {
		rep = runner.RunAll(ctx, nil)
		if err := report.WriteJSON(c.out, rep); err != nil {
			fmt.Fprintln(c.err, "ewsconnect:", err)
		}
	} else {
		// Stream the text report a step at a time, so a slow step shows
		// where the time goes.
		printer := report.NewTextPrinter(c.out, cfg, false)
		rep = runner.RunAll(ctx, func(res steps.Result) {
			printer.Step(res, runner.Report())
		})
		printer.End(rep)
	}
	if o.reportFile != "" {
		cfg.Password = ""
		if err := report.WriteFile(o.reportFile, report.Markdown(rep, cfg, time.Now())); err != nil {
			fmt.Fprintln(c.err, "ewsconnect:", i18n.T(lang, "cli.report-failed", i18n.Data{"Err": err}))
		}
	}
	return exitStatus(rep)
}

// exitStatus maps a report to the contract's exit status.
func exitStatus(rep steps.Report) int {
	switch rep.Outcome() {
	case steps.OutcomeInterrupted:
		return exitInterrupted
	case steps.OutcomeConnected:
		return exitOK
	}
	return exitProblem
}
