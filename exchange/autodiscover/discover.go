package autodiscover

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// The limits of the contract: redirects of any kind in all, and
// redirectAddr hops among them.
const (
	maxRedirects = 10
	maxAddrHops  = 2
)

// Discover finds the EWS URL for opts.Credentials.Email. The error is an
// *exchange.Problem (autodiscover-*, auth-failed, auth-basic-disabled for
// Exchange Online, ...) or the context's error when interrupted; Result
// holds the attempts either way, and what the sign-in taught.
func Discover(ctx context.Context, opts Options) (Result, error) {
	email := strings.TrimSpace(opts.Credentials.Email)
	r := &run{
		opts:    opts,
		creds:   opts.Credentials,
		rec:     newRecorder(opts.OnAttempt),
		allow:   map[string]bool{},
		visited: map[string]bool{},
		addrs:   map[string]bool{strings.ToLower(email): true},
		res:     Result{Email: email},
	}
	r.creds.Email = email
	for _, d := range opts.AllowRedirect {
		d = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(d), "."))
		if d != "" {
			r.allow[d] = true
			r.allow[registrable(d)] = true
		}
	}
	err := r.discover(ctx, email)
	r.rec.stopAll(i18n.M("seen.autodiscover.discovery-ended"))
	r.res.Attempts = r.rec.attempts()
	if errors.Is(err, errNotFound) {
		err = r.notFound()
	}
	if err != nil {
		r.res.URL, r.res.Method, r.res.Source, r.res.Internal = "", "", "", false
	}
	return r.res, err
}

// errNotFound ends a discovery in which no method found a URL; Discover
// turns it into autodiscover-not-found with the summary.
var errNotFound = errors.New("autodiscover: not found")

// errGoOn is a candidate that did not give a URL: discovery goes on with
// the next one.
var errGoOn = errors.New("autodiscover: next candidate")

// hopTo is a redirectAddr answer: discovery starts again for addr.
type hopTo struct {
	addr, from string
}

func (h *hopTo) Error() string { return "autodiscover: redirectAddr to " + h.addr }

// run is one Discover call. Its fields belong to the goroutine that called
// Discover; the probes' goroutines only report through their slots.
type run struct {
	opts    Options
	creds   exchange.Credentials
	rec     *recorder
	home    string          // the registrable domain of the original address
	allow   map[string]bool // consented registrable domains
	visited map[string]bool // autodiscover URLs tried, normalised
	addrs   map[string]bool // addresses discovered for
	res     Result

	redirects int // redirects followed, of every kind
	addrHops  int // redirectAddr hops among them
	// windowsOffered is set once any candidate offered NTLM or Negotiate:
	// from then on, Basic to a redirected host would be a downgrade.
	windowsOffered bool
}

// discover runs a round for email and then one per redirectAddr hop.
func (r *run) discover(ctx context.Context, email string) error {
	from := ""
	for hop := 0; ; hop++ {
		domain, why := emailDomain(email)
		if !why.IsZero() {
			return exchange.NewProblem(exchange.CodeAutodiscoverNotFound, nil,
				exchange.Seen(why, i18n.M("seen.autodiscover.no-request")))
		}
		if hop == 0 {
			r.home = registrable(domain)
			if isMicrosoft365(domain) {
				return r.exchangeOnline(nil, i18n.M("seen.autodiscover.where.microsoft-365-domain", i18n.Data{"Domain": domain}))
			}
		}
		rd := newRound(r, email, domain, hop, from)
		err := rd.run(ctx)
		var h *hopTo
		if !errors.As(err, &h) {
			return err
		}
		r.rec.stopAll(i18n.M("seen.autodiscover.discovery-went-on", i18n.Data{"Address": exchange.Sanitize(h.addr)}))
		email, from = h.addr, h.from
		r.res.Email = email
	}
}

// creds are the credentials for discovering email: after a redirectAddr
// the original login signs in for the new address.
func (r *run) credsFor(email string) exchange.Credentials {
	c := r.creds
	if !strings.EqualFold(email, c.Email) {
		c.Login, c.Email = r.creds.LoginName(), email
	}
	return c
}

// learn keeps what a target's sign-in taught.
func (r *run) learn(t *exchange.AutodiscoverTarget) {
	r.res.Server = t.Server()
	if sug := t.Suggestions(); sug.Username != "" {
		r.res.Suggestions.Username = sug.Username
	}
}

// foreign reports the registrable domain of host when it is not the
// original address's and the user has not consented to it.
func (r *run) foreign(host string) (string, bool) {
	reg := registrable(host)
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if reg == r.home || r.allow[reg] || r.allow[h] {
		return "", false
	}
	return reg, true
}

// exchangeOnline stops discovery at a Microsoft 365 target: it takes only
// OAuth for EWS, so no password is sent there, and nothing connects to it.
// where says what pointed there.
func (r *run) exchangeOnline(a *attempt, where i18n.Msg) error {
	p := exchange.NewProblem(exchange.CodeAuthBasicDisabled, nil,
		i18n.M("seen.autodiscover.exchange-online", i18n.Data{"Where": where}))
	if a != nil {
		a.end(string(p.Code), p.Seen)
	}
	return p
}

// loop is autodiscover-loop, seeing seen.
func loop(seen i18n.Msg) error {
	return exchange.NewProblem(exchange.CodeAutodiscoverLoop, nil, seen)
}

// notFound is autodiscover-not-found, summarising in one line what each
// method met (the last result of each, in the order they started).
func (r *run) notFound() error {
	var order []Method
	last := map[Method]string{}
	for _, a := range r.res.Attempts {
		if _, ok := last[a.Method]; !ok {
			order = append(order, a.Method)
		}
		last[a.Method] = a.Result
	}
	// The methods' names and results are the contract's codes, the same in
	// every language.
	parts := make([]string, 0, len(order))
	for _, m := range order {
		parts = append(parts, fmt.Sprintf("%s: %s", m, last[m]))
	}
	summary := i18n.Verbatim(strings.Join(parts, "; "))
	if len(parts) == 0 {
		summary = i18n.M("seen.autodiscover.no-method")
	}
	if p := r.proxyStopped(summary); p != nil {
		return p
	}
	return exchange.NewProblem(exchange.CodeAutodiscoverNotFound, nil,
		i18n.M("seen.autodiscover.not-found", i18n.Data{"Email": r.res.Email, "Summary": summary}))
}

// proxyStopped is the web proxy's own problem when it refused or failed
// a probe: behind a proxy that lets nothing through, "no server answered"
// would send the user to check the domain instead of the proxy.
func (r *run) proxyStopped(summary i18n.Msg) error {
	for _, a := range r.res.Attempts {
		switch code := exchange.Code(a.Result); code {
		case exchange.CodeProxyFailed, exchange.CodeProxyAuthRequired:
			return exchange.NewProblem(code, nil, i18n.M("seen.autodiscover.proxy-stopped",
				i18n.Data{"Seen": a.Seen, "Email": r.res.Email, "Summary": summary}))
		}
	}
	return nil
}

// normURL is a URL as compared for "already visited".
func normURL(raw string) string {
	return strings.ToLower(strings.TrimSuffix(raw, "/"))
}
