package exchangesim

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The mail folders hold made-up messages so that clients which list a
// folder after reading its TotalCount (exchangelib's inbox.all()) see as
// many items as the count says. Nothing is stored: message i of a folder
// is computed from the mailbox, the folder and i, so that FindItem and
// GetItem agree and repeated runs look the same. Index 0 is the newest.

// mailFolders are the distinguished folders that hold messages; the
// others (root, calendar, contacts, ...) are empty.
var mailFolders = map[string]bool{
	"inbox": true, "sentitems": true, "drafts": true, "deleteditems": true, "junkemail": true,
}

// folderCounts is a folder's TotalCount, UnreadCount and ChildFolderCount.
func folderCounts(owner *account, id string) (total, unread, children int) {
	sum := sha256.Sum256([]byte(owner.upn + "/" + id))
	children = int(sum[3]) % 4
	if !mailFolders[id] {
		return 0, 0, children
	}
	return int(sum[0]) + int(sum[1])%64, int(sum[2]) % 12, children
}

// folderID is the FolderId Exchange would hand out for a distinguished
// folder: stable per mailbox.
func folderID(owner *account, id string) string {
	sum := sha256.Sum256([]byte(owner.upn + "/" + id))
	return "AAMkAD" + base64.StdEncoding.EncodeToString(sum[:]) + "AAA="
}

// findFolderID maps a FolderId back to a mailbox the caller may open and
// a distinguished folder name.
func findFolderID(user *account, id string) (*account, string, bool) {
	for _, owner := range allAccounts() {
		if owner.smtp == "" && owner != user || owner != user && !user.mayOpen(owner.smtp) {
			continue
		}
		for name := range wellKnownFolders {
			if folderID(owner, name) == id {
				return owner, name, true
			}
		}
	}
	return nil, "", false
}

