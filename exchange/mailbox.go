package exchange

import (
	"context"
	"fmt"
	"strings"
)

// noMailboxCodes are GetFolder and ResolveNames answers that mean the
// account has no mailbox with an SMTP address (ews-notes §3).
var noMailboxCodes = map[string]bool{
	"ErrorNonExistentMailbox":      true,
	"ErrorMissingEmailAddress":     true,
	"ErrorNameResolutionNoResults": true,
	"ErrorNameResolutionNoMailbox": true,
	"ErrorInvalidSmtpAddress":      true,
}

// notOpenedCodes are GetFolder answers for a named mailbox that was not
// opened: no such mailbox, or one the login may not see. ResolveNames
// tells which.
var notOpenedCodes = map[string]bool{
	"ErrorNonExistentMailbox": true,
	"ErrorItemNotFound":       true,
	"ErrorFolderNotFound":     true,
}

// transientCodes are a mailbox server that cannot serve the mailbox right
// now: its database dismounted or failing over, a move under way, an
// internal fault (ews-notes §3; the codes exchangelib retries).
var transientCodes = map[string]bool{
	"ErrorMailboxStoreUnavailable":      true,
	"ErrorMailboxMoveInProgress":        true,
	"ErrorInternalServerTransientError": true,
	"ErrorInternalServerError":          true,
	"ErrorConnectionFailed":             true,
	"ErrorTimeoutExpired":               true,
	"ErrorInsufficientResources":        true,
}

