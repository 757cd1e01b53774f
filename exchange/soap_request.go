package exchange

import (
	"bytes"
	"encoding/xml"
)

// The namespaces of EWS (ews-notes §0). They are http://, never https://.
const (
	nsSOAP     = "http://schemas.xmlsoap.org/soap/envelope/"
	nsTypes    = "http://schemas.microsoft.com/exchange/services/2006/types"
	nsMessages = "http://schemas.microsoft.com/exchange/services/2006/messages"
	nsErrors   = "http://schemas.microsoft.com/exchange/services/2006/errors"
)

// requestServerVersion is the schema every request asks for: a server that
// accepts it is Exchange 2010 SP2 or newer, which is the requirement.
const requestServerVersion = "Exchange2010_SP2"

// soapWriter writes a SOAP request with prefixed names. Every text and
// attribute value goes through xml.EscapeText, so user input (an address,
// a subject) can never change the document's structure.
type soapWriter struct {
	buf bytes.Buffer
}

// open writes <name attr="value"…>; attrs are name, value pairs.
func (w *soapWriter) open(name string, attrs ...string) {
	w.buf.WriteByte('<')
	w.buf.WriteString(name)
	w.attrs(attrs)
	w.buf.WriteByte('>')
}

// empty writes <name attr="value"…/>.
func (w *soapWriter) empty(name string, attrs ...string) {
	w.buf.WriteByte('<')
	w.buf.WriteString(name)
	w.attrs(attrs)
	w.buf.WriteString("/>")
}

func (w *soapWriter) attrs(attrs []string) {
	for i := 0; i+1 < len(attrs); i += 2 {
		w.buf.WriteByte(' ')
		w.buf.WriteString(attrs[i])
		w.buf.WriteString(`="`)
		xml.EscapeText(&w.buf, []byte(attrs[i+1]))
		w.buf.WriteByte('"')
	}
}

func (w *soapWriter) close(name string) {
	w.buf.WriteString("</")
	w.buf.WriteString(name)
	w.buf.WriteByte('>')
}

// text writes <name attr…>escaped value</name>.
func (w *soapWriter) text(name, value string, attrs ...string) {
	w.open(name, attrs...)
	xml.EscapeText(&w.buf, []byte(value))
	w.close(name)
}

// mailbox writes <t:Mailbox><t:EmailAddress>addr</t:EmailAddress></t:Mailbox>.
func (w *soapWriter) mailbox(addr string) {
	w.open("t:Mailbox")
	w.text("t:EmailAddress", addr)
	w.close("t:Mailbox")
}

// soapEnvelope wraps body in the envelope with the RequestServerVersion
// header.
func soapEnvelopeRequest(body func(w *soapWriter)) []byte {
	var w soapWriter
	w.buf.WriteString(xml.Header)
	w.open("soap:Envelope", "xmlns:soap", nsSOAP, "xmlns:t", nsTypes, "xmlns:m", nsMessages)
	w.open("soap:Header")
	w.empty("t:RequestServerVersion", "Version", requestServerVersion)
	w.close("soap:Header")
	w.open("soap:Body")
	body(&w)
	w.close("soap:Body")
	w.close("soap:Envelope")
	return w.buf.Bytes()
}

// getFolderInbox is GetFolder(inbox) (§2.1): the cheapest call that proves
// sign-in, version and mailbox at once. mailbox names another mailbox to
// open (a shared mailbox the login has Full Access to); "" is the
// signed-in account's own.
func getFolderInbox(mailbox string) []byte {
	return soapEnvelopeRequest(func(w *soapWriter) {
		w.open("m:GetFolder")
		w.open("m:FolderShape")
		w.text("t:BaseShape", "Default")
		w.close("m:FolderShape")
		w.open("m:FolderIds")
		if mailbox == "" {
			w.empty("t:DistinguishedFolderId", "Id", "inbox")
		} else {
			w.open("t:DistinguishedFolderId", "Id", "inbox")
			w.mailbox(mailbox)
			w.close("t:DistinguishedFolderId")
		}
		w.close("m:FolderIds")
		w.close("m:GetFolder")
	})
}

// resolveNames looks email up in the directory (§2.2).
func resolveNames(email string) []byte {
	return soapEnvelopeRequest(func(w *soapWriter) {
		w.open("m:ResolveNames", "ReturnFullContactData", "false", "SearchScope", "ActiveDirectory")
		w.text("m:UnresolvedEntry", email)
		w.close("m:ResolveNames")
	})
}

// testMessage is the test message the send step sends.
type testMessage struct {
	Subject, Body, From, Bcc string
}

// createItemSendOnly sends m without saving a copy (§2.3). The element order
// is the schema's: Subject, Body, BccRecipients, From; SendOnly takes no
// SavedItemFolderId.
func createItemSendOnly(m testMessage) []byte {
	return soapEnvelopeRequest(func(w *soapWriter) {
		w.open("m:CreateItem", "MessageDisposition", "SendOnly")
		w.open("m:Items")
		w.open("t:Message")
		w.text("t:Subject", m.Subject)
		w.text("t:Body", m.Body, "BodyType", "Text")
		w.open("t:BccRecipients")
		w.mailbox(m.Bcc)
		w.close("t:BccRecipients")
		w.open("t:From")
		w.mailbox(m.From)
		w.close("t:From")
		w.close("t:Message")
		w.close("m:Items")
		w.close("m:CreateItem")
	})
}

// getPasswordExpirationDate asks when a password expires (Exchange 2010
// SP2 and later). mailbox names the account by its mailbox; "" asks for
// the signed-in account. Exchange answers for the named mailbox's account,
// whoever asks, so a custom login must not name the mailbox it signs in
// for.
func getPasswordExpirationDate(mailbox string) []byte {
	return soapEnvelopeRequest(func(w *soapWriter) {
		w.open("m:GetPasswordExpirationDate")
		if mailbox != "" {
			w.text("m:MailboxSmtpAddress", mailbox)
		}
		w.close("m:GetPasswordExpirationDate")
	})
}