// itemID encodes where a made-up message lives. Real ids are opaque
// base64 too; clients only hand them back.
func itemID(owner *account, folder string, index int) string {
	raw := "AAMkAD\x00" + owner.upn + "\x00" + folder + "\x00" + strconv.Itoa(index)
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

// parseItemID is the inverse of itemID. ok is false for ids that are not
// base64 or not ours (ErrorInvalidIdMalformed); found is false for ids
// that decode but name no message (ErrorItemNotFound).
func parseItemID(id string) (owner *account, folder string, index int, ok, found bool) {
	raw, err := base64.StdEncoding.DecodeString(id)
	if err != nil {
		return nil, "", 0, false, false
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 4 || parts[0] != "AAMkAD" {
		return nil, "", 0, false, false
	}
	index, err = strconv.Atoi(parts[3])
	if err != nil {
		return nil, "", 0, false, false
	}
	for _, a := range allAccounts() {
		if a.upn == parts[1] {
			owner = a
		}
	}
	if owner == nil {
		return nil, "", 0, true, false
	}
	total, _, _ := folderCounts(owner, parts[2])
	return owner, parts[2], index, true, index >= 0 && index < total
}

// storedMessage is one made-up message.
type storedMessage struct {
	id, folderID, subject, body string
	from                        *account // nil: an outside sender
	fromName, fromAddr          string
	to                          *account
	received                    time.Time
	size                        int
	read                        bool
}

var demoSubjects = []string{
	"Quarterly numbers", "Lunch on Friday?", "Re: Printer on the 3rd floor", "Your parcel is on its way",
	"Team meeting notes", "FW: Travel policy 2026", "Password expiry reminder", "Re: Re: Budget review",
	"Welcome to the new intranet", "Out of office: conference week",
}

// demoEpoch is when the newest message of every folder arrived.
var demoEpoch = time.Date(2026, time.November, 2, 8, 30, 0, 0, time.UTC)

func messageAt(owner *account, folder string, index int) storedMessage {
	sum := sha256.Sum256([]byte(owner.upn + "/" + folder + "/" + strconv.Itoa(index)))
	_, unread, _ := folderCounts(owner, folder)
	m := storedMessage{
		id:       itemID(owner, folder, index),
		folderID: folderID(owner, folder),
		subject:  demoSubjects[int(sum[0])%len(demoSubjects)],
		to:       owner,
		received: demoEpoch.Add(-time.Duration(index)*3*time.Hour - time.Duration(sum[1]%170)*time.Minute),
		size:     2048 + int(sum[2])*97,
		read:     index >= unread,
	}
	if folder == "sentitems" || folder == "drafts" {
		m.from, m.to = owner, nil
	} else if sender := &directory[int(sum[3])%len(directory)]; sender.smtp != "" && sender != owner {
		m.from = sender
	}
	switch {
	case m.from != nil:
		m.fromName, m.fromAddr = m.from.displayName, m.from.smtp
	default:
		m.fromName, m.fromAddr = "Fabrikam Newsletter", "news@fabrikam.example"
	}
	m.body = "This is message " + strconv.Itoa(index+1) + " of the demo mailbox."
	return m
}

// itemShape says which properties to render: the base shape's, plus the
// AdditionalProperties as element names ("item:Subject" -> "Subject").
type itemShape struct {
	base       string // IdOnly, Default or AllProperties
	additional map[string]bool
	body       bool // Body may be returned (GetItem, not FindItem)
}

type itemShapeXML struct {
	BaseShape            string `xml:"http://schemas.microsoft.com/exchange/services/2006/types BaseShape"`
	AdditionalProperties struct {
		FieldURIs []struct {
			FieldURI string `xml:"FieldURI,attr"`
		} `xml:"http://schemas.microsoft.com/exchange/services/2006/types FieldURI"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/types AdditionalProperties"`
}

// shapeOf checks an operation's ItemShape (absent: x is nil) and its
// BaseShape against DefaultShapeNamesType.
func shapeOf(op string, x *itemShapeXML, body bool) (itemShape, *fault) {
	switch {
	case x == nil:
		return itemShape{}, faultSchemaValidation(3, 10, fmt.Sprintf("The element '%s' in namespace '%s' has incomplete content. List of possible elements expected: 'ItemShape' in namespace '%s'.", op, nsMessages, nsMessages))
	case x.BaseShape == "":
		return itemShape{}, faultSchemaValidation(4, 10, fmt.Sprintf("The element 'ItemShape' in namespace '%s' has incomplete content. List of possible elements expected: 'BaseShape' in namespace '%s'.", nsMessages, nsTypes))
	}
	switch x.BaseShape {
	case "IdOnly", "Default", "AllProperties":
	default:
		return itemShape{}, faultSchemaValidation(4, 30, fmt.Sprintf("The element 'BaseShape' in namespace '%s' has invalid value '%s'.", nsTypes, x.BaseShape))
	}
	s := itemShape{base: x.BaseShape, additional: map[string]bool{}, body: body}
	for _, f := range x.AdditionalProperties.FieldURIs {
		if _, name, ok := strings.Cut(f.FieldURI, ":"); ok {
			s.additional[name] = true
		}
	}
	return s, nil
}

// defaultProperties is what Default returns for a message; AllProperties
// adds the recipients and (in GetItem) the body.
var defaultProperties = map[string]bool{
	"ParentFolderId": true, "ItemClass": true, "Subject": true, "Sensitivity": true, "DateTimeReceived": true,
	"Size": true, "Importance": true, "IsDraft": true, "IsFromMe": true, "DateTimeSent": true,
	"DateTimeCreated": true, "DisplayTo": true, "HasAttachments": true, "Culture": true,
	"Sender": true, "From": true, "IsRead": true, "IsReadReceiptRequested": true, "ConversationTopic": true,
	"InternetMessageId": true,
}

func (s itemShape) wants(name string) bool {
	if name == "Body" && !s.body {
		return false
	}
	switch s.base {
	case "AllProperties":
		return true
	case "Default":
		if defaultProperties[name] {
			return true
		}
	}
	return s.additional[name]
}

// xml renders the message as t:Message with the shape's properties, in
// the schema's order (messageElements).
func (m storedMessage) xml(s itemShape) string {
	mailbox := func(name, addr string) string {
		return fmt.Sprintf(`<t:Mailbox><t:Name>%s</t:Name><t:EmailAddress>%s</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox>`,
			xmlEscape(name), xmlEscape(addr))
	}
	when := m.received.Format("2006-01-02T15:04:05Z")
	displayTo, toXML := "", ""
	if m.to != nil {
		displayTo, toXML = m.to.displayName, mailbox(m.to.displayName, m.to.smtp)
	}
	props := map[string]string{
		"ParentFolderId":         fmt.Sprintf(`<t:ParentFolderId Id="%s" ChangeKey="AQAAAA=="/>`, m.folderID),
		"ItemClass":              `<t:ItemClass>IPM.Note</t:ItemClass>`,
		"Subject":                `<t:Subject>` + xmlEscape(m.subject) + `</t:Subject>`,
		"Sensitivity":            `<t:Sensitivity>Normal</t:Sensitivity>`,
		"Body":                   `<t:Body BodyType="Text">` + xmlEscape(m.body) + `</t:Body>`,
		"DateTimeReceived":       `<t:DateTimeReceived>` + when + `</t:DateTimeReceived>`,
		"Size":                   fmt.Sprintf(`<t:Size>%d</t:Size>`, m.size),
		"Importance":             `<t:Importance>Normal</t:Importance>`,
		"IsDraft":                `<t:IsDraft>false</t:IsDraft>`,
		"IsFromMe":               fmt.Sprintf(`<t:IsFromMe>%t</t:IsFromMe>`, m.to == nil),
		"DateTimeSent":           `<t:DateTimeSent>` + when + `</t:DateTimeSent>`,
		"DateTimeCreated":        `<t:DateTimeCreated>` + when + `</t:DateTimeCreated>`,
		"DisplayTo":              `<t:DisplayTo>` + xmlEscape(displayTo) + `</t:DisplayTo>`,
		"HasAttachments":         `<t:HasAttachments>false</t:HasAttachments>`,
		"Culture":                `<t:Culture>en-US</t:Culture>`,
		"Sender":                 `<t:Sender>` + mailbox(m.fromName, m.fromAddr) + `</t:Sender>`,
		"IsReadReceiptRequested": `<t:IsReadReceiptRequested>false</t:IsReadReceiptRequested>`,
		"ConversationTopic":      `<t:ConversationTopic>` + xmlEscape(strings.TrimPrefix(strings.TrimPrefix(m.subject, "Re: Re: "), "Re: ")) + `</t:ConversationTopic>`,
		"From":                   `<t:From>` + mailbox(m.fromName, m.fromAddr) + `</t:From>`,
		"InternetMessageId":      internetMessageID(m.id),
		"IsRead":                 fmt.Sprintf(`<t:IsRead>%t</t:IsRead>`, m.read),
	}
	if toXML != "" {
		props["ToRecipients"] = `<t:ToRecipients>` + toXML + `</t:ToRecipients>`
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<t:Message><t:ItemId Id="%s" ChangeKey="CQAAABYAAAB3"/>`, m.id)
	for _, name := range messageElements {
		if p, ok := props[name]; ok && s.wants(name) {
			b.WriteString(p)
		}
	}
	b.WriteString(`</t:Message>`)
	return b.String()
}

func internetMessageID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return fmt.Sprintf(`<t:InternetMessageId>&lt;%x@contoso.test&gt;</t:InternetMessageId>`, sum[:8])
}