// CheckMailbox checks that the mailbox exists and has an SMTP address
// (step mailbox). The signed-in GetFolder named the mailbox by the email
// address, so its success proves both, and nothing more is asked. A
// failure is explained from its ResponseCode, and with ResolveNames where
// the code alone cannot tell "no such mailbox" from "not yours".
func (s *Session) CheckMailbox(ctx context.Context) (MailboxResult, error) {
	if s.getFolder == nil {
		return MailboxResult{}, errNotSignedIn
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()

	email := strings.TrimSpace(s.creds.Email)
	if email == "" {
		return MailboxResult{}, NewProblemf(CodeMailboxNoSMTP, nil, "no email address was given to look up")
	}
	r, err := s.settledGetFolder(ctx)
	if err != nil {
		return MailboxResult{}, err
	}
	env, err := parseSOAP(r.body)
	if err != nil || env.Body.Fault != nil {
		return MailboxResult{}, serverError(r, toRequest("GetFolder"))
	}
	m := env.message()
	if m == nil {
		return MailboxResult{}, serverError(r, toRequest("GetFolder", noResponseMessage))
	}
	if code := strings.TrimSpace(m.ResponseCode); code == "NoError" || code == "" && m.Class == "Success" {
		// The display name is not asked for: GetFolder does not carry it.
		return MailboxResult{SMTPAddress: Sanitize(email)}, nil
	}
	return MailboxResult{}, s.explainGetFolder(ctx, email, m)
}

// explainGetFolder turns the GetFolder failure m on the mailbox email into
// the problem it shows.
func (s *Session) explainGetFolder(ctx context.Context, email string, m *responseMessage) error {
	call := s.inboxCall(email)
	code := strings.TrimSpace(m.ResponseCode)
	switch {
	case movedAway(m):
		return NewProblemf(CodeMailboxMoved, nil, "%s", joinEvidence(call+": "+m.codeEvidence(), mailboxGUID(m),
			serverSaid("", m.MessageText)))
	case code == "ErrorAccessDenied":
		return s.accessDenied(call, m, "")
	case transientCodes[code]:
		return NewProblemf(CodeServerError, nil, "%s", joinEvidence(call+": "+m.codeEvidence(),
			"a temporary fault of the mailbox server", serverSaid("", m.MessageText)))
	case notOpenedCodes[code]:
		return s.explainNotOpened(ctx, email, call, m)
	case noMailboxCodes[code]:
		return NewProblemf(CodeMailboxNoSMTP, nil, "%s: %s", call, m.evidence())
	}
	return NewProblemf(CodeServerError, nil, "%s: %s", call, m.evidence())
}

// explainNotOpened asks the directory about email after GetFolder could
// not open it (m): a mailbox with that SMTP address that a custom login
// could not open is not the login's to open; one that the login is the
// owner of, but this server does not hold, has moved; no such mailbox is
// mailbox-no-smtp.
func (s *Session) explainNotOpened(ctx context.Context, email, call string, m *responseMessage) error {
	rm, err := s.resolveName(ctx, email)
	if err != nil {
		return err
	}
	code := strings.TrimSpace(m.ResponseCode)
	said := serverSaid("GetFolder", m.MessageText)
	if found, ok := smtpMailbox(rm, email); ok {
		listed := "ResolveNames finds " + found + " as a mailbox"
		switch {
		case s.customLogin():
			return s.accessDenied(call, m, listed)
		case code == "ErrorNonExistentMailbox":
			return NewProblemf(CodeMailboxMoved, nil, "%s", joinEvidence(call+": "+m.codeEvidence(),
				listed+", but this server holds no mailbox for it", said))
		}
		return NewProblemf(CodeServerError, nil, "%s", joinEvidence(call+": "+m.codeEvidence(), listed, said))
	}
	resolved := "ResolveNames(" + email + "): "
	if rc := strings.TrimSpace(rm.ResponseCode); rc != "" && rc != "NoError" && rc != "ErrorNameResolutionMultipleResults" {
		resolved += rm.codeEvidence()
		if rm.Class == "Error" && !noMailboxCodes[rc] {
			// The directory could not answer: nothing says the mailbox is missing.
			return NewProblemf(CodeServerError, nil, "%s", joinEvidence(call+": "+m.codeEvidence(), resolved, said))
		}
	} else {
		resolved += describeResolutions(rm)
	}
	return NewProblemf(CodeMailboxNoSMTP, nil, "%s", joinEvidence(call+": "+m.codeEvidence(), resolved, said))
}

// accessDenied is mailbox-access-denied: the login signed in but may not
// open the mailbox named by the email address. listed is what the
// directory said, if it was asked.
func (s *Session) accessDenied(call string, m *responseMessage, listed string) *Problem {
	return NewProblemf(CodeMailboxAccessDenied, nil, "%s", joinEvidence(
		fmt.Sprintf("%s signed in, but %s was refused: %s", s.creds.LoginName(), call, m.codeEvidence()),
		listed, serverSaid("", m.MessageText)))
}

// resolveName asks ResolveNames for email and returns its ResponseMessage.
func (s *Session) resolveName(ctx context.Context, email string) (*responseMessage, error) {
	r, err := s.callEWS(ctx, resolveNames(email))
	if err != nil {
		return nil, err
	}
	env, err := parseSOAP(r.body)
	if err != nil || env.Body.Fault != nil {
		return nil, serverError(r, toRequest("ResolveNames"))
	}
	m := env.message()
	if m == nil {
		return nil, serverError(r, toRequest("ResolveNames", noResponseMessage))
	}
	return m, nil
}

// customLogin reports a login other than the email address: the mailbox
// may then be someone else's (a shared one).
func (s *Session) customLogin() bool {
	login := strings.TrimSpace(s.creds.Login)
	return login != "" && !strings.EqualFold(login, strings.TrimSpace(s.creds.Email))
}

// inboxCall describes the signed-in GetFolder for evidence.
func (s *Session) inboxCall(email string) string {
	if s.customLogin() {
		return "GetFolder(inbox of " + email + " as " + s.creds.LoginName() + ")"
	}
	return "GetFolder(inbox of " + email + ")"
}

// movedAway reports the answer Exchange gives for a mailbox that is no
// longer in its databases, though the directory still points at it (a
// RemoteUserMailbox after a move to Exchange Online): ErrorNonExistentMailbox
// "No mailbox with such guid.", with the mailbox's GUID in MessageXml
// (exchangelib#763, #901; php-ews#551).
func movedAway(m *responseMessage) bool {
	if strings.TrimSpace(m.ResponseCode) != "ErrorNonExistentMailbox" {
		return false
	}
	_, hasGUID := m.MessageXML.value("MailboxGuid")
	return hasGUID || strings.Contains(strings.ToLower(m.MessageText), "no mailbox with such guid")
}

// mailboxGUID names the GUID that a moved mailbox's answer carries, when
// it looks like one (for the administrator to look up).
func mailboxGUID(m *responseMessage) string {
	g, ok := m.MessageXML.value("MailboxGuid")
	if !ok || len(g) > 40 || strings.Trim(strings.ToLower(g), "0123456789abcdef-") != "" {
		return ""
	}
	return "mailbox GUID " + g
}

// smtpMailbox finds the resolution whose SMTP address is email and
// returns that address as the directory spells it.
func smtpMailbox(m *responseMessage, email string) (string, bool) {
	if m.ResolutionSet == nil {
		return "", false
	}
	for _, res := range m.ResolutionSet.Resolutions {
		mb := res.Mailbox
		if strings.EqualFold(strings.TrimSpace(mb.RoutingType), "SMTP") && strings.EqualFold(strings.TrimSpace(mb.EmailAddress), email) {
			return Sanitize(strings.TrimSpace(mb.EmailAddress)), true
		}
	}
	return "", false
}

// describeResolutions lists what the directory did return, for evidence.
func describeResolutions(m *responseMessage) string {
	if m.ResolutionSet == nil || len(m.ResolutionSet.Resolutions) == 0 {
		return "no results"
	}
	var seen []string
	for _, res := range m.ResolutionSet.Resolutions {
		mb := res.Mailbox
		seen = append(seen, strings.TrimSpace(mb.EmailAddress+" "+mb.RoutingType+" "+mb.MailboxType))
	}
	return "found: " + listNames(seen, 5)
}
