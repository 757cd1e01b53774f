package autodiscover

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/exchange/internal/autodiscoverwire"
	"ewsconnect/i18n"
)

// signIn sends the POX request to a probed target, signed in as EWS is,
// after the checks that keep the password where it belongs: consent for
// another domain, and no Basic to a redirected host once Windows sign-in
// was offered. It runs on the round's goroutine only, so the password goes
// to one candidate at a time. from is what pointed to the target.
func (rd *round) signIn(a *attempt, t *exchange.AutodiscoverTarget, method Method, from string, redirected bool) error {
	r := rd.r
	r.visited[normURL(t.URL())] = true
	host := hostOf(t.URL())
	if domain, ok := r.foreign(host); ok {
		r.res.Consent = &Consent{Domain: domain, URL: exchange.RedactURL(t.URL()), CertName: t.CertName(), From: exchange.RedactURL(from)}
		p := exchange.NewProblem(exchange.CodeAutodiscoverUnconfirmed, nil, i18n.M("seen.autodiscover.unconfirmed", i18n.Data{
			"Domain": rd.domain, "URL": exchange.RedactURL(t.URL()), "Target": domain, "Cert": t.CertName(),
			"Method": string(method), "From": exchange.RedactURL(from),
		}))
		a.end(string(p.Code), p.Seen)
		return p
	}
	for range 2 { // a second time only when an anonymous probe was followed by a 401
		scheme, err := t.Scheme()
		if err != nil {
			r.learn(t)
			a.endErr(err)
			return errGoOn
		}
		if scheme == exchange.SchemeBasic && redirected && r.windowsOffered {
			a.end(ResultSkipped, i18n.M("seen.autodiscover.basic-downgrade", i18n.Data{"Host": host}))
			return errGoOn
		}
		a.wait(i18n.M("seen.autodiscover.wait.signed-in-post", i18n.Data{"Host": host}))
		reply, err := t.SignIn(rd.ctx, scheme, autodiscoverwire.RequestBody(rd.email))
		r.learn(t)
		if err != nil {
			if rd.ctx.Err() != nil {
				return rd.ctx.Err()
			}
			a.endErr(err)
			if p := exchange.AsProblem(err); p != nil && p.Code == exchange.CodeAuthFailed {
				// The server checked the password and refused it: another
				// candidate would only count against the lockout threshold.
				return p
			}
			return errGoOn
		}
		if reply.Status == http.StatusUnauthorized && scheme == exchange.SchemeNone {
			continue
		}
		return rd.readAnswer(a, t.URL(), method, scheme, reply)
	}
	a.end(ResultNotFound, i18n.M("seen.autodiscover.anonymous-then-401", i18n.Data{"Host": host}))
	return errGoOn
}

// readAnswer reads the signed-in POX answer: settings, a redirect, or an
// Error.
func (rd *round) readAnswer(a *attempt, source string, method Method, scheme string, reply exchange.AutodiscoverReply) error {
	status := i18n.Data{"Status": exchange.Quotable(reply.StatusLine)}
	switch {
	case reply.Status >= 300 && reply.Status < 400:
		status["Location"] = describeLocation(source, reply.Location)
		a.end(ResultNotFound, i18n.M("seen.autodiscover.signed-in-redirected", status))
		return errGoOn
	case reply.Status >= 500:
		a.end(string(exchange.CodeServerError), i18n.M("seen.autodiscover.signed-in-status", status))
		return errGoOn
	case reply.Status != http.StatusOK:
		a.end(ResultNotFound, i18n.M("seen.autodiscover.signed-in-status", status))
		return errGoOn
	}
	pox, err := autodiscoverwire.ParsePOX(reply.Body)
	if err != nil {
		a.end(ResultNotFound, i18n.M("seen.autodiscover.signed-in-not-pox", i18n.Data{"Error": exchange.Quotable(err.Error())}))
		return errGoOn
	}
	if pox.Action == "" {
		return rd.poxError(a, pox.Error)
	}
	switch pox.Action {
	case autodiscoverwire.ActionSettings:
		return rd.settings(a, source, method, scheme, pox)
	case autodiscoverwire.ActionRedirectURL:
		return rd.followRedirectURL(a, source, pox.RedirectURL)
	case autodiscoverwire.ActionRedirectAddr:
		return rd.followRedirectAddr(a, source, pox.RedirectAddr)
	}
	a.end(ResultNotFound, exchange.Seen(i18n.M("seen.autodiscover.unknown-action"), exchange.Said("Action", pox.Action)))
	return errGoOn
}

