package exchange

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
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
		return "", NewProblemf(CodeAuthBasicDisabled, nil, "HTTP 401 without any WWW-Authenticate header: the server offers no sign-in method this client can use")
	}
	return "", NewProblemf(CodeAuthBasicDisabled, nil, "the server offers only %s; this client signs in with NTLM, Negotiate or Basic", strings.Join(schemeNames(cs), ", "))
}

// oauthOnly is auth-basic-disabled for a server that wants OAuth; with
// basicRefused, Basic was offered but a password was refused anyway (as
// Exchange Online does).
func (s *Session) oauthOnly(cs []challenge, diagnostics string, basicRefused bool) *Problem {
	seen := "the server offers only OAuth (Bearer), no password sign-in"
	if basicRefused {
		seen = "Basic sign-in was refused (HTTP 401) by a server that wants OAuth (Bearer)"
	}
	var online string
	if s.exchangeOnline {
		online = "Exchange Online accepts only OAuth for EWS"
	}
	return NewProblemf(CodeAuthBasicDisabled, nil, "%s", joinEvidence(seen, "offered: "+strings.Join(schemeNames(cs), ", "), online,
		serverSaid("x-ms-diagnostics", diagnostics)))
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
		return s.refusedCredentials(scheme, r, "")
	case r.status == http.StatusForbidden && scheme != schemeNone:
		return nil
	case r.status == http.StatusForbidden:
		return forbidden(r, "to the request without credentials (the server did not ask for any)")
	case isRedirect(r.status):
		return s.classifyRedirect(r)
	case r.status == http.StatusNotFound:
		return NewProblemf(CodeURLNotEWS, nil, "HTTP %s to the signed-in EWS request", r.statusLine)
	}
	return serverError(r, "to the signed-in EWS request")
}

// refusedCredentials is a 401 to a request that carried credentials:
// Basic refused by a server that wants OAuth (Exchange Online, or
// diagnostics saying so) is auth-basic-disabled; the rest is refusedSignIn.
func (s *Session) refusedCredentials(scheme string, r *ewsReply, reason string) *Problem {
	diagnostics := firstNonEmpty(diagnosticsHeader(r.header), s.endpoint.diagnostics)
	if scheme == schemeBasic && (s.exchangeOnline || offers(s.endpoint.challenges, "Bearer") && mentionsModernAuth(diagnostics)) {
		return s.oauthOnly(s.endpoint.challenges, diagnostics, true)
	}
	return s.refusedSignIn(scheme, r, reason)
}

// refusedSignIn is a 401 to a request that carried credentials (the
// AUTHENTICATE message, or Basic): auth-failed, as the server checked them,
// unless the AUTHENTICATE reached a connection where the server had issued
// no CHALLENGE.
func (s *Session) refusedSignIn(scheme string, r *ewsReply, reason string) *Problem {
	if r.legs.split() {
		return s.lostBetweenLegs(scheme, r)
	}
	return s.authFailed(scheme, r, reason)
}

// authFailed is auth-failed with the evidence a help desk needs, and the
// DOMAIN\user login to try next when the challenge named the domain. Only
// for credentials the server really checked.
func (s *Session) authFailed(scheme string, r *ewsReply, reason string) *Problem {
	return s.authRefused(scheme, r, reason, "")
}

// authRefused is authFailed; tries says how the refused sign-in was tried
// when that was more than once (", with a channel binding and again
// without one").
func (s *Session) authRefused(scheme string, r *ewsReply, reason, tries string) *Problem {
	info := s.Server()
	var domain, protection, lockedOut string
	if info.NetBIOSDomain != "" {
		domain = "NetBIOS domain " + info.NetBIOSDomain
	}
	if scheme != schemeBasic && enforcesExtendedProtection(info.OWAVersion) {
		// Kept short: Detail is cut at 300 characters, and the catalog's
		// fix explains TLS offloading.
		protection = fmt.Sprintf("Exchange build %s, where Extended Protection is on by default", info.OWAVersion)
	}
	if saysLockedOut(r) {
		lockedOut = serverSaid("", lockedOutText)
	}
	p := NewProblemf(CodeAuthFailed, nil, "%s", joinEvidence(reason,
		fmt.Sprintf("%s sign-in as %s refused (HTTP %s)%s", scheme, s.creds.LoginName(), r.statusLine, tries),
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
		return nil, s.refusedSignIn(scheme, r, "the sign-in that worked before was refused")
	case http.StatusForbidden:
		return nil, forbidden(r, s.afterSignIn())
	}
	return r, nil
}

// afterSignIn says whose accepted sign-in a refused request carried, e.g.
// "after signing in as carol@contoso.test (NTLM)".
func (s *Session) afterSignIn() string {
	scheme := schemeNone
	if s.auth != nil {
		scheme = s.auth.scheme
	}
	return fmt.Sprintf("after signing in as %s (%s)", s.creds.LoginName(), scheme)
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
