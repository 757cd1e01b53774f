package exchange

import (
	"context"
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

// CheckMailbox checks that the mailbox exists and has an SMTP address
// (step mailbox): the signed-in GetFolder must have found the inbox, and
// ResolveNames must find the email address as an SMTP mailbox.
func (s *Session) CheckMailbox(ctx context.Context) (MailboxResult, error) {
	if s.getFolder == nil {
		return MailboxResult{}, errNotSignedIn
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()

	if env, err := parseSOAP(s.getFolder.body); err == nil {
		if m := env.message(); m != nil && m.ResponseCode != "" && m.ResponseCode != "NoError" {
			call := "GetFolder(inbox)"
			if other := s.otherMailbox(); other != "" {
				call = "GetFolder(inbox of " + other + " as " + s.creds.LoginName() + ")"
			}
			return MailboxResult{}, mailboxProblem(call, m)
		}
	}
	email := strings.TrimSpace(s.creds.Email)
	if email == "" {
		return MailboxResult{}, NewProblem(CodeMailboxNoSMTP, nil, "no email address was given to look up")
	}

	r, err := s.callEWS(ctx, resolveNames(email))
	if err != nil {
		return MailboxResult{}, err
	}
	env, err := parseSOAP(r.body)
	if err != nil {
		return MailboxResult{}, serverError(r, "to ResolveNames")
	}
	if env.Body.Fault != nil {
		return MailboxResult{}, serverError(r, "to ResolveNames")
	}
	m := env.message()
	if m == nil {
		return MailboxResult{}, serverError(r, "to ResolveNames (no ResponseMessage)")
	}
	// Warning ErrorNameResolutionMultipleResults still lists the matches.
	if found, ok := smtpMailbox(m, email); ok {
		return found, nil
	}
	if m.Class == "Error" && !noMailboxCodes[m.ResponseCode] {
		return MailboxResult{}, NewProblem(CodeServerError, nil, "ResolveNames for %s failed; %s", email, m.evidence())
	}
	if m.ResponseCode == "" || m.ResponseCode == "NoError" || m.ResponseCode == "ErrorNameResolutionMultipleResults" {
		return MailboxResult{}, NewProblem(CodeMailboxNoSMTP, nil, "the directory knows %s, but not as a mailbox with that SMTP address (%s)", email, describeResolutions(m))
	}
	return MailboxResult{}, mailboxProblem("ResolveNames("+email+")", m)
}

// smtpMailbox finds the resolution whose SMTP address is email.
func smtpMailbox(m *responseMessage, email string) (MailboxResult, bool) {
	if m.ResolutionSet == nil {
		return MailboxResult{}, false
	}
	for _, res := range m.ResolutionSet.Resolutions {
		mb := res.Mailbox
		if strings.EqualFold(strings.TrimSpace(mb.RoutingType), "SMTP") && strings.EqualFold(strings.TrimSpace(mb.EmailAddress), email) {
			return MailboxResult{
				SMTPAddress: Sanitize(mb.EmailAddress),
				DisplayName: Sanitize(firstNonEmpty(mb.Name, res.Contact.DisplayName)),
			}, true
		}
	}
	return MailboxResult{}, false
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

// mailboxProblem is mailbox-no-smtp (or server-error for an unrelated
// code) with the ResponseCode and MessageText as evidence.
func mailboxProblem(call string, m *responseMessage) *Problem {
	code := CodeMailboxNoSMTP
	switch m.ResponseCode {
	case "ErrorAccessDenied", "ErrorItemNotFound":
		// The login may not open that mailbox (no Full Access).
		code = CodeEWSDisabled
	default:
		if !noMailboxCodes[m.ResponseCode] {
			code = CodeServerError
		}
	}
	return NewProblem(code, nil, "%s: %s", call, m.evidence())
}
