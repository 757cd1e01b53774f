package steps

import (
	"context"
	"errors"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/i18n"
)

// Config is everything one run needs: the user's answers and how to reach
// the server.
type Config struct {
	URL           string
	Email         string
	Username      string // custom login such as CONTOSO\alice; empty = the email
	Password      string
	TestRecipient string // BCC of the test message; empty = the email
	NoSend        bool
	// SendFailed is how the test message failed in an earlier run with
	// these answers, when the user then chose to skip it (NoSend): the
	// skipped step carries it, so that the run is not called a working
	// connection.
	SendFailed *Problem
	Network    exchange.Network
	// AllowRedirect are the domains the user consented to send the
	// credentials to when autodiscover points there (--allow-redirect).
	AllowRedirect []string
	// Discovered is a discovery the wizard already ran for these answers:
	// when its URL is the one being checked, the autodiscover step reports
	// it instead of asking again.
	Discovered *autodiscover.Result
	// Lang is the language of the problems' words; empty means English.
	Lang i18n.Lang
}

// Recipient is where the test message goes.
func (c Config) Recipient() string {
	if c.TestRecipient != "" {
		return c.TestRecipient
	}
	return c.Email
}

// Runner runs the steps one at a time, so that a caller can show each one
// as it goes (the wizard's spinner) or run them all (check). It is not safe
// for concurrent use.
type Runner struct {
	cfg         Config
	session     *exchange.Session
	discovered  *autodiscover.Result // what the autodiscover step found or met
	results     []Result
	interrupted bool
	// what passing steps learned, for the report
	usedURL string // the EWS URL the url step accepted
	mailbox string
	login   string
	sentTo  string
}

// NewRunner prepares a run; nothing touches the network until Next.
func NewRunner(cfg Config) *Runner {
	r := &Runner{cfg: cfg}
	r.session = r.newSession()
	return r
}

// newSession prepares the checks of the configured URL.
func (r *Runner) newSession() *exchange.Session {
	creds := exchange.Credentials{Email: r.cfg.Email, Login: r.cfg.Username, Password: r.cfg.Password}
	return exchange.NewSession(r.cfg.URL, r.cfg.Network, creds).InLanguage(r.cfg.Lang)
}

// Done reports whether every step has a result.
func (r *Runner) Done() bool { return len(r.results) == len(Order) }

// Current is the step that Next will run, or "" when done.
func (r *Runner) Current() ID {
	if r.Done() {
		return ""
	}
	return Order[len(r.results)]
}

// Next runs the next step and returns its result. After a failure or an
// interruption, each remaining step returns at once as skipped.
func (r *Runner) Next(ctx context.Context) Result {
	id := r.Current()
	if id == "" {
		return Result{}
	}
	res := Result{ID: id}
	switch {
	case r.interrupted:
		res.Status, res.Note = Skip, r.t("note.interrupted")
	case r.failed():
		res.Status, res.Note = Skip, r.t("note.earlier-failed")
	case id == Autodiscover && r.cfg.URL != "" && !r.cfg.discoveredURL():
		res.Status, res.Note = Skip, r.t("note.url-given")
	case id == Send && r.cfg.NoSend && r.cfg.SendFailed != nil:
		res.Status, res.Problem = Skip, r.cfg.SendFailed
		res.Note = r.t("note.send-skipped-after-failure", map[string]any{"Code": r.cfg.SendFailed.Code})
	case id == Send && r.cfg.NoSend:
		res.Status, res.Note = Skip, r.t("note.send-skipped")
	default:
		start := time.Now()
		out, err := runners[id](ctx, r)
		res.Duration = time.Since(start)
		switch {
		case err != nil && ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled):
			r.interrupted = true
			res.Status, res.Note = Skip, r.t("note.interrupted-here")
		case err != nil:
			res.Status, res.Problem = Fail, problemFrom(err, r.cfg)
		case len(out.problems) > 0:
			res.Status, res.Summary = Warn, exchange.Sanitize(out.summary)
			for _, p := range out.problems {
				res.Warnings = append(res.Warnings, problemFrom(p, r.cfg))
			}
			res.Problem, res.Note = res.Warnings[0], res.Warnings[0].Title
		case out.warning != "":
			res.Status, res.Summary, res.Note = Warn, exchange.Sanitize(out.summary), out.warning
			res.Cut = exchange.Sanitize(out.cut)
		default:
			// Summaries repeat server text (certificate names, the
			// mailbox's display name): sanitised like any evidence.
			res.Status, res.Summary = Pass, exchange.Sanitize(out.summary)
			res.Cut = exchange.Sanitize(out.cut)
		}
	}
	r.results = append(r.results, res)
	if r.Done() {
		r.session.Close()
	}
	return res
}

// RunAll runs every remaining step, calling onResult (if not nil) after each.
func (r *Runner) RunAll(ctx context.Context, onResult func(Result)) Report {
	for !r.Done() {
		res := r.Next(ctx)
		if onResult != nil {
			onResult(res)
		}
	}
	return r.Report()
}

// Close releases the connection of an unfinished run.
func (r *Runner) Close() { r.session.Close() }

func (r *Runner) failed() bool {
	for _, res := range r.results {
		if res.Status == Fail {
			return true
		}
	}
	return false
}

// Report is what the run found so far.
func (r *Runner) Report() Report {
	server, sugg := r.session.Server(), r.session.Suggestions()
	if r.discovered != nil && r.usedURL == "" {
		// The run ended at autodiscover: what its servers taught is all
		// there is.
		server, sugg = r.discovered.Server, r.discovered.Suggestions
	}
	return Report{
		URL:          firstNonEmpty(r.usedURL, exchange.RedactURL(r.cfg.URL)),
		Steps:        append([]Result(nil), r.results...),
		Autodiscover: r.discovered,
		Server:       server,
		Suggestions:  sugg,
		Interrupted:  r.interrupted,
		Login:        r.login,
		Mailbox:      r.mailbox,
		SentTo:       r.sentTo,
		Proxy:        r.cfg.proxyURL(),
		Lang:         r.cfg.Lang,
	}
}

// proxyURL is the chosen proxy's URL for the report, "" when none.
func (c Config) proxyURL() string {
	if p := c.Network.Proxy; p != nil {
		return p.URL()
	}
	return ""
}
