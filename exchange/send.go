package exchange

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// testSubject starts the test message's subject; the time makes each one
// findable in a mailbox.
const testSubject = "ewsconnect test message"

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
		Subject: testSubject + " " + time.Now().Format("2006-01-02 15:04:05 MST"),
		Body: "This message was sent by ewsconnect " + Version + " to check that " + from +
			" can send through Exchange Web Services. You can delete it.",
		From: from,
		Bcc:  bcc,
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
		return NewProblemf(CodeSendFailed, err, "HTTP %s to CreateItem, without a SOAP answer", r.statusLine)
	}
	sent := fmt.Sprintf("CreateItem (from %s, BCC %s)", msg.From, msg.Bcc)
	if f := env.Body.Fault; f != nil {
		p := NewProblemf(CodeSendFailed, nil, "%s", joinEvidence(sent+": HTTP "+r.statusLine, soapEvidence(env)))
		p.RecipientAtFault = recipientRefusedCodes[f.responseCode()]
		return p
	}
	m := env.message()
	if m == nil {
		return NewProblemf(CodeSendFailed, nil, "HTTP %s to CreateItem without a ResponseMessage", r.statusLine)
	}
	switch {
	case r.status == http.StatusOK && (m.Class == "Success" || m.ResponseCode == "NoError"):
		return nil
	case m.ResponseCode == "ErrorSendAsDenied":
		return NewProblemf(CodeSendAsDenied, nil, "signed in as %s, sending from %s; %s",
			s.creds.LoginName(), msg.From, m.evidence())
	}
	p := NewProblemf(CodeSendFailed, nil, "%s: %s", sent, m.evidence())
	p.RecipientAtFault = recipientRefusedCodes[strings.TrimSpace(m.ResponseCode)]
	return p
}
