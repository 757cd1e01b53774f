package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/report"
	"ewsconnect/steps"
)

// runCheck is `ewsconnect check`: every step without the wizard, as text or
// JSON, with the contract's exit status.
func runCheck(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	p, exit := prepare("check", args, stdin, stderr, func(o *options) error {
		if o.url == "" || o.email == "" {
			return errors.New("check needs --url and --email")
		}
		return nil
	})
	if exit >= 0 {
		return exit
	}
	defer p.close()
	if !p.havePassword {
		return usageError(stderr, errors.New("no password: use --password-stdin or set EWSCONNECT_PASSWORD"))
	}
	o, cfg := p.opts, p.cfg
	runner := steps.NewRunner(cfg)
	defer runner.Close()
	var rep steps.Report
	if o.json {
		rep = runner.RunAll(ctx, nil)
		if err := report.WriteJSON(stdout, rep); err != nil {
			fmt.Fprintln(stderr, "ewsconnect:", err)
		}
	} else {
		// Stream the text report a step at a time, so a slow step shows
		// where the time goes.
		fmt.Fprint(stdout, report.Header(exchange.RedactURL(cfg.URL)))
		rep = runner.RunAll(ctx, func(res steps.Result) {
			fmt.Fprint(stdout, report.StepLine(res, runner.Report().Suggestions))
		})
		fmt.Fprint(stdout, report.Footer(rep))
	}
	if o.reportFile != "" {
		if err := os.WriteFile(o.reportFile, []byte(report.Markdown(rep, cfg, time.Now())), 0o600); err != nil {
			fmt.Fprintln(stderr, "ewsconnect: writing the report:", err)
		}
	}
	return exitStatus(rep)
}

// exitStatus maps a report to the contract's exit status.
func exitStatus(rep steps.Report) int {
	switch {
	case rep.Interrupted:
		return exitInterrupted
	case rep.OK:
		return exitOK
	}
	return exitProblem
}
