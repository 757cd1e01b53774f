package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
	"ewsconnect/internal/buildinfo"
	"ewsconnect/steps"
	"ewsconnect/ui"
)

// runWizard is `ewsconnect [flags]`: the interactive wizard. Every flag
// answers its question; under --demo, flags win over a demo row's answers.
func runWizard(ctx context.Context, args []string, c console) int {
	p, exit := prepare("ewsconnect", wizardUsage, args, c, func(*options) error { return nil })
	if exit >= 0 {
		return exit
	}
	defer p.close()
	o := p.opts
	opts := ui.Options{
		Config: p.cfg,
		Lang:   p.lang,
		Given: ui.Given{
			URL: o.given["url"], Email: o.given["email"], Username: o.given["username"],
			Password: p.havePassword, TestRecipient: o.given["test-recipient"], NoSend: o.given["no-send"],
		},
		// ui.Run also chooses prompts where the full-screen wizard cannot
		// run: no terminal, or TERM=dumb.
		Accessible: o.accessible,
		ReportPath: o.reportFile,
		Version:    buildinfo.Current().Version,
	}
	if p.demo != nil {
		opts.Demo = p.demo.forWizard(p.lang, p.cfg.Network)
	}

	rep, err := ui.Run(ctx, opts, c.ui())
	code := exitStatus(rep)
	switch {
	case errors.Is(err, context.Canceled) || rep.Interrupted:
		return exitInterrupted // Ctrl+C: gone at once, window or not
	case err != nil:
		fmt.Fprintln(c.err, "ewsconnect:", i18n.ErrorIn(p.lang, err))
		code = exitProblem
	}
	if c.env.windowClosesOnExit != nil && c.env.windowClosesOnExit() {
		waitForEnter(ctx, c, p.lang)
	}
	return code
}

// waitForEnter keeps a window that closes with ewsconnect open until the
// user presses Enter (or Ctrl+C), so that the last lines can be read.
func waitForEnter(ctx context.Context, c console, lang i18n.Lang) {
	fmt.Fprint(c.err, "\n"+i18n.T(lang, "cli.press-enter"))
	read := make(chan struct{})
	go func() {
		c.in.ReadString('\n')
		close(read)
	}()
	select {
	case <-read:
	case <-ctx.Done():
	}
}

// forWizard is the demo's table and mailbox as the wizard shows them. A
// row that goes through a demo proxy brings base with that proxy, unless
// --proxy was given: flags win over a row's answers. The rows' texts are in
// lang, the language the wizard runs in.
func (d *demoServer) forWizard(lang i18n.Lang, base exchange.Network) *ui.Demo {
	var accounts []ui.DemoAccount
	for _, sc := range d.Scenarios(false) {
		acct := demoAccount(lang, sc)
		if sc.Proxy != "" && base.Proxy == nil {
			p, err := proxy.New(sc.Proxy, proxy.SourceDemoRow)
			if err != nil {
				continue // the simulator's own URL: cannot happen
			}
			n := base
			n.Proxy = p
			acct.Network = &n
		}
		accounts = append(accounts, acct)
	}
	return &ui.Demo{
		Accounts: accounts,
		Sent: func() []ui.DemoMessage {
			var out []ui.DemoMessage
			for _, m := range d.Sent() {
				out = append(out, ui.DemoMessage{From: m.From, Bcc: strings.Join(m.Bcc, ", "), Subject: m.Subject, Time: m.Time})
			}
			return out
		},
	}
}

// demoAccount is a scenario row with the address a user would type: the
// row's own URL where it is about the URL, none where the server is to be
// found from the email address, else the host's EWS address. Its About is
// in lang.
func demoAccount(lang i18n.Lang, sc exchangesim.Scenario) ui.DemoAccount {
	url := sc.URL
	if url == "" && !sc.Autodiscover {
		url = "https://" + sc.Host + "/EWS/Exchange.asmx"
	}
	// An autodiscover row's --allow-redirect is not carried over: the
	// wizard asks for that consent on screen, which is what the row shows.
	return ui.DemoAccount{Name: sc.Name, URL: url, Email: sc.Email, Username: sc.Username,
		Password: sc.Password, Expect: sc.Expect, About: demoAbout(lang, sc), Autodiscover: sc.Autodiscover,
		Warns: steps.WarningCodes[exchange.Code(sc.Expect)]}
}

// demoAbout is what a scenario row shows, as a trainer reads it, in lang
// (demo.about.<row>); in English it is the row's About, which stays
// English in demo-server's JSON.
func demoAbout(lang i18n.Lang, sc exchangesim.Scenario) string {
	return i18n.T(lang, "demo.about."+sc.Name)
}
