package exchange

import (
	"context"
	"strings"

	"ewsconnect/i18n"
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
		return MailboxResult{}, NewProblem(CodeMailboxNoSMTP, nil, i18n.M("seen.mailbox.no-email"))
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
	answered := i18n.Join(": ", call, m.codeEvidence())
	code := strings.TrimSpace(m.ResponseCode)
	switch {
	case movedAway(m):
		return NewProblem(CodeMailboxMoved, nil, Seen(answered, mailboxGUID(m), Said("", m.MessageText)))
	case code == "ErrorAccessDenied":
		return s.accessDenied(call, m, i18n.Msg{})
	case transientCodes[code]:
		return NewProblem(CodeServerError, nil, Seen(answered, i18n.M("seen.mailbox.transient"), Said("", m.MessageText)))
	case notOpenedCodes[code]:
		return s.explainNotOpened(ctx, email, call, m)
	case noMailboxCodes[code]:
		return NewProblem(CodeMailboxNoSMTP, nil, i18n.Join(": ", call, m.evidence()))
	}
	return NewProblem(CodeServerError, nil, i18n.Join(": ", call, m.evidence()))
}

// explainNotOpened asks the directory about email after GetFolder could
// not open it (m): a mailbox with that SMTP address that a custom login
// could not open is not the login's to open; one that the login is the
// owner of, but this server does not hold, has moved; no such mailbox is
// mailbox-no-smtp.
func (s *Session) explainNotOpened(ctx context.Context, email string, call i18n.Msg, m *responseMessage) error {
	rm, err := s.resolveName(ctx, email)
	if err != nil {
		return err
	}
	code := strings.TrimSpace(m.ResponseCode)
	answered := i18n.Join(": ", call, m.codeEvidence())
	said := Said("GetFolder", m.MessageText)
	if found, ok := smtpMailbox(rm, email); ok {
		switch {
		case s.customLogin():
			return s.accessDenied(call, m, i18n.M("seen.mailbox.resolved", i18n.Data{"Address": found}))
		case code == "ErrorNonExistentMailbox":
			return NewProblem(CodeMailboxMoved, nil, Seen(answered,
				i18n.M("seen.mailbox.resolved-not-here", i18n.Data{"Address": found}), said))
		}
		return NewProblem(CodeServerError, nil, Seen(answered, i18n.M("seen.mailbox.resolved", i18n.Data{"Address": found}), said))
	}
	asked := i18n.Verbatim("ResolveNames(" + email + ")")
	var resolved i18n.Msg
	if rc := strings.TrimSpace(rm.ResponseCode); rc != "" && rc != "NoError" && rc != "ErrorNameResolutionMultipleResults" {
		resolved = i18n.Join(": ", asked, rm.codeEvidence())
		if rm.Class == "Error" && !noMailboxCodes[rc] {
			// The directory could not answer: nothing says the mailbox is missing.
			return NewProblem(CodeServerError, nil, Seen(answered, resolved, said))
		}
	} else {
		resolved = i18n.Join(": ", asked, describeResolutions(rm))
	}
	return NewProblem(CodeMailboxNoSMTP, nil, Seen(answered, resolved, said))
}

// accessDenied is mailbox-access-denied: the login signed in but may not
// open the mailbox named by the email address. listed is what the
// directory said, if it was asked.
func (s *Session) accessDenied(call i18n.Msg, m *responseMessage, listed i18n.Msg) *Problem {
	refused := i18n.M("seen.mailbox.access-denied", i18n.Data{"Login": s.creds.LoginName(), "Call": call, "Answer": m.codeEvidence()})
	return NewProblem(CodeMailboxAccessDenied, nil, Seen(refused, listed, Said("", m.MessageText)))
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
func (s *Session) inboxCall(email string) i18n.Msg {
	if s.customLogin() {
		return i18n.M("seen.mailbox.inbox-as", i18n.Data{"Email": email, "Login": s.creds.LoginName()})
	}
	return i18n.M("seen.mailbox.inbox", i18n.Data{"Email": email})
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
func mailboxGUID(m *responseMessage) i18n.Msg {
	g, ok := m.MessageXML.value("MailboxGuid")
	if !ok || len(g) > 40 || strings.Trim(strings.ToLower(g), "0123456789abcdef-") != "" {
		return i18n.Msg{}
	}
	return i18n.M("seen.mailbox.guid", i18n.Data{"GUID": g})
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

// maxResolutionsNamed is how many of ResolveNames' results evidence names.
const maxResolutionsNamed = 5

// describeResolutions lists what the directory did return, for evidence:
// the first few results, and how many more there were.
func describeResolutions(m *responseMessage) i18n.Msg {
	if m.ResolutionSet == nil || len(m.ResolutionSet.Resolutions) == 0 {
		return i18n.M("seen.mailbox.resolved-none")
	}
	var seen []string
	for _, res := range m.ResolutionSet.Resolutions {
		mb := res.Mailbox
		seen = append(seen, strings.TrimSpace(mb.EmailAddress+" "+mb.RoutingType+" "+mb.MailboxType))
	}
	if len(seen) <= maxResolutionsNamed {
		return i18n.M("seen.mailbox.resolved-found", i18n.Data{"Names": strings.Join(seen, ", ")})
	}
	return i18n.MN("seen.mailbox.resolved-found-more", len(seen)-maxResolutionsNamed,
		i18n.Data{"Names": strings.Join(seen[:maxResolutionsNamed], ", ")})
}
