package exchange

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"ewsconnect/i18n"
)

// The sign-in schemes, as AutodiscoverTarget.Scheme names them.
const (
	SchemeNTLM      = schemeNTLM
	SchemeNegotiate = schemeNegotiate
	SchemeBasic     = schemeBasic
	SchemeNone      = schemeNone // the server answered without asking to sign in
)

// AutodiscoverTarget is one https autodiscover URL, reached with the same
// machinery as EWS: --resolve and the resolver, a certificate verified
// before anything is sent, one keep-alive connection that the
// unauthenticated probe opens and the sign-in reuses, NTLM with channel
// binding, Negotiate carrying NTLM, or Basic. Like a Session, it is for
// one goroutine at a time; Server and Suggestions may be called from
// anywhere.
type AutodiscoverTarget struct {
	s   *Session
	tls TLSResult
}

// AutodiscoverReply is an autodiscover server's answer, read in full up to
// a cap.
type AutodiscoverReply struct {
	Status      int
	StatusLine  string // "401 Unauthorized"
	Location    string // a redirect's Location, as sent (not sanitised: parse it, then print it with RedactURL)
	ContentType string
	Body        []byte
	Truncated   bool     // Body was cut at the cap
	AuthSchemes []string // the schemes a 401 offered
}

// NewAutodiscoverTarget prepares the https URL raw (any path and query)
// for creds. The error is a *Problem: url-malformed, or url-not-https for
// anything but https, so that no caller can send a password in clear.
func NewAutodiscoverTarget(raw string, n Network, creds Credentials) (*AutodiscoverTarget, error) {
	if HasPassword(raw) {
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.autodiscover.target.password"))
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, NewProblem(CodeURLMalformed, err, i18n.M("seen.autodiscover.target.unreadable"))
	case !strings.EqualFold(u.Scheme, "https"):
		return nil, NewProblem(CodeURLNotHTTPS, nil, i18n.M("seen.autodiscover.target.not-https", i18n.Data{"URL": RedactURL(raw)}))
	case u.User != nil || u.Hostname() == "" || u.Opaque != "":
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.autodiscover.target.no-server", i18n.Data{"URL": RedactURL(raw)}))
	}
	if reason := HostProblem(u.Hostname()); !reason.IsZero() {
		return nil, NewProblem(CodeURLMalformed, nil, i18n.M("seen.autodiscover.target.bad-host",
			i18n.Data{"Host": quotable(u.Hostname()), "Problem": reason}))
	}
	u.Scheme = "https"
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	s := NewSession(u.String(), n, creds)
	s.u = u
	s.exchangeOnline = IsExchangeOnlineHost(u.Hostname())
	return &AutodiscoverTarget{s: s}, nil
}

// URL is the target's URL.
func (t *AutodiscoverTarget) URL() string { return t.s.u.String() }

// Probe opens the target's connection and sends one unauthenticated
// request (method POST with an empty body, or GET) on it: DNS, TCP, the
// verified TLS handshake, then the request, each under the step timeout.
// stage, when set, is told what the probe waits for next ("TLS handshake
// with …"),
// so that a probe stopped half-way can say where. A 401 records the
// schemes the sign-in will choose from; a 2xx means the server does not ask
// to sign in. Other statuses are returned for the caller to judge. The
// error is a *Problem (dns-failed, connect-*, tls-*, server-error …) or
// ctx's error.
func (t *AutodiscoverTarget) Probe(ctx context.Context, method string, stage func(i18n.Msg)) (AutodiscoverReply, error) {
	if stage == nil {
		stage = func(i18n.Msg) {}
	}
	s := t.s
	stage(i18n.M("seen.autodiscover.wait.dns", i18n.Data{"Host": s.u.Hostname()}))
	if _, err := s.LookupHost(ctx); err != nil {
		return AutodiscoverReply{}, err
	}
	stage(i18n.M("seen.autodiscover.wait.tcp", i18n.Data{"Host": s.u.Host}))
	if _, err := s.Connect(ctx); err != nil {
		return AutodiscoverReply{}, err
	}
	stage(i18n.M("seen.autodiscover.wait.tls", i18n.Data{"Host": s.u.Host}))
	tr, err := s.Handshake(ctx)
	if err != nil {
		return AutodiscoverReply{}, err
	}
	t.tls = tr
	stage(i18n.M("seen.autodiscover.wait.unauthenticated", i18n.Data{"Method": method}))
	ctx, cancel := s.stepContext(ctx)
	defer cancel()
	r, err := s.do(s.newRequest(ctx, method, nil))
	if err != nil {
		return AutodiscoverReply{}, err
	}
	switch {
	case r.status == http.StatusUnauthorized:
		s.setEndpoint(challengeOf(r))
	case r.status >= 200 && r.status < 300:
		s.endpoint = &endpointSeen{anonymous: true}
	}
	return autodiscoverReply(r), nil
}