// poxError records an autodiscover Error answer: the server knew the
// password, not the address (500, 501, 602), or failed (600, 601, 603).
func (rd *round) poxError(a *attempt, e *autodiscoverwire.Error) error {
	code := strings.TrimSpace(e.Code)
	what := i18n.M("seen.autodiscover.pox-error", i18n.Data{"Code": exchange.Sanitize(code)})
	if poxErrorCodes[code] {
		what = i18n.M("seen.autodiscover.pox-error-meaning", i18n.Data{"Code": code, "Meaning": i18n.M("seen.autodiscover.pox-error-code." + code)})
	}
	result := ResultNotFound
	if e.Code == "600" || e.Code == "603" {
		result = string(exchange.CodeServerError)
	}
	a.end(result, exchange.Seen(what, exchange.Said("", e.Message)))
	return errGoOn
}

// poxErrorCodes are the autodiscover ErrorCodes of [MS-OXDSCLI] whose
// meaning the catalog says (seen.autodiscover.pox-error-code.<code>).
var poxErrorCodes = map[string]bool{"500": true, "501": true, "600": true, "601": true, "602": true, "603": true}

// settings takes the EWS URL of a settings answer: EXPR's before EXCH's.
// An internal-only URL is used only when its host can be reached from
// here.
func (rd *round) settings(a *attempt, source string, method Method, scheme string, pox autodiscoverwire.POX) error {
	raw, from, internal := pox.EWSURL()
	if raw == "" {
		a.end(ResultNotFound, i18n.M("seen.autodiscover.settings-no-url"))
		return errGoOn
	}
	u, err := exchange.ParseEWSURL(raw)
	if err != nil {
		a.end(ResultNotFound, i18n.M("seen.autodiscover.settings-bad-url",
			i18n.Data{"Field": from, "URL": exchange.RedactURL(raw), "Problem": errorSeen(err)}))
		return errGoOn
	}
	host := u.Hostname()
	if isMicrosoft365(host) {
		return rd.r.exchangeOnline(a, i18n.M("seen.autodiscover.where.settings", i18n.Data{"Field": from, "URL": u.String()}))
	}
	if internal {
		a.wait(i18n.M("seen.autodiscover.wait.internal-tcp", i18n.Data{"Host": u.Host}))
		if err := rd.reachable(u); err != nil {
			if rd.ctx.Err() != nil {
				return rd.ctx.Err()
			}
			p := exchange.NewProblem(exchange.CodeAutodiscoverInternalOnly, err, i18n.M("seen.autodiscover.internal-only", i18n.Data{
				"Host": hostOf(source), "URL": u.String(), "Field": from, "EWSHost": host, "Problem": errorSeen(err),
			}))
			a.end(string(p.Code), p.Seen)
			return p
		}
		rd.r.res.Internal = true
	}
	r := rd.r
	r.res.URL, r.res.Method, r.res.Source, r.res.Email = u.String(), method, exchange.RedactURL(source), rd.email
	detail := i18n.M("seen.autodiscover.found", i18n.Data{"Field": from, "URL": u.String()})
	if internal {
		detail = i18n.Join(" ", detail, i18n.M("seen.autodiscover.found-internal", i18n.Data{"Host": host}))
	}
	if scheme != exchange.SchemeNone {
		detail = exchange.Seen(detail, i18n.M("seen.autodiscover.signed-in-with", i18n.Data{"Scheme": scheme}))
	}
	a.end(ResultFound, detail)
	return nil
}

// reachable dials the host of an internal EWS URL the way every https
// connection goes (through the proxy when one applies, else resolving it
// as every check does) and closes the connection at once.
func (rd *round) reachable(u *url.URL) error {
	port := u.Port()
	if port == "" {
		port = "443"
	}
	ctx, cancel := context.WithTimeout(rd.ctx, rd.r.opts.Network.StepTimeout())
	defer cancel()
	conn, err := rd.r.opts.Network.DialHTTPS(ctx, u.Hostname(), port)
	if err != nil {
		return err
	}
	return conn.Close()
}

