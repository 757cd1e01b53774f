package exchange

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"ewsconnect/i18n"
)

// endpointSeen is what the unauthenticated request learned, for SignIn.
type endpointSeen struct {
	challenges  []challenge
	diagnostics string // x-ms-diagnostics / ms-diagnostics-public, sanitised
	anonymous   bool   // 200 without asking to sign in
	// pending is the NTLM CHALLENGE that answered the probe's NEGOTIATE,
	// until SignIn answers it (once: a CHALLENGE is good for one
	// AUTHENTICATE).
	pending *ntlmPending
}

// ProbeEndpoint sends a GET without credentials to the EWS URL (step
// endpoint). EWS answers 401 with the sign-in schemes it offers; an Outlook
// Web App login page, a redirect or a 404 mean the URL is not EWS.
//
// The GET carries an NTLM NEGOTIATE message (no user name, no password),
// so that the 401 brings the CHALLENGE too and the sign-in saves a round
// trip. IIS then answers with the NTLM challenge alone, not the list of
// every scheme, so the schemes learned are those the answer named. A
// server that ignores the NEGOTIATE on a GET answers as it would without
// it, and SignIn starts a handshake of its own.
func (s *Session) ProbeEndpoint(ctx context.Context) (EndpointResult, error) {
	if err := s.ensureURL(); err != nil {
		return EndpointResult{}, err
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()
	return s.probeEndpoint(ctx)
}

func (s *Session) probeEndpoint(ctx context.Context) (EndpointResult, error) {
	leg := &ntlmLeg{}
	req := s.newRequest(leg.traced(ctx), http.MethodGet, nil)
	header, err := negotiateHeader(schemeNTLM)
	if err != nil {
		return EndpointResult{}, err
	}
	req.Header.Set("Authorization", header)
	r, err := s.do(req)
	if err != nil {
		return EndpointResult{}, err
	}
	seen, p := s.classifyEndpoint(r)
	if p != nil {
		return EndpointResult{Status: r.status}, p
	}
	if r.status == http.StatusUnauthorized {
		if chal, _, err := ntlmChallengeIn(r, schemeNTLM); err == nil && chal != nil {
			seen.pending = &ntlmPending{scheme: schemeNTLM, challenge: chal, reply: r, leg: leg}
		}
	}
	names := s.setEndpoint(seen)
	return EndpointResult{Status: r.status, AuthSchemes: names, Anonymous: seen.anonymous}, nil
}

// challengeOf is what a 401 offers: its sign-in schemes and Microsoft's
// diagnostics.
func challengeOf(r *ewsReply) *endpointSeen {
	return &endpointSeen{
		challenges:  parseChallenges(r.header.Values("WWW-Authenticate")),
		diagnostics: diagnosticsHeader(r.header),
	}
}

// setEndpoint keeps what an unauthenticated answer offered, for the
// sign-in to choose from, and its scheme names in the server info.
func (s *Session) setEndpoint(seen *endpointSeen) []string {
	s.endpoint = seen
	names := schemeNames(seen.challenges)
	s.updateServer(func(info *ServerInfo) { info.AuthSchemes = names })
	return names
}

// classifyEndpoint decides what the unauthenticated answer means.
func (s *Session) classifyEndpoint(r *ewsReply) (*endpointSeen, *Problem) {
	switch {
	case r.status == http.StatusUnauthorized:
		return challengeOf(r), nil
	case r.status >= 200 && r.status < 300:
		if isOWALoginPage(r.body) {
			return nil, NewProblem(CodeURLOWA, nil, i18n.M("seen.http.owa-page", statusData(r)))
		}
		return &endpointSeen{anonymous: true}, nil
	case isRedirect(r.status):
		return nil, s.classifyRedirect(r)
	case r.status == 440: // OWA's "Login Timeout"
		return nil, NewProblem(CodeURLOWA, nil, i18n.M("seen.http.owa-session", statusData(r)))
	case r.status == http.StatusNotFound:
		return nil, NewProblem(CodeURLNotEWS, nil, i18n.M("seen.http.no-ews", statusData(r, i18n.Data{"Path": s.u.EscapedPath()})))
	case r.status == http.StatusForbidden:
		return nil, forbidden(r, i18n.M("seen.http.before-sign-in"))
	case r.status >= 500:
		return nil, serverError(r, i18n.Msg{})
	}
	return nil, NewProblem(CodeURLNotEWS, nil, i18n.M("seen.http.not-a-challenge", statusData(r)))
}

// classifyRedirect never follows a redirect (least of all to another
// host); it reports where it pointed.
func (s *Session) classifyRedirect(r *ewsReply) *Problem {
	loc := r.header.Get("Location")
	target, err := s.u.Parse(loc)
	if loc == "" || err != nil {
		return NewProblem(CodeURLNotEWS, err, i18n.M("seen.http.redirect-nowhere", statusData(r)))
	}
	shown := displayURL(target)
	path := strings.ToLower(target.Path)
	switch {
	case strings.Contains(path, "genericerrorpage.htm") || strings.HasPrefix(path, "/internalsite/"):
		return NewProblem(CodeServerError, nil, i18n.M("seen.http.redirect-error-page", statusData(r, i18n.Data{"URL": shown})))
	case isLoginLocation(target):
		p := NewProblem(CodeURLOWA, nil, i18n.M("seen.http.redirect-sign-in", statusData(r, i18n.Data{"URL": shown})))
		if sug := suggestFromRedirect(s.u, target); sug != "" {
			s.suggestURL(sug)
		}
		return p
	}
	p := NewProblem(CodeURLNotEWS, nil, i18n.M("seen.http.redirect", statusData(r, i18n.Data{"URL": shown})))
	if strings.EqualFold(target.Scheme, "https") && strings.EqualFold(target.EscapedPath(), ewsPath) && !sameOrigin(s.u, target) {
		s.suggestURL("https://" + strings.ToLower(target.Host) + ewsPath)
	}
	return p
}

// suggestFromRedirect offers the EWS URL of the OWA host a login redirect
// points to, when that is another host; on the same host the EWS URL is
// the one already typed.
func suggestFromRedirect(from, to *url.URL) string {
	if sameOrigin(from, to) || !strings.HasPrefix(strings.ToLower(to.Path), "/owa") {
		return ""
	}
	return suggestEWSURL(to.Scheme + "://" + to.Host)
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// loginPathMarkers are path fragments of sign-in pages: OWA forms-based
// sign-in (2007–SE), ISA/TMG, AD FS and common reverse proxies.
var loginPathMarkers = []string{
	"logon.aspx", "auth.owa", "owaauth.dll", "cookieauth.dll", "/adfs/ls",
	"login", "logon", "signin", "sign-in", "/my.policy", "/vdesk/",
}

// isLoginLocation reports a redirect to a sign-in page.
func isLoginLocation(u *url.URL) bool {
	p := strings.ToLower(u.Path)
	if isOWAPath(u.Path) && p != "" && p != "/" {
		return true // /owa/, /ecp/: OWA sends its own redirect to logon.aspx next
	}
	for _, m := range loginPathMarkers {
		if strings.Contains(p, m) {
			return true
		}
	}
	return false
}

// owaPageMarkers identify an Outlook Web App forms-based sign-in page
// (ews-notes §4.4), compared in lower case.
var owaPageMarkers = []string{
	"owapage = asp.auth_logon_aspx",
	"{57a118c6-2da9-419d-be9a-f92b0f9a418b}",
	`action="/owa/auth.owa"`,
	"/owa/auth/owaauth.dll",
	"/owa/auth/logon.aspx",
	"flogon.js",
	`name="logonform"`,
	"<title>outlook web app</title>",
	"<title>outlook web access</title>",
}

// isOWALoginPage looks for the sign-in page's markers in the start of an
// HTML body.
func isOWALoginPage(body []byte) bool {
	const window = 256 << 10
	if len(body) > window {
		body = body[:window]
	}
	lower := bytes.ToLower(body)
	for _, m := range owaPageMarkers {
		if bytes.Contains(lower, []byte(m)) {
			return true
		}
	}
	return false
}

// diagnosticsHeader is Microsoft's reason header on a 401, when sent.
func diagnosticsHeader(h http.Header) string {
	for _, name := range []string{"X-Ms-Diagnostics", "Ms-Diagnostics-Public"} {
		if v := h.Get(name); v != "" {
			return Sanitize(v)
		}
	}
	return ""
}

// statusData is the data of a text that names the answer's status line,
// with more data merged in: Status ("401 Unauthorized"), the server's
// words, which a translation quotes.
func statusData(r *ewsReply, more ...i18n.Data) i18n.Data {
	line := strings.TrimSpace(r.statusLine)
	if line == "" {
		line = strconv.Itoa(r.status)
	}
	d := i18n.Data{"Status": quotable(line)}
	for _, m := range more {
		for k, v := range m {
			d[k] = v
		}
	}
	return d
}

// status is the answer's status line, quoted, and when the request was
// answered (empty: nothing): "HTTP 403 Forbidden before sign-in".
func status(r *ewsReply, when i18n.Msg) i18n.Msg {
	return i18n.Join(" ", i18n.M("seen.http.status", statusData(r)), when)
}

// bodySeen is what the answer's body says when it is a SOAP message (see
// soapSeen), for a Detail.
func bodySeen(r *ewsReply) i18n.Msg {
	if env, err := parseSOAP(r.body); err == nil {
		return soapSeen(env)
	}
	return i18n.Msg{}
}

// toRequest says which request an answer was to ("to GetFolder"), and
// more after it (how the request was signed in, say).
func toRequest(name string, more ...i18n.Msg) i18n.Msg {
	return i18n.Join(" ", append([]i18n.Msg{i18n.M("seen.http.to-request", i18n.Data{"Request": name})}, more...)...)
}

// noResponseMessage follows toRequest for an answer without the
// ResponseMessage it should carry.
var noResponseMessage = i18n.M("seen.http.no-response-message")

// forbidden is ews-disabled: a policy block (EwsEnabled, an access policy
// matching the User-Agent, a licence) or a client-certificate requirement.
// when says which request was refused, e.g. "to GetFolder after signing in
// as …". The server's words come last, quoted as its words: the 403 of a
// policy block says "Check credentials", which is not the fix.
func forbidden(r *ewsReply, when i18n.Msg) *Problem {
	// The User-Agent is what an EWS application access policy matches.
	return NewProblem(CodeEWSDisabled, nil, Seen(status(r, when),
		i18n.M("seen.http.user-agent", i18n.Data{"UserAgent": userAgent()}), bodySeen(r)))
}

// serverError is server-error with the status line and whatever the body
// says: a SOAP fault's code, or the CAS proxy error header.
func serverError(r *ewsReply, when i18n.Msg) *Problem {
	var cas, busy i18n.Msg
	if v := r.header.Get("X-CasErrorCode"); v != "" {
		cas = i18n.M("seen.http.cas-error", i18n.Data{"Code": quotable(v)})
	}
	if r.status == http.StatusServiceUnavailable {
		busy = i18n.M("seen.http.unavailable")
	}
	return NewProblem(CodeServerError, nil, Seen(status(r, when), cas, busy, bodySeen(r)))
}