// CertName is the name the verified certificate was issued to (its first
// SAN, else its CN), once Probe has shaken hands.
func (t *AutodiscoverTarget) CertName() string {
	if len(t.tls.Names) > 0 {
		return Sanitize(t.tls.Names[0])
	}
	return Sanitize(t.tls.Subject)
}

// OffersWindowsSignIn reports whether the probe's 401 offered NTLM or
// Negotiate: after that, Basic from a redirected host is a downgrade.
func (t *AutodiscoverTarget) OffersWindowsSignIn() bool {
	e := t.s.endpoint
	return e != nil && (offers(e.challenges, schemeNTLM) || offers(e.challenges, schemeNegotiate))
}

// Scheme is the sign-in the probe's answer calls for, chosen as for EWS:
// NTLM, then Negotiate, then Basic; SchemeNone when the server did not ask.
// The error is a *Problem: auth-basic-disabled when no scheme this client
// speaks was offered (OAuth only).
func (t *AutodiscoverTarget) Scheme() (string, error) {
	if t.s.endpoint == nil {
		return "", NewProblem(CodeServerError, nil, i18n.M("seen.autodiscover.target.not-probed", i18n.Data{"Host": t.s.u.Host}))
	}
	return t.s.chooseScheme(t.s.endpoint)
}

// SignIn posts body (the POX request) signed in with scheme on the
// probe's connection, under the step timeout. Any answer but a 401 is
// returned for the caller to read. A 401 is a *Problem: auth-failed when
// the server checked the credentials and refused them (with the DOMAIN\user
// suggestion that Suggestions then returns), auth-connection-lost when the
// handshake's connection changed between its legs, auth-basic-disabled when
// Basic was refused by a server that wants OAuth. The NTLM handshake's own
// problems (auth-ntlm-refused, auth-connection-lost) and transport failures
// are *Problems too. A 401 to a request sent without credentials (scheme
// SchemeNone) is returned as a reply, with the schemes now offered recorded
// for Scheme.
func (t *AutodiscoverTarget) SignIn(ctx context.Context, scheme string, body []byte) (AutodiscoverReply, error) {
	s := t.s
	if s.endpoint == nil {
		return AutodiscoverReply{}, NewProblem(CodeServerError, nil, i18n.M("seen.autodiscover.target.not-probed", i18n.Data{"Host": s.u.Host}))
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()
	r, err := s.send(ctx, scheme, body)
	if err != nil {
		return AutodiscoverReply{}, err
	}
	if r.status != http.StatusUnauthorized {
		s.updateServer(func(info *ServerInfo) { info.AuthUsed = scheme })
		return autodiscoverReply(r), nil
	}
	if scheme == schemeNone {
		s.setEndpoint(challengeOf(r))
		return autodiscoverReply(r), nil
	}
	return AutodiscoverReply{}, s.refusedCredentials(scheme, r, autodiscoverAt(s.u.Host))
}

// Server is what the target's sign-in taught about the server.
func (t *AutodiscoverTarget) Server() ServerInfo { return t.s.Server() }

// Suggestions are the corrections learned (a DOMAIN\user login after a
// refused NTLM sign-in).
func (t *AutodiscoverTarget) Suggestions() Suggestions { return t.s.Suggestions() }

// Stats counts the connections and handshakes the target made.
func (t *AutodiscoverTarget) Stats() (conns, handshakes int) { return t.s.Stats() }

// Close releases the target's connections.
func (t *AutodiscoverTarget) Close() error { return t.s.Close() }

func autodiscoverReply(r *ewsReply) AutodiscoverReply {
	out := AutodiscoverReply{
		Status:      r.status,
		StatusLine:  Sanitize(r.statusLine),
		Location:    r.header.Get("Location"),
		ContentType: Sanitize(r.header.Get("Content-Type")),
		Body:        r.body,
		Truncated:   r.truncated,
	}
	if r.status == http.StatusUnauthorized {
		out.AuthSchemes = schemeNames(parseChallenges(r.header.Values("WWW-Authenticate")))
	}
	return out
}

// HostProblem says what is wrong with a host name (e.g. "contains the
// character '/'"), to follow "the server name …" or "the domain …", or
// nothing (IsZero) when it looks usable: the rule the url step uses.
func HostProblem(host string) i18n.Msg { return hostFault(host) }
