package autodiscover

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// The grace after the first candidate's probe succeeds, for more
// preferred ones still on their way: a quarter of the time the first took,
// within these bounds.
const (
	minGrace = 50 * time.Millisecond
	maxGrace = 500 * time.Millisecond
)

// slotKind is what a slot's probe found.
type slotKind int

const (
	kindNone           slotKind = iota
	kindPOX                     // an autodiscover server that answered the unauthenticated POST
	kindJSON                    // a v2 JSON answer with an EWS URL
	kindExchangeOnline          // a target in Microsoft 365: never connected to
)

// slot is one candidate of a round, in the order of preference. Its
// goroutine fills the fields above the line and then reports the slot on
// the round's events; after that only the round's goroutine touches it.
type slot struct {
	origin Method // root, autodiscover, http-redirect, srv, json-v2
	method Method // origin, or redirect-addr in a hop

	ok         bool
	kind       slotKind
	att        *attempt // the candidate's attempt, running while ok
	target     *exchange.AutodiscoverTarget
	url        string   // the candidate's URL (kindPOX), or the EWS URL (kindJSON)
	from       string   // what pointed here (http-redirect, srv), for Consent.From
	redirected bool     // reached through the HTTP redirect method or SRV
	where      i18n.Msg // kindExchangeOnline: what pointed there

	// The round's own.
	ended, tried bool
}

// round is discovery for one address: the probes of all candidates at
// once, then the sign-in to one candidate at a time.
type round struct {
	r      *run
	email  string
	domain string
	hop    int
	from   string // in a hop: the URL whose redirectAddr led here
	creds  exchange.Credentials

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	events chan *slot
	slots  []*slot
	start  time.Time

	rootURL, autodiscoverURL string
}

func newRound(r *run, email, domain string, hop int, from string) *round {
	return &round{
		r: r, email: email, domain: domain, hop: hop, from: from,
		creds:           r.credsFor(email),
		rootURL:         "https://" + domain + "/autodiscover/autodiscover.xml",
		autodiscoverURL: "https://autodiscover." + domain + "/autodiscover/autodiscover.xml",
	}
}

