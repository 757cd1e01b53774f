package exchange

import (
	"context"
	"math"
	"net/http"
	"strings"
	"time"

	"ewsconnect/i18n"
)

// passwordWarnWithin is how close an expiry earns password-expiring.
const passwordWarnWithin = 14 * 24 * time.Hour

// passwordExpiry asks the server when the signed-in account's password
// expires (GetPasswordExpirationDate, Exchange 2010 SP2 and later, so only
// when getFolder's ServerVersionInfo says so) and returns password-expiring
// when that is within 14 days of now. Anything else, no answer within the
// step's deadline included, is no warning: this question never fails a
// connection that works.
func (s *Session) passwordExpiry(ctx context.Context, getFolder *ewsReply, now time.Time) *Problem {
	if getFolder.status != http.StatusOK || !knowsPasswordExpiry(getFolder.body) {
		return nil
	}
	// Exchange answers for the account of the mailbox named, whoever
	// asks: only the login's own mailbox may be named.
	var mailbox string
	if !s.customLogin() {
		mailbox = strings.TrimSpace(s.creds.Email)
	}
	r, err := s.askSignedIn(ctx, getPasswordExpirationDate(mailbox))
	if err != nil || r.status != http.StatusOK {
		return nil
	}
	expires, ok := parseEWSTime(parsePasswordExpiry(r.body))
	if !ok || expires.Sub(now) > passwordWarnWithin {
		return nil
	}
	return NewProblem(CodePasswordExpiring, nil, i18n.M("seen.mailbox.password-expires", i18n.Data{
		"Login": s.creds.LoginName(), "Date": expires.UTC().Format("2006-01-02 15:04 UTC"), "Left": untilExpiry(expires.Sub(now)),
	}))
}

// knowsPasswordExpiry reports an answer from Exchange 2010 SP2 or later,
// by its ServerVersionInfo.
func knowsPasswordExpiry(body []byte) bool {
	env, err := parseSOAP(body)
	if err != nil || env.Header.ServerVersion == nil || env.Body.Fault != nil {
		return false
	}
	svi := env.Header.ServerVersion
	if b, ok := svi.build(); ok {
		return !b.olderThan(minimum)
	}
	_, old := schemaTooOld[strings.TrimSpace(svi.Version)]
	return strings.TrimSpace(svi.Version) != "" && !old
}

// askSignedIn sends one more request on the signed-in session, and never
// signs in again for it: NTLM signed the connection in, Basic goes with
// each request.
func (s *Session) askSignedIn(ctx context.Context, body []byte) (*ewsReply, error) {
	switch s.auth.scheme {
	case schemeNTLM, schemeNegotiate:
		return s.do(s.newRequest(ctx, http.MethodPost, body))
	}
	return s.send(ctx, s.auth.scheme, body)
}

// parseEWSTime reads an xs:dateTime as EWS writes it: with a zone, or
// without one (a .NET DateTime of unspecified kind, such as
// DateTime.MaxValue for a password that never expires), taken as UTC.
func parseEWSTime(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// untilExpiry words how long until an expiry, in whole days.
func untilExpiry(d time.Duration) i18n.Msg {
	switch days := int(math.Round(d.Hours() / 24)); {
	case d <= 0:
		return i18n.M("seen.mailbox.password-expired")
	case d < 24*time.Hour:
		return i18n.M("seen.mailbox.password-expires-today")
	default:
		return i18n.MN("seen.mailbox.password-expires-in", days)
	}
}
