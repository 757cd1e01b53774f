package exchange

import (
	"context"
	"net/http"
	"strings"
	"time"

	"ewsconnect/i18n"
	"ewsconnect/internal/buildinfo"
)

// SendTestMessage sends the test message from the mailbox, BCC to bcc
// (empty: the mailbox itself) (step send). It is sent, not saved
// (SendOnly), with From set to the email address: an account without Send
// As right on it gets send-as-denied.
func (s *Session) SendTestMessage(ctx context.Context, bcc string) (SendResult, error) {
	if s.auth == nil {
		return SendResult{}, errNotSignedIn
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()

	from := strings.TrimSpace(s.creds.Email)
	if bcc = strings.TrimSpace(bcc); bcc == "" {
		bcc = from
	}
	msg := testMessage{
		Subject: i18n.T(s.lang, "mail.test.subject", i18n.Data{"Time": time.Now().Format("2006-01-02 15:04:05 MST")}),
		Body:    i18n.T(s.lang, "mail.test.body", i18n.Data{"Version": buildinfo.Current().Version, "From": from}),
		From:    from,
		Bcc:     bcc,
	}
	r, err := s.callEWS(ctx, createItemSendOnly(msg))
	if err != nil {
		return SendResult{}, err
	}
	if p := s.classifySend(r, msg); p != nil {
		return SendResult{}, p
	}
	return SendResult{From: from, Bcc: bcc, Subject: msg.Subject}, nil
}

// recipientRefusedCodes are CreateItem answers that name the test
// message's recipient as the problem (ews-notes §3): another recipient may
// work. A missing Send As right, a full mailbox or an oversized message are
// not among them: no recipient fixes those.
var recipientRefusedCodes = map[string]bool{
	"ErrorInvalidRecipients":  true,
	"ErrorInvalidSmtpAddress": true, // the mailbox step already found the sender's address
	"ErrorRecipientNotFound":  true,
}

// classifySend reads CreateItem's answer: Success (or NoError) is sent;
// ErrorSendAsDenied is a missing Send As right; anything else send-failed,
// marked RecipientAtFault when the server refused the recipient.
func (s *Session) classifySend(r *ewsReply, msg testMessage) *Problem {
	env, err := parseSOAP(r.body)
	if err != nil {
		return NewProblem(CodeSendFailed, err, i18n.M("seen.send.not-soap", i18n.Data{"Status": r.statusLine}))
	}
	sent := i18n.M("seen.send.create-item", i18n.Data{"From": msg.From, "Bcc": msg.Bcc})
	if f := env.Body.Fault; f != nil {
		p := NewProblem(CodeSendFailed, nil, Seen(i18n.Join(": ", sent, status(r, i18n.Msg{})), soapSeen(env)))
		p.RecipientAtFault = recipientRefusedCodes[f.responseCode()]
		return p
	}
	m := env.message()
	if m == nil {
		return NewProblem(CodeSendFailed, nil, i18n.M("seen.send.no-response-message", i18n.Data{"Status": r.statusLine}))
	}
	switch {
	case r.status == http.StatusOK && (m.Class == "Success" || m.ResponseCode == "NoError"):
		return nil
	case m.ResponseCode == "ErrorSendAsDenied":
		return NewProblem(CodeSendAsDenied, nil, Seen(
			i18n.M("seen.send.as-denied", i18n.Data{"Login": s.creds.LoginName(), "From": msg.From}), m.evidence()))
	}
	p := NewProblem(CodeSendFailed, nil, i18n.Join(": ", sent, m.evidence()))
	p.RecipientAtFault = recipientRefusedCodes[strings.TrimSpace(m.ResponseCode)]
	return p
}
