package ui

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/report"
	"ewsconnect/steps"
)

// Find my server as line prompts: each attempt printed as it ends, then
// the URL found and where from, with "Use it? [Y/n/u]"; a redirect to
// another domain asked as "[y/N]"; a problem printed as the checks print
// theirs, then the URL asked for with the article's way to find it.

// errQuit: the user chose to quit before any check ran.
var errQuit = errors.New("quit")

// askServer is the server step: found from the email address, or typed.
func (w *plainWizard) askServer() error {
	switch {
	case w.given.URL:
		return nil
	case w.typedURL:
		return w.askURL()
	}
	return w.findServer()
}

// findServer searches until a URL is used, typed, or the user quits.
func (w *plainWizard) findServer() error {
	for {
		res, prob, took, err := w.discover()
		if err != nil {
			return err
		}
		switch {
		case prob == nil && res.URL != "":
			return w.useFound(res)
		case res.Consent != nil:
			allow, err := w.askConsent(res)
			if err != nil {
				return err
			}
			if !allow {
				return w.askURL()
			}
			w.cfg.AllowRedirect = append(w.cfg.AllowRedirect, res.Consent.Domain)
			continue
		}
		if prob == nil {
			prob = notFoundProblem()
		}
		rep := steps.DiscoveryFailed(w.cfg, res, prob, took)
		w.lastFind = &rep
		w.printFindProblem(rep)
		if prob.Field == exchange.FieldURL {
			return w.askURL()
		}
		again, err := w.findMenu(rep)
		if err != nil || !again {
			return err
		}
	}
}

// discover runs one search, printing each attempt as it ends. The engine
// may call back from its own goroutines; nothing is printed after it
// returned.
func (w *plainWizard) discover() (autodiscover.Result, *steps.Problem, time.Duration, error) {
	fmt.Fprintf(w.ask, tx.PlainFindingFmt+"\n", w.cfg.Email)
	var mu sync.Mutex
	done := false
	began := time.Now()
	res, prob, err := w.deps.discover(w.ctx, w.cfg, func(a autodiscover.Attempt) {
		if a.Result == autodiscover.ResultRunning {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if !done {
			io.WriteString(w.ask, report.AttemptItem(tx.lang, a, "  "))
		}
	})
	mu.Lock()
	done = true
	mu.Unlock()
	if err == nil && w.ctx.Err() != nil {
		err = w.ctx.Err()
	}
	return res, prob, time.Since(began), err
}

// useFound says what was found and where from, and asks whether to use
// it: yes by default, n or u to type the URL instead.
func (w *plainWizard) useFound(res autodiscover.Result) error {
	fmt.Fprintf(w.ask, tx.PlainFoundFmt+"\n", exchange.RedactURL(res.URL))
	if from := sourceHost(res); from != "" {
		fmt.Fprintf(w.ask, tx.PlainFoundFromFmt+"\n", from, methodWords(res.Method, tx.MethodFoundBy))
	}
	if res.Internal {
		fmt.Fprintln(w.ask, "! "+tx.FoundInternal)
	}
	for {
		line, err := w.prompt(tx.PlainUseFound, false)
		if errors.Is(err, errNoInput) {
			line, err = "", nil
		}
		if err != nil {
			return err
		}
		switch a := strings.ToLower(strings.TrimSpace(line)); {
		case a == "", slices.Contains(tx.PlainYesWords, a):
			setURL(&w.cfg, res.URL)
			w.cfg.Discovered = &res
			w.typedURL = false
			return nil
		case a == "u", slices.Contains(tx.PlainNoWords, a):
			return w.askURL()
		}
	}
}

// askConsent explains a redirect to another domain and asks; no is the
// default, and the end of input is no.
func (w *plainWizard) askConsent(res autodiscover.Result) (bool, error) {
	c := res.Consent
	fmt.Fprintln(w.ask, "! "+tx.ConsentTitle)
	fmt.Fprintf(w.ask, tx.ConsentWhyFmt+"\n", emailDomain(w.cfg.Email), c.Domain)
	for _, kv := range [][2]string{
		{tx.ConsentDomain, c.Domain},
		{tx.ConsentURL, exchange.RedactURL(c.URL)},
		{tx.ConsentCert, firstNonEmpty(c.CertName, tx.ConsentNoCert)},
		{tx.ConsentFrom, exchange.RedactURL(c.From)},
	} {
		if kv[1] != "" {
			fmt.Fprintf(w.ask, "  %s%s\n", padRight(kv[0], 14), kv[1])
		}
	}
	fmt.Fprintln(w.ask, tx.ConsentAdvice)
	return w.confirm(fmt.Sprintf(tx.PlainAllowFmt, c.Domain), false)
}

// printFindProblem prints the problem as the checks print theirs (the
// attempts were printed as they ended).
func (w *plainWizard) printFindProblem(rep steps.Report) {
	fmt.Fprintln(w.out)
	printer := report.NewTextPrinter(w.out, w.cfg, true)
	shown := rep
	shown.Autodiscover = nil // the attempts are on screen already
	printer.Step(rep.Steps[0], shown)
}

// findMenu offers what may help after a discovery's problem that is not
// about the URL (a refused password, say): the problem's offers, typing
// the URL, quitting. It reports whether to search again.
func (w *plainWizard) findMenu(rep steps.Report) (bool, error) {
	var labels []string
	var msgs []any
	typeURL := false
	for _, o := range offersFor(rep, w.cfg, w.accepted) {
		if m, ok := o.msg.(editMsg); ok && m.target == editURL {
			typeURL = true
		}
		labels, msgs = append(labels, o.menuLine()), append(msgs, o.msg)
	}
	if !typeURL {
		labels, msgs = append(labels, tx.OfferURLYourselfMenu), append(msgs, editMsg{editURL})
	}
	labels, msgs = append(labels, tx.PlainActionQuit), append(msgs, quitMsg{})
	n, err := w.choose(labels)
	if errors.Is(err, errNoInput) {
		return false, errQuit
	}
	if err != nil {
		return false, err
	}
	switch m := msgs[n].(type) {
	case quitMsg:
		return false, errQuit
	case retryMsg:
		return true, nil
	case editMsg:
		if m.target == editURL {
			return false, w.askURL()
		}
		return true, w.apply(m)
	default:
		return true, w.apply(m)
	}
}
