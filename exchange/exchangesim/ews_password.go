package exchangesim

import (
	"fmt"
	"strings"
	"time"
)

// passwordExpiresIn is how long the accounts whose password expires have
// left, by UPN, counted from each question; the others never expire.
var passwordExpiresIn = map[string]time.Duration{
	"erin@contoso.test": 5 * 24 * time.Hour,
}

// neverExpires is what Exchange answers for a password that does not
// expire: .NET's DateTime.MaxValue, of unspecified kind (no zone).
const neverExpires = "9999-12-31T23:59:59.9999999"

// getPasswordExpirationDate answers GetPasswordExpirationDate (Exchange
// 2010 SP2 and later) as Exchange does: for the account of the mailbox
// named by MailboxSmtpAddress, whoever asks, else for the signed-in
// account, which needs a mailbox. Its response is itself the response
// message, directly in the body.
func (op ewsOperation) getPasswordExpirationDate() (string, *fault) {
	var req struct {
		Mailbox string `xml:"http://schemas.microsoft.com/exchange/services/2006/messages MailboxSmtpAddress"`
	}
	if f := op.req.decodeOperation(&req); f != nil {
		return "", f
	}
	if op.req.hasVersion && versionIndex(op.req.version) < versionIndex("Exchange2010_SP2") {
		return passwordExpiryAnswer(failure("ErrorIncorrectSchemaVersion",
			"The request is valid but does not specify the correct server version in the RequestServerVersion SOAP header. Ensure that the RequestServerVersion SOAP header is set with the correct RequestServerVersionValue.", "")), nil
	}
	who := op.who.user
	if req.Mailbox != "" {
		who = findRecipient(req.Mailbox)
	}
	if who == nil || who.smtp == "" {
		return passwordExpiryAnswer(failure("ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it.", "")), nil
	}
	date := neverExpires
	if left, ok := passwordExpiresIn[who.upn]; ok {
		date = time.Now().Add(left).UTC().Format("2006-01-02T15:04:05Z")
	}
	return passwordExpiryAnswer(success(date)), nil
}

// passwordExpiryAnswer writes m, whose payload is the date, in the
// schema's order; an error carries DateTime's zero value, as .NET's
// serializer writes it.
func passwordExpiryAnswer(m responseMessage) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<m:GetPasswordExpirationDateResponse ResponseClass="%s" xmlns:m="%s">`, m.class, nsMessages)
	date := m.payload
	if m.class != "Success" {
		fmt.Fprintf(&b, `<m:MessageText>%s</m:MessageText>`, xmlEscape(m.text))
		date = "0001-01-01T00:00:00"
	}
	fmt.Fprintf(&b, `<m:ResponseCode>%s</m:ResponseCode>`, m.code)
	if m.class != "Success" {
		b.WriteString(`<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>`)
	}
	fmt.Fprintf(&b, `<m:PasswordExpirationDate>%s</m:PasswordExpirationDate></m:GetPasswordExpirationDateResponse>`, date)
	return b.String()
}