// run probes every candidate at once and signs in to the chosen ones in
// turn. It returns nil when a URL was found (in r.res), errNotFound, a
// *hopTo, a *exchange.Problem that stops discovery, or ctx's error. No
// goroutine of the round is left when it returns.
func (rd *round) run(ctx context.Context) error {
	rd.ctx, rd.cancel = context.WithCancel(ctx)
	defer rd.close()
	rd.start = time.Now()

	methods := []Method{MethodRootDomain, MethodAutodiscoverDomain, MethodHTTPRedirect, MethodSRV, MethodJSONv2}
	rd.events = make(chan *slot, len(methods))
	for _, m := range methods {
		sl := &slot{origin: m, method: m, from: rd.from}
		if rd.hop > 0 {
			sl.method = MethodRedirectAddr
		}
		rd.slots = append(rd.slots, sl)
	}
	// The first attempts are recorded here, in the order of preference, so
	// that the report lists them the same way every time.
	firsts := make([]*attempt, len(rd.slots))
	for i, sl := range rd.slots {
		firsts[i] = rd.begin(sl.method, sl.origin, rd.firstURL(sl.origin))
	}
	for i, sl := range rd.slots {
		rd.wg.Add(1)
		go rd.probe(sl, firsts[i])
	}

	var graceTimer <-chan time.Time
	graceOver := false
	for {
		if sl := rd.choose(graceOver); sl != nil {
			sl.tried = true
			if err := rd.use(sl); !errors.Is(err, errGoOn) {
				return err
			}
			continue
		}
		if rd.allDone() {
			return errNotFound
		}
		select {
		case sl := <-rd.events:
			sl.ended = true
			if sl.target != nil && sl.target.OffersWindowsSignIn() {
				rd.r.windowsOffered = true
			}
			if sl.ok && graceTimer == nil && !graceOver {
				graceTimer = time.After(grace(time.Since(rd.start)))
			}
		case <-graceTimer:
			graceOver = true
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// grace is how long more preferred candidates may still answer after the
// first success, which took took.
func grace(took time.Duration) time.Duration {
	return min(max(took/4, minGrace), maxGrace)
}

// choose is the most preferred candidate whose probe succeeded, once every
// more preferred one has ended (or the grace is over); nil to wait.
func (rd *round) choose(graceOver bool) *slot {
	for _, sl := range rd.slots {
		switch {
		case sl.tried:
		case !sl.ended && !graceOver:
			return nil
		case sl.ended && sl.ok:
			return sl
		}
	}
	return nil
}

// allDone reports that nothing is left to wait for or to try.
func (rd *round) allDone() bool {
	for _, sl := range rd.slots {
		if !sl.ended || sl.ok && !sl.tried {
			return false
		}
	}
	return true
}

// close cancels the probes still running, waits for their goroutines,
// and releases the connections no sign-in used. Their attempts stay
// running for Discover to record as skipped, with what they waited for.
func (rd *round) close() {
	rd.cancel()
	rd.wg.Wait()
	for len(rd.events) > 0 {
		(<-rd.events).ended = true
	}
	for _, sl := range rd.slots {
		if sl.target != nil {
			sl.target.Close()
		}
	}
}

// begin starts an attempt of this round; in a redirectAddr hop its
// detail says the address and the method it came from.
func (rd *round) begin(m Method, origin Method, rawURL string) *attempt {
	if rd.hop > 0 {
		return rd.r.rec.begin(m, rawURL, rd.email, origin)
	}
	return rd.r.rec.begin(m, rawURL, "", "")
}

// firstURL is what a method asks first.
func (rd *round) firstURL(m Method) string {
	switch m {
	case MethodRootDomain:
		return rd.rootURL
	case MethodAutodiscoverDomain:
		return rd.autodiscoverURL
	case MethodHTTPRedirect:
		return rd.httpURL()
	case MethodSRV:
		return rd.srvName()
	}
	return rd.jsonURL()
}

// probe runs one candidate's unauthenticated probes, starting with the
// attempt a, and reports the slot.
func (rd *round) probe(sl *slot, a *attempt) {
	defer rd.wg.Done()
	defer func() { rd.events <- sl }()
	switch sl.origin {
	case MethodRootDomain:
		rd.probePOX(sl, a, rd.rootURL)
	case MethodAutodiscoverDomain:
		rd.probePOX(sl, a, rd.autodiscoverURL)
	case MethodHTTPRedirect:
		rd.probeHTTPRedirect(sl, a)
	case MethodSRV:
		rd.probeSRV(sl, a)
	case MethodJSONv2:
		rd.probeJSON(sl, a)
	}
}

// probePOX probes an autodiscover URL: DNS, TCP, verified TLS, and an
// unauthenticated POST without a body (no address leaves before the
// candidate is chosen). A 401 (or an anonymous 2xx) makes the candidate
// ready, keeping its connection for the sign-in.
func (rd *round) probePOX(sl *slot, a *attempt, rawURL string) {
	sl.att, sl.url = a, rawURL
	t, err := exchange.NewAutodiscoverTarget(rawURL, rd.r.opts.Network, rd.creds)
	if err != nil {
		a.endErr(err)
		return
	}
	reply, err := t.Probe(rd.ctx, http.MethodPost, a.wait)
	if err != nil {
		t.Close()
		if rd.ctx.Err() == nil {
			a.endErr(err)
		}
		return
	}
	if reply.Status == http.StatusUnauthorized || reply.Status/100 == 2 {
		sl.ok, sl.kind, sl.target = true, kindPOX, t
		a.wait(i18n.M("seen.autodiscover.wait.turn-sign-in"))
		a.ready(i18n.M("seen.autodiscover.unused-probe", i18n.Data{"Probe": describeProbe(reply)}))
		return
	}
	t.Close()
	a.end(probeStatus(reply, rawURL))
}

// describeProbe is a ready probe's answer, e.g. `HTTP "401 Unauthorized",
// offering NTLM, Negotiate`.
func describeProbe(r exchange.AutodiscoverReply) i18n.Msg {
	if len(r.AuthSchemes) == 0 {
		return i18n.M("seen.autodiscover.http", i18n.Data{"Status": exchange.Quotable(r.StatusLine)})
	}
	return i18n.M("seen.autodiscover.http-offering", i18n.Data{"Status": exchange.Quotable(r.StatusLine), "Schemes": strings.Join(r.AuthSchemes, ", ")})
}

// probeStatus judges an unauthenticated answer that is neither a 401 nor
// a success.
func probeStatus(r exchange.AutodiscoverReply, base string) (result string, detail i18n.Msg) {
	status := i18n.Data{"Status": exchange.Quotable(r.StatusLine)}
	switch {
	case r.Status >= 300 && r.Status < 400:
		status["Location"] = describeLocation(base, r.Location)
		return ResultNotFound, i18n.M("seen.autodiscover.post-redirected", status)
	case r.Status == http.StatusNotFound:
		return ResultNotFound, i18n.M("seen.autodiscover.no-service", status)
	case r.Status >= 500:
		return string(exchange.CodeServerError), i18n.M("seen.autodiscover.http", status)
	}
	return ResultNotFound, i18n.M("seen.autodiscover.not-401", status)
}

// describeLocation is a Location header for a detail, resolved against
// base and without user info.
func describeLocation(base, loc string) i18n.Msg {
	if loc == "" {
		return i18n.M("seen.autodiscover.no-location")
	}
	if b, err := url.Parse(base); err == nil {
		if u, err := b.Parse(loc); err == nil {
			u.User = nil
			return i18n.Verbatim(exchange.RedactURL(u.String()))
		}
	}
	return i18n.Verbatim(exchange.RedactURL(loc))
}

// redirectTarget probes where the HTTP redirect method or SRV pointed:
// nothing at all for a Microsoft 365 host, nothing again for a URL that is
// already a candidate.
func (rd *round) redirectTarget(sl *slot, target, from string) {
	sl.from, sl.redirected = from, true
	a := rd.begin(sl.method, sl.origin, target)
	u, _ := url.Parse(target) // built or checked by the caller
	if isMicrosoft365(u.Hostname()) {
		sl.ok, sl.kind, sl.att, sl.url = true, kindExchangeOnline, a, target
		sl.where = i18n.M("seen.autodiscover.where.redirect", i18n.Data{"Method": string(sl.origin), "Host": u.Hostname()})
		a.ready(i18n.M("seen.autodiscover.unused-exchange-online"))
		return
	}
	for _, c := range []struct {
		url string
		m   Method
	}{{rd.rootURL, MethodRootDomain}, {rd.autodiscoverURL, MethodAutodiscoverDomain}} {
		if normURL(target) == normURL(c.url) {
			a.end(ResultSkipped, i18n.M("seen.autodiscover.same-url", i18n.Data{"Method": string(c.m)}))
			return
		}
	}
	rd.probePOX(sl, a, target)
}

// use signs in to a chosen candidate, or takes its answer.
func (rd *round) use(sl *slot) error {
	switch sl.kind {
	case kindExchangeOnline:
		return rd.r.exchangeOnline(sl.att, sl.where)
	case kindJSON:
		rd.r.res.URL, rd.r.res.Method, rd.r.res.Source = sl.url, sl.method, sl.att.source()
		sl.att.end(ResultFound, i18n.M("seen.autodiscover.found-json", i18n.Data{"URL": sl.url}))
		return nil
	}
	defer sl.target.Close()
	if rd.r.visited[normURL(sl.url)] {
		sl.att.end(ResultSkipped, i18n.M("seen.autodiscover.already-tried"))
		return errGoOn
	}
	return rd.signIn(sl.att, sl.target, sl.method, sl.from, sl.redirected)
}

// source is the attempt's URL as recorded.
func (a *attempt) source() string {
	a.rec.mu.Lock()
	defer a.rec.mu.Unlock()
	return a.rec.list[a.i].URL
}
