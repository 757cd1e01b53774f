package steps

import (
	"context"
	"errors"
	"strings"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/i18n"
)

// Discover finds the EWS URL from the email address (the autodiscover step
// on its own, for the wizard's "Find my server" screen). onAttempt, when
// set, sees each attempt start and end, from any goroutine. The problem is
// nil when a URL was found; err is set only when ctx ended the discovery
// (the user interrupted).
func Discover(ctx context.Context, cfg Config, onAttempt func(autodiscover.Attempt)) (res autodiscover.Result, prob *Problem, err error) {
	res, err = autodiscover.Discover(ctx, cfg.discoverOptions(onAttempt))
	switch {
	case err == nil:
		return res, nil, nil
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled):
		return res, nil, ctx.Err()
	}
	return res, problemFrom(err, cfg), nil
}

// discoverOptions are the answers as discovery takes them.
func (c Config) discoverOptions(onAttempt func(autodiscover.Attempt)) autodiscover.Options {
	return autodiscover.Options{
		Credentials:   exchange.Credentials{Email: c.Email, Login: c.Username, Password: c.Password},
		Network:       c.Network,
		AllowRedirect: c.AllowRedirect,
		OnAttempt:     onAttempt,
	}
}

// DiscoveryFailed is the report of a run that ended at a discovery the
// wizard ran on its own: the autodiscover step failed with prob after
// took, and every later step was not run, noted as the runner notes it.
func DiscoveryFailed(cfg Config, res autodiscover.Result, prob *Problem, took time.Duration) Report {
	rep := Report{Autodiscover: &res, Server: res.Server, Suggestions: res.Suggestions, Proxy: cfg.proxyURL(), Lang: cfg.Lang}
	for _, id := range Order {
		r := Result{ID: id, Status: Skip, Note: i18n.T(cfg.Lang, "note.earlier-failed")}
		if id == Autodiscover {
			r = Result{ID: id, Status: Fail, Problem: prob, Duration: took}
		}
		rep.Steps = append(rep.Steps, r)
	}
	return rep
}

// discoveredURL reports whether the URL to check is the one a discovery of
// the wizard found (so the autodiscover step reports that discovery).
func (c Config) discoveredURL() bool {
	return c.Discovered != nil && c.Discovered.URL != "" && c.Discovered.URL == c.URL
}

// runAutodiscover finds the URL, or reports the wizard's discovery of it,
// and points the rest of the run at it.
func runAutodiscover(ctx context.Context, r *Runner) (outcome, error) {
	var res autodiscover.Result
	if r.cfg.discoveredURL() {
		res = *r.cfg.Discovered
	} else {
		var err error
		res, err = autodiscover.Discover(ctx, r.cfg.discoverOptions(nil))
		r.discovered = &res
		if err != nil {
			return outcome{}, err
		}
	}
	r.discovered = &res
	r.useDiscovered(res)
	out := outcome{summary: DiscoveredSummary(r.cfg.Lang, res), cut: res.URL}
	if res.Internal {
		out.warning = r.t("warning.internal-only")
	}
	return out, nil
}

// useDiscovered points the rest of the run at the URL found. After a
// redirectAddr the mailbox is the new address; the login stays the one
// the user typed, as autodiscover signed in with it.
func (r *Runner) useDiscovered(res autodiscover.Result) {
	r.cfg.URL = res.URL
	if res.Email != "" && !strings.EqualFold(res.Email, r.cfg.Email) {
		if r.cfg.Username == "" {
			r.cfg.Username = r.cfg.Email
		}
		r.cfg.Email = res.Email
	}
	r.session.Close()
	r.session = r.newSession()
}

// DiscoveredSummary is the autodiscover step's line in l: the URL and where it
// came from (the wizard's tests build the line of a discovery it ran with it).
func DiscoveredSummary(l i18n.Lang, res autodiscover.Result) string {
	data := map[string]any{"URL": res.URL, "From": exchange.DisplayHost(res.Source), "Method": string(res.Method)}
	switch {
	case res.Source != "" && res.Method != "":
		return i18n.T(l, "summary.autodiscover.from-method", data)
	case res.Source != "":
		return i18n.T(l, "summary.autodiscover.from", data)
	case res.Method != "":
		return i18n.T(l, "summary.autodiscover.method", data)
	}
	return res.URL
}