// followRedirectURL re-posts the request to a redirectUrl: https only,
// never to a URL already visited, within the redirect limit, never to
// Microsoft 365, and with the same checks as any redirected target.
func (rd *round) followRedirectURL(a *attempt, source, raw string) error {
	r := rd.r
	u, err := url.Parse(strings.TrimSpace(raw))
	shown := exchange.RedactURL(raw)
	if err != nil || !strings.EqualFold(u.Scheme, "https") || u.User != nil || exchange.HasPassword(raw) ||
		u.Hostname() == "" || !exchange.HostProblem(u.Hostname()).IsZero() {
		a.end(ResultNotFound, i18n.M("seen.autodiscover.redirect-url-unusable", i18n.Data{"URL": shown}))
		return errGoOn
	}
	u.Fragment = ""
	target := u.String()
	a.end(ResultNotFound, i18n.M("seen.autodiscover.redirect-url", i18n.Data{"URL": shown}))
	switch {
	case r.visited[normURL(target)]:
		return loop(i18n.M("seen.autodiscover.loop-redirect-url", i18n.Data{"From": exchange.RedactURL(source), "To": shown}))
	case r.redirects >= maxRedirects:
		return loop(i18n.MN("seen.autodiscover.too-many-redirects-url", maxRedirects, i18n.Data{"To": shown}))
	}
	r.redirects++
	na := rd.r.rec.begin(MethodRedirectURL, target, "", "")
	if isMicrosoft365(u.Hostname()) {
		return r.exchangeOnline(na, i18n.M("seen.autodiscover.redirect-url", i18n.Data{"URL": u.Hostname()}))
	}
	t, err := exchange.NewAutodiscoverTarget(target, r.opts.Network, rd.creds)
	if err != nil {
		na.endErr(err)
		return errGoOn
	}
	defer t.Close()
	reply, err := t.Probe(rd.ctx, http.MethodPost, na.wait)
	if err != nil {
		if rd.ctx.Err() != nil {
			return rd.ctx.Err()
		}
		na.endErr(err)
		return errGoOn
	}
	if reply.Status != http.StatusUnauthorized && reply.Status/100 != 2 {
		na.end(probeStatus(reply, target))
		return errGoOn
	}
	offered := t.OffersWindowsSignIn()
	err = rd.signIn(na, t, MethodRedirectURL, source, true)
	if offered {
		r.windowsOffered = true
	}
	return err
}

// followRedirectAddr starts discovery again for a redirectAddr address,
// signing in as the original login: at most maxAddrHops times, never back
// to an address already asked for, never to Microsoft 365.
func (rd *round) followRedirectAddr(a *attempt, source, addr string) error {
	r := rd.r
	addr = strings.TrimSpace(addr)
	shown := exchange.Sanitize(addr)
	if _, why := emailDomain(addr); !why.IsZero() || !looksLikeAddress(addr) {
		a.end(ResultNotFound, i18n.M("seen.autodiscover.redirect-addr-unusable", i18n.Data{"Address": exchange.Quotable(shown)}))
		return errGoOn
	}
	domain, _ := emailDomain(addr)
	a.end(ResultNotFound, i18n.M("seen.autodiscover.redirect-addr", i18n.Data{"Address": shown}))
	switch {
	case isMicrosoft365(domain):
		return r.exchangeOnline(r.rec.begin(MethodRedirectAddr, addr, "", ""), i18n.M("seen.autodiscover.redirect-addr", i18n.Data{"Address": shown}))
	case r.addrs[strings.ToLower(addr)]:
		return loop(i18n.M("seen.autodiscover.loop-redirect-addr", i18n.Data{"From": exchange.RedactURL(source), "To": shown}))
	case r.addrHops >= maxAddrHops:
		return loop(i18n.MN("seen.autodiscover.too-many-hops", maxAddrHops, i18n.Data{"To": shown}))
	case r.redirects >= maxRedirects:
		return loop(i18n.MN("seen.autodiscover.too-many-redirects-addr", maxRedirects, i18n.Data{"To": shown}))
	}
	r.addrHops++
	r.redirects++
	r.addrs[strings.ToLower(addr)] = true
	return &hopTo{addr: addr, from: source}
}

// looksLikeAddress reports a plain user@domain address.
func looksLikeAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.Contains(domain, "@") &&
		strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) < 0
}

// hostOf is the host name of a URL.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Hostname()
	}
	return ""
}
