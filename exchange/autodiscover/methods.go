package autodiscover

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"ewsconnect/exchange"
	"ewsconnect/exchange/internal/autodiscoverwire"
	"ewsconnect/i18n"
	"ewsconnect/internal/buildinfo"
)

// probeHTTPRedirect is the HTTP redirect method: an unauthenticated GET of
// http://autodiscover.D/autodiscover/autodiscover.xml, of which only a
// 301/302/307/308 to an https URL is followed, to be probed like any
// candidate (and signed in to only with the checks of a redirect).
func (rd *round) probeHTTPRedirect(sl *slot, a *attempt) {
	httpURL := rd.httpURL()
	status, statusLine, loc, err := rd.plainGet(a, httpURL)
	if err != nil {
		if rd.ctx.Err() == nil {
			a.endErr(err)
		}
		return
	}
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		a.end(ResultNotFound, i18n.M("seen.autodiscover.http-not-redirect", i18n.Data{"Status": exchange.Quotable(statusLine)}))
		return
	}
	base, _ := url.Parse(httpURL)
	target, err := base.Parse(loc)
	seen := i18n.Data{"Status": exchange.Quotable(statusLine), "Location": describeLocation(httpURL, loc)}
	switch {
	case loc == "" || err != nil:
		a.end(ResultNotFound, i18n.M("seen.autodiscover.http-no-location", seen))
		return
	case !strings.EqualFold(target.Scheme, "https"):
		a.end(ResultNotFound, i18n.M("seen.autodiscover.http-redirect-not-https", seen))
		return
	case target.User != nil || exchange.HasPassword(loc) || target.Hostname() == "" || !exchange.HostProblem(target.Hostname()).IsZero():
		a.end(ResultNotFound, i18n.M("seen.autodiscover.http-redirect-unusable", seen))
		return
	}
	target.Fragment = ""
	a.end(ResultNotFound, i18n.M("seen.autodiscover.http-redirect", seen))
	rd.redirectTarget(sl, target.String(), httpURL)
}

// httpURL is the HTTP redirect method's address.
func (rd *round) httpURL() string {
	return "http://autodiscover." + rd.domain + "/autodiscover/autodiscover.xml"
}

// srvName is the SRV method's name.
func (rd *round) srvName() string { return "_autodiscover._tcp." + rd.domain }

// jsonURL is the v2 JSON probe's address, the email in its path.
func (rd *round) jsonURL() string {
	return (&url.URL{
		Scheme:   "https",
		Host:     "autodiscover." + rd.domain,
		Path:     "/autodiscover/autodiscover.json/v1.0/" + rd.email,
		RawQuery: "Protocol=EWS",
	}).String()
}

// plainGet sends the HTTP redirect method's GET on a connection dialled
// through the Network, directly (an https proxy is for https only, as curl
// with HTTPS_PROXY alone has it), without following redirects, and
// never with credentials: nothing here can add an Authorization header.
// It returns the status and the Location.
func (rd *round) plainGet(a *attempt, rawURL string) (status int, statusLine, location string, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, "", "", err
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	ctx, cancel := context.WithTimeout(rd.ctx, rd.r.opts.Network.StepTimeout())
	defer cancel()
	a.wait(i18n.M("seen.autodiscover.wait.tcp", i18n.Data{"Host": net.JoinHostPort(u.Hostname(), port)}))
	conn, err := rd.r.opts.Network.DialTCP(ctx, u.Hostname(), port)
	if err != nil {
		return 0, "", "", err
	}
	// The connection is dialled here, under ctx, and handed to the
	// transport once: a cancelled discovery leaves no dial behind.
	var (
		mu   sync.Mutex
		once = conn
	)
	take := func() net.Conn {
		mu.Lock()
		defer mu.Unlock()
		c := once
		once = nil
		return c
	}
	defer func() {
		if c := take(); c != nil {
			c.Close()
		}
	}()
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(context.Context, string, string) (net.Conn, error) {
			if c := take(); c != nil {
				return c, nil
			}
			return nil, errors.New("one connection only")
		},
		DisableKeepAlives:      true,
		DisableCompression:     true,
		MaxResponseHeaderBytes: 64 << 10,
		TLSNextProto:           map[string]func(string, *tls.Conn) http.RoundTripper{},
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("User-Agent", buildinfo.UserAgent())
	a.wait(i18n.M("seen.autodiscover.wait.get", i18n.Data{"Host": u.Host}))
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	line := strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)))
	return resp.StatusCode, exchange.Sanitize(strconv.Itoa(resp.StatusCode) + " " + line), resp.Header.Get("Location"), nil
}

