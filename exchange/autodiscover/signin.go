package autodiscover

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/exchange/internal/autodiscoverwire"
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
		p := exchange.NewProblemf(exchange.CodeAutodiscoverUnconfirmed, nil,
			"autodiscover for %s points to %s (domain %s, certificate for %s), found by %s from %s; the password was not sent there",
			rd.domain, exchange.RedactURL(t.URL()), domain, t.CertName(), method, exchange.RedactURL(from))
		a.end(string(p.Code), p.Detail)
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
			a.end(ResultSkipped, host+" offers only Basic, after another candidate offered NTLM or Negotiate: sending the password as Basic would be a downgrade, so it was not sent")
			return errGoOn
		}
		a.wait("answer to the signed-in POST to " + host)
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
	a.end(ResultNotFound, host+" let the probe in without signing in, then asked to sign in again")
	return errGoOn
}

// readAnswer reads the signed-in POX answer: settings, a redirect, or an
// Error.
func (rd *round) readAnswer(a *attempt, source string, method Method, scheme string, reply exchange.AutodiscoverReply) error {
	switch {
	case reply.Status >= 300 && reply.Status < 400:
		a.end(ResultNotFound, "HTTP "+reply.StatusLine+" to "+describeLocation(source, reply.Location)+" after signing in; an autodiscover POST is not redirected")
		return errGoOn
	case reply.Status == http.StatusNotFound:
		a.end(ResultNotFound, "HTTP "+reply.StatusLine+" after signing in")
		return errGoOn
	case reply.Status >= 500:
		a.end(string(exchange.CodeServerError), "HTTP "+reply.StatusLine+" after signing in")
		return errGoOn
	case reply.Status != http.StatusOK:
		a.end(ResultNotFound, "HTTP "+reply.StatusLine+" after signing in")
		return errGoOn
	}
	pox, err := autodiscoverwire.ParsePOX(reply.Body)
	if err != nil {
		a.end(ResultNotFound, "HTTP 200 after signing in, but not an autodiscover answer: "+exchange.Sanitize(err.Error()))
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
	a.end(ResultNotFound, "the answer's Action is "+exchange.ServerSaid("Action", pox.Action))
	return errGoOn
}

// poxError records an autodiscover Error answer: the server knew the
// password, not the address (500, 501, 602), or failed (600, 601, 603).
func (rd *round) poxError(a *attempt, e *autodiscoverwire.Error) error {
	meaning := autodiscoverwire.ErrorMeaning(e.Code)
	what := "autodiscover error " + e.Code
	if meaning != "" {
		what += " (" + meaning + ")"
	}
	result := ResultNotFound
	if e.Code == "600" || e.Code == "603" {
		result = string(exchange.CodeServerError)
	}
	a.end(result, exchange.JoinEvidence(what, exchange.ServerSaid("", e.Message)))
	return errGoOn
}

// settings takes the EWS URL of a settings answer: EXPR's before EXCH's.
// An internal-only URL is used only when its host can be reached from
// here.
func (rd *round) settings(a *attempt, source string, method Method, scheme string, pox autodiscoverwire.POX) error {
	raw, from, internal := pox.EWSURL()
	if raw == "" {
		a.end(ResultNotFound, "settings without an EWS URL (no EwsUrl in EXPR or EXCH)")
		return errGoOn
	}
	u, err := exchange.ParseEWSURL(raw)
	if err != nil {
		a.end(ResultNotFound, "the settings' "+from+" "+exchange.RedactURL(raw)+" is not a usable EWS URL: "+problemDetail(err))
		return errGoOn
	}
	host := u.Hostname()
	if isMicrosoft365(host) {
		return rd.r.exchangeOnline(a, "the settings' "+from+" is "+u.String())
	}
	if internal {
		a.wait("TCP connection to the internal host " + u.Host)
		if err := rd.reachable(u); err != nil {
			if rd.ctx.Err() != nil {
				return rd.ctx.Err()
			}
			p := exchange.NewProblemf(exchange.CodeAutodiscoverInternalOnly, err,
				"autodiscover at %s gave only an internal EWS URL (%s, %s) and %s cannot be reached from here: %s",
				hostOf(source), u.String(), from, host, problemDetail(err))
			a.end(string(p.Code), p.Detail)
			return p
		}
		rd.r.res.Internal = true
	}
	r := rd.r
	r.res.URL, r.res.Method, r.res.Source, r.res.Email = u.String(), method, exchange.RedactURL(source), rd.email
	detail := from + " " + u.String()
	if internal {
		detail += " (internal only; " + host + " is reachable from here)"
	}
	if scheme != exchange.SchemeNone {
		detail += "; signed in with " + scheme
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
		u.Hostname() == "" || exchange.HostProblem(u.Hostname()) != "" {
		a.end(ResultNotFound, "redirectUrl to "+shown+": not an https URL, not followed")
		return errGoOn
	}
	u.Fragment = ""
	target := u.String()
	a.end(ResultNotFound, "redirectUrl to "+shown)
	switch {
	case r.visited[normURL(target)]:
		return loop("redirectUrl from %s back to %s, which was already asked", exchange.RedactURL(source), shown)
	case r.redirects >= maxRedirects:
		return loop("more than %d autodiscover redirects; the last was redirectUrl to %s", maxRedirects, shown)
	}
	r.redirects++
	na := rd.r.rec.begin(MethodRedirectURL, target, "")
	if isMicrosoft365(u.Hostname()) {
		return r.exchangeOnline(na, "redirectUrl to "+u.Hostname())
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
		result, detail := probeStatus(reply, target)
		na.end(result, detail)
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
	if _, why := emailDomain(addr); why != "" || !looksLikeAddress(addr) {
		a.end(ResultNotFound, "redirectAddr to "+strconvQuote(shown)+", which is not a usable address")
		return errGoOn
	}
	domain, _ := emailDomain(addr)
	a.end(ResultNotFound, "redirectAddr to "+shown)
	switch {
	case isMicrosoft365(domain):
		return r.exchangeOnline(r.rec.begin(MethodRedirectAddr, addr, ""), "redirectAddr to "+shown)
	case r.addrs[strings.ToLower(addr)]:
		return loop("redirectAddr from %s back to %s, which was already asked for", exchange.RedactURL(source), shown)
	case r.addrHops >= maxAddrHops:
		return loop("more than %d redirectAddr hops; the last was to %s", maxAddrHops, shown)
	case r.redirects >= maxRedirects:
		return loop("more than %d autodiscover redirects; the last was redirectAddr to %s", maxRedirects, shown)
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

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `'`) + `"` }

// hostOf is the host name of a URL.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Hostname()
	}
	return ""
}
