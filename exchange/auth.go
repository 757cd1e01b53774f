package exchange

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"ewsconnect/i18n"
)

// The sign-in schemes this client speaks, by preference: NTLM (EWS's
// default), Negotiate carrying NTLM, then Basic.
const (
	schemeNTLM      = "NTLM"
	schemeNegotiate = "Negotiate"
	schemeBasic     = "Basic"
	schemeNone      = "none" // the server did not ask
)

// lockedOutText is what IIS puts in the body for a locked account.
const lockedOutText = "The referenced account is currently locked out"

// authState is how the session signed in, for the requests after it.
type authState struct {
	scheme string
	// unbound: the server took the sign-in only without a channel
	// binding (Extended Protection in Accept mode, another certificate);
	// a new handshake must do the same.
	unbound bool
}

// SignIn authenticates with GetFolder(inbox) of the mailbox (step auth)
// and keeps its answer for the version and mailbox steps. Then, on
// Exchange 2010 SP2 and later, it asks when the password expires; that
// question only ever adds a warning.
func (s *Session) SignIn(ctx context.Context) (AuthResult, error) {
	if err := s.ensureURL(); err != nil {
		return AuthResult{}, err
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()
	if s.endpoint == nil {
		if _, err := s.probeEndpoint(ctx); err != nil {
			return AuthResult{}, err
		}
	}

	scheme, err := s.chooseScheme(s.endpoint)
	if err != nil {
		return AuthResult{}, err
	}
	// Naming the mailbox makes the answer prove that this login may open
	// it, whether or not it is the login's own.
	body := getFolderInbox(strings.TrimSpace(s.creds.Email))
	att, err := s.sendSignIn(ctx, scheme, body)
	if err != nil {
		return AuthResult{}, err
	}
	if scheme == schemeNone && att.reply.status == http.StatusUnauthorized {
		// The anonymous GET was let through, the POST was not: now the
		// server has named its schemes.
		s.setEndpoint(challengeOf(att.reply))
		if scheme, err = s.chooseScheme(s.endpoint); err != nil {
			return AuthResult{}, err
		}
		if att, err = s.sendSignIn(ctx, scheme, body); err != nil {
			return AuthResult{}, err
		}
	}
	if p := s.classifySignIn(scheme, att.reply); p != nil {
		return AuthResult{}, p
	}
	s.auth = &authState{scheme: scheme, unbound: att.warning != nil}
	s.getFolder = att.reply
	s.updateServer(func(info *ServerInfo) { info.AuthUsed = scheme })
	res := AuthResult{Scheme: scheme, Login: s.creds.LoginName()}
	if att.warning != nil {
		res.Warnings = append(res.Warnings, att.warning)
	}
	if w := s.passwordExpiry(ctx, att.reply, time.Now()); w != nil {
		res.Warnings = append(res.Warnings, w)
	}
	return res, nil
}

// chooseScheme picks NTLM, then Negotiate, then Basic (only when neither
// Windows scheme is offered, and only over https, which CheckURL
// guarantees). Bearer alone is OAuth, Exchange Online's or on-premises
// modern authentication: no password works.
func (s *Session) chooseScheme(seen *endpointSeen) (string, error) {
	cs := seen.challenges
	switch {
	case offers(cs, schemeNTLM):
		return schemeNTLM, nil
	case offers(cs, schemeNegotiate):
		return schemeNegotiate, nil
	case offers(cs, schemeBasic) && strings.EqualFold(s.u.Scheme, "https"):
		return schemeBasic, nil
	case seen.anonymous && len(cs) == 0:
		return schemeNone, nil
	case offers(cs, "Bearer"):
		return "", s.bearerOnly(seen) // Exchange Online, or on-premises modern auth
	case len(cs) == 0:
		return "", NewProblem(CodeAuthBasicDisabled, nil, i18n.M("seen.auth.no-schemes"))
	}
	return "", NewProblem(CodeAuthBasicDisabled, nil, i18n.M("seen.auth.unknown-schemes", i18n.Data{"Schemes": offeredSchemes(cs)}))
}

// oauthOnly is auth-basic-disabled for a server that wants OAuth; with
// basicRefused, Basic was offered but a password was refused anyway (as
// Exchange Online does).
func (s *Session) oauthOnly(cs []challenge, diagnostics string, basicRefused bool) *Problem {
	seen := i18n.M("seen.auth.oauth-only")
	if basicRefused {
		seen = i18n.M("seen.auth.basic-refused-oauth")
	}
	var online i18n.Msg
	if s.exchangeOnline {
		online = i18n.M("seen.auth.online-oauth-only")
	}
	return NewProblem(CodeAuthBasicDisabled, nil, Seen(seen, offered(cs), online,
		Said("x-ms-diagnostics", diagnostics)))
}

// offeredSchemes names the schemes a server offered: "Negotiate, NTLM".
func offeredSchemes(cs []challenge) string { return strings.Join(schemeNames(cs), ", ") }

// offered is the schemes a server offered, for a Detail: "offered:
// Negotiate, NTLM", or that it offered none.
func offered(cs []challenge) i18n.Msg {
	if len(cs) == 0 {
		return i18n.M("seen.auth.offered-nothing")
	}
	return i18n.M("seen.auth.offered", i18n.Data{"Schemes": offeredSchemes(cs)})
}

// send posts body signed in with scheme: the NTLM handshake, a Basic
// header, or nothing.
func (s *Session) send(ctx context.Context, scheme string, body []byte) (*ewsReply, error) {
	switch scheme {
	case schemeNTLM, schemeNegotiate:
		return s.ntlmHandshake(ctx, scheme, body, true)
	}
	req := s.newRequest(ctx, http.MethodPost, body)
	if scheme == schemeBasic {
		req.SetBasicAuth(s.creds.LoginName(), s.password())
	}
	return s.do(req)
}

// classifySignIn reads the signed-in GetFolder's answer. 200 and 500 (a
// SOAP fault) both mean the credentials were accepted: the version and
// mailbox steps read the rest. So does 403 to a request that carried
// credentials: IIS answers credentials it refuses with 401, and EWS says
// 403 only after it accepted them (ews-notes §4.6); the version step,
// which needs this answer, reports the refusal.
func (s *Session) classifySignIn(scheme string, r *ewsReply) *Problem {
	switch {
	case r.status == http.StatusOK || r.status == http.StatusInternalServerError:
		return nil
	case r.status == http.StatusUnauthorized:
		return s.refusedCredentials(scheme, r, i18n.Msg{})
	case r.status == http.StatusForbidden && scheme != schemeNone:
		return nil
	case r.status == http.StatusForbidden:
		return forbidden(r, i18n.M("seen.http.to-anonymous"))
	case isRedirect(r.status):
		return s.classifyRedirect(r)
	case r.status == http.StatusNotFound:
		return NewProblem(CodeURLNotEWS, nil, status(r, i18n.M("seen.http.to-signed-in")))
	}
	return serverError(r, i18n.M("seen.http.to-signed-in"))
}

// refusedCredentials is a 401 to a request that carried credentials:
// Basic refused by a server that wants OAuth (Exchange Online, or
// diagnostics saying so) is auth-basic-disabled; the rest is refusedSignIn.
func (s *Session) refusedCredentials(scheme string, r *ewsReply, reason i18n.Msg) *Problem {
	diagnostics := firstNonEmpty(diagnosticsHeader(r.header), s.endpoint.diagnostics)
	if scheme == schemeBasic && (s.exchangeOnline || offers(s.endpoint.challenges, "Bearer") && mentionsModernAuth(diagnostics)) {
		return s.oauthOnly(s.endpoint.challenges, diagnostics, true)
	}
	return s.refusedSignIn(scheme, r, reason)
}

// autodiscoverAt is the reason given when autodiscover's sign-in at host
// was refused.
func autodiscoverAt(host string) i18n.Msg {
	return i18n.M("seen.auth.autodiscover-at", i18n.Data{"Host": host})
}

// refusedSignIn is a 401 to a request that carried credentials (the
// AUTHENTICATE message, or Basic): auth-failed, as the server checked them,
// unless the AUTHENTICATE reached a connection where the server had issued
// no CHALLENGE.
func (s *Session) refusedSignIn(scheme string, r *ewsReply, reason i18n.Msg) *Problem {
	if r.legs.split() {
		return s.lostBetweenLegs(scheme, r)
	}
	return s.authFailed(scheme, r, reason)
}

// authFailed is auth-failed with the evidence a help desk needs, and the
// DOMAIN\user login to try next when the challenge named the domain. Only
// for credentials the server really checked.
func (s *Session) authFailed(scheme string, r *ewsReply, reason i18n.Msg) *Problem {
	return s.authRefused(scheme, r, reason, false)
}

// authRefused is authFailed; twice says that the refused sign-in was
// tried with a channel binding and again without one.
func (s *Session) authRefused(scheme string, r *ewsReply, reason i18n.Msg, twice bool) *Problem {
	info := s.Server()
	var domain, protection, lockedOut i18n.Msg
	if info.NetBIOSDomain != "" {
		domain = i18n.M("seen.auth.netbios-domain", i18n.Data{"Domain": info.NetBIOSDomain})
	}
	if scheme != schemeBasic && enforcesExtendedProtection(info.OWAVersion) {
		// Kept short: Detail is cut at 400 characters, and the catalog's
		// fix explains TLS offloading.
		protection = i18n.M("seen.auth.extended-protection-default", i18n.Data{"Build": info.OWAVersion})
	}
	if saysLockedOut(r) {
		lockedOut = Said("", lockedOutText)
	}
	refused := "seen.auth.refused"
	if twice {
		refused = "seen.auth.refused-twice"
	}
	p := NewProblem(CodeAuthFailed, nil, Seen(reason,
		i18n.M(refused, statusData(r, s.signInData(scheme))),
		domain, protection, lockedOut))
	if sug := s.usernameSuggestion(info.NetBIOSDomain); sug != "" {
		s.mu.Lock()
		s.suggest.Username = sug
		s.mu.Unlock()
	}
	return p
}

// saysLockedOut reports a refusal whose body says the account is locked
// out: no sign-in may be tried again.
func saysLockedOut(r *ewsReply) bool { return bytes.Contains(r.body, []byte(lockedOutText)) }

// usernameSuggestion is DOMAIN\localpart, unless that is what was tried.
func (s *Session) usernameSuggestion(domain string) string {
	if !isNetBIOSName(domain) {
		return "" // the server's word: nothing a Windows domain can be called
	}
	local := localPart(s.creds.Email)
	if local == "" {
		_, user := splitLogin(s.creds.LoginName())
		local = localPart(user)
	}
	if local == "" {
		return ""
	}
	sug := domain + `\` + local
	if strings.EqualFold(sug, s.creds.LoginName()) {
		return ""
	}
	return sug
}

// callEWS sends one more EWS request on the signed-in session. NTLM
// authenticates the connection, so nothing is added; if the connection was
// lost and the new one is refused with 401, the handshake is redone once.
// A throttled answer is waited out once (settleBusy).
func (s *Session) callEWS(ctx context.Context, body []byte) (*ewsReply, error) {
	r, err := s.callEWSOnce(ctx, body)
	if err != nil {
		return nil, err
	}
	return s.settleBusy(ctx, body, r)
}

// callEWSOnce is callEWS without the wait for a throttled answer.
func (s *Session) callEWSOnce(ctx context.Context, body []byte) (*ewsReply, error) {
	if s.auth == nil {
		return nil, errNotSignedIn
	}
	scheme := s.auth.scheme
	var (
		r   *ewsReply
		err error
	)
	switch scheme {
	case schemeNTLM, schemeNegotiate:
		r, err = s.do(s.newRequest(ctx, http.MethodPost, body))
		if err == nil && r.status == http.StatusUnauthorized {
			r, err = s.ntlmHandshake(ctx, scheme, body, !s.auth.unbound)
		}
	default:
		r, err = s.send(ctx, scheme, body)
	}
	if err != nil {
		return nil, err
	}
	switch r.status {
	case http.StatusUnauthorized:
		return nil, s.refusedSignIn(scheme, r, i18n.M("seen.auth.refused-again"))
	case http.StatusForbidden:
		return nil, forbidden(r, s.afterSignIn())
	}
	return r, nil
}

// afterSignIn says whose accepted sign-in a refused request carried, e.g.
// "after signing in as carol@contoso.test (NTLM)".
func (s *Session) afterSignIn() i18n.Msg {
	scheme := schemeNone
	if s.auth != nil {
		scheme = s.auth.scheme
	}
	return i18n.M("seen.auth.after-sign-in", s.signInData(scheme))
}

// signInData names a sign-in in a text: its Scheme and the Login sent.
func (s *Session) signInData(scheme string) i18n.Data {
	return i18n.Data{"Scheme": scheme, "Login": s.creds.LoginName()}
}

// mentionsModernAuth reports Microsoft's diagnostics saying that only
// modern authentication (OAuth) is allowed.
func mentionsModernAuth(diagnostics string) bool {
	d := strings.ToLower(diagnostics)
	return strings.Contains(d, "modern auth") || strings.Contains(d, "basic auth") && strings.Contains(d, "disabled")
}

// errNotSignedIn is a programming error: a step after auth ran first.
var errNotSignedIn = errors.New("exchange: SignIn has not succeeded")

// isNetBIOSName reports a name Windows allows for a NetBIOS domain: 1 to
// 15 characters, letters, digits and a few marks. A challenge naming
// anything else came from a broken or hostile server, and no login is
// built from it.
func isNetBIOSName(name string) bool {
	if name == "" || len(name) > 15 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.!@#$%^&(){}~", r)) {
			return false
		}
	}
	return true
}