// probeSRV asks for _autodiscover._tcp.D and probes the first usable
// record's target (the records come sorted by priority and weight).
func (rd *round) probeSRV(sl *slot, a *attempt) {
	name := rd.srvName()
	a.wait(i18n.M("seen.autodiscover.wait.srv", i18n.Data{"Name": name}))
	ctx, cancel := context.WithTimeout(rd.ctx, rd.r.opts.Network.StepTimeout())
	records, err := rd.r.opts.Network.LookupSRV(ctx, name)
	cancel()
	if err != nil {
		if rd.ctx.Err() != nil {
			return
		}
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
			a.end(ResultNotFound, i18n.M("seen.autodiscover.srv-none", i18n.Data{"Name": name}))
			return
		}
		a.endErr(exchange.DNSProblem(name, err, rd.r.opts.Network.StepTimeout()))
		return
	}
	for _, rec := range records {
		target := strings.ToLower(strings.TrimSuffix(rec.Target, "."))
		if target == "" || rec.Port == 0 || !exchange.HostProblem(target).IsZero() {
			continue // "." means "no service here"
		}
		host := target
		if rec.Port != 443 {
			host = net.JoinHostPort(target, strconv.Itoa(int(rec.Port)))
		}
		u := "https://" + host + "/autodiscover/autodiscover.xml"
		a.end(ResultNotFound, i18n.M("seen.autodiscover.srv-points", i18n.Data{
			"Target":   net.JoinHostPort(target, strconv.Itoa(int(rec.Port))),
			"Priority": strconv.Itoa(int(rec.Priority)),
			"Weight":   strconv.Itoa(int(rec.Weight)),
		}))
		rd.redirectTarget(sl, u, name)
		return
	}
	a.end(ResultNotFound, i18n.M("seen.autodiscover.srv-unusable", i18n.Data{"Name": name}))
}

// probeJSON is the unauthenticated v2 JSON probe on autodiscover.D, the
// last fallback: it gives an EWS URL without any sign-in.
func (rd *round) probeJSON(sl *slot, a *attempt) {
	u := rd.jsonURL()
	t, err := exchange.NewAutodiscoverTarget(u, rd.r.opts.Network, rd.creds)
	if err != nil {
		a.endErr(err)
		return
	}
	reply, err := t.Probe(rd.ctx, http.MethodGet, a.wait)
	t.Close()
	if err != nil {
		if rd.ctx.Err() == nil {
			a.endErr(err)
		}
		return
	}
	if reply.Status != http.StatusOK {
		result, detail := probeStatus(reply, u)
		if reply.Status == http.StatusUnauthorized {
			result, detail = ResultNotFound, i18n.M("seen.autodiscover.json-asks-sign-in", i18n.Data{"Status": exchange.Quotable(reply.StatusLine)})
		}
		a.end(result, detail)
		return
	}
	j, err := autodiscoverwire.ParseJSON(reply.Body)
	switch {
	case err != nil:
		a.end(ResultNotFound, i18n.M("seen.autodiscover.json-not-v2", i18n.Data{"Status": exchange.Quotable(reply.StatusLine), "Error": exchange.Quotable(err.Error())}))
		return
	case j.URL == "":
		a.end(ResultNotFound, exchange.Seen(i18n.M("seen.autodiscover.json-no-url"),
			exchange.Said("", strings.TrimSpace(j.ErrorCode+" "+j.ErrorMessage))))
		return
	}
	ews, err := exchange.ParseEWSURL(j.URL)
	if err != nil {
		a.end(ResultNotFound, i18n.M("seen.autodiscover.json-bad-url", i18n.Data{"URL": exchange.RedactURL(j.URL), "Problem": errorSeen(err)}))
		return
	}
	if isMicrosoft365(ews.Hostname()) {
		sl.ok, sl.kind, sl.att = true, kindExchangeOnline, a
		sl.where = i18n.M("seen.autodiscover.where.json", i18n.Data{"URL": ews.String()})
		a.ready(i18n.M("seen.autodiscover.unused-exchange-online"))
		return
	}
	sl.ok, sl.kind, sl.att, sl.url = true, kindJSON, a, ews.String()
	a.wait(i18n.M("seen.autodiscover.wait.turn"))
	a.ready(i18n.M("seen.autodiscover.unused-json", i18n.Data{"URL": ews.String()}))
}

// errorSeen is what an error says: a *Problem's own text, or the error's
// words, quoted (they are Go's or the system's, in English).
func errorSeen(err error) i18n.Msg {
	if p := exchange.AsProblem(err); p != nil {
		return p.Seen
	}
	return i18n.M("seen.autodiscover.error", i18n.Data{"Error": exchange.Quotable(err.Error())})
}

// classifyPlain gives a code to an error that is not a *Problem (the
// plain dial of the HTTP redirect method).
func classifyPlain(err error) (code string, detail i18n.Msg) {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		return string(exchange.CodeDNSFailed), i18n.M("seen.autodiscover.name-not-resolved", i18n.Data{"Name": exchange.Sanitize(dnsErr.Name)})
	case errors.As(err, &netErr) && netErr.Timeout():
		return string(exchange.CodeConnectTimeout), i18n.M("seen.autodiscover.no-answer-in-time")
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return string(exchange.CodeConnectRefused), i18n.M("seen.autodiscover.connect-failed", i18n.Data{"Error": exchange.Quotable(err.Error())})
	}
	return ResultNotFound, errorSeen(err)
}
