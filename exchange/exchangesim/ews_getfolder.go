package exchangesim

import (
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"strings"
)

// emailAddressXML is t:Mailbox (EmailAddressType): only the address matters here.
type emailAddressXML struct {
	Name         string `xml:"http://schemas.microsoft.com/exchange/services/2006/types Name"`
	EmailAddress string `xml:"http://schemas.microsoft.com/exchange/services/2006/types EmailAddress"`
}

type getFolderRequest struct {
	FolderIds folderIdsXML `xml:"http://schemas.microsoft.com/exchange/services/2006/messages FolderIds"`
}

// folderIdsXML is NonEmptyArrayOfBaseFolderIdsType (GetFolder's FolderIds,
// FindItem's ParentFolderIds).
type folderIdsXML struct {
	Distinguished []struct {
		ID      string           `xml:"Id,attr"`
		Mailbox *emailAddressXML `xml:"http://schemas.microsoft.com/exchange/services/2006/types Mailbox"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/types DistinguishedFolderId"`
	FolderIDs []struct {
		ID string `xml:"Id,attr"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/types FolderId"`
}

// wellKnownFolders maps DistinguishedFolderId values to an English
// mailbox's folder names and the element Exchange returns them as.
var wellKnownFolders = map[string]struct{ name, element string }{
	"inbox":         {"Inbox", "Folder"},
	"sentitems":     {"Sent Items", "Folder"},
	"drafts":        {"Drafts", "Folder"},
	"deleteditems":  {"Deleted Items", "Folder"},
	"outbox":        {"Outbox", "Folder"},
	"junkemail":     {"Junk Email", "Folder"},
	"msgfolderroot": {"Top of Information Store", "Folder"},
	"root":          {"", "Folder"},
	"calendar":      {"Calendar", "CalendarFolder"},
	"contacts":      {"Contacts", "ContactsFolder"},
	"tasks":         {"Tasks", "TasksFolder"},
}

// getFolder answers GetFolder for distinguished folders, of the caller's
// mailbox or of another one it has full access to.
func (op ewsOperation) getFolder() (string, *fault) {
	var req getFolderRequest
	if f := op.req.decodeOperation(&req); f != nil {
		return "", f
	}
	var msgs []responseMessage
	for _, id := range req.FolderIds.Distinguished {
		folder, ok := wellKnownFolders[id.ID]
		if !ok {
			return "", faultSchemaValidation(8, 40, fmt.Sprintf("The 'Id' attribute is invalid - The value '%s' is invalid according to its datatype 'DistinguishedFolderIdNameType' - The Enumeration constraint failed.", id.ID))
		}
		owner := op.who.user
		if id.Mailbox != nil {
			// A named mailbox is found by its SMTP addresses, as Exchange
			// does: not by a UPN, and not at all without one.
			target, rm := op.openMailbox(id.Mailbox.EmailAddress)
			if target == nil {
				msgs = append(msgs, rm)
				continue
			}
			owner = target
		}
		if rm, ok := notHere(owner, "<m:Folders/>"); !ok {
			msgs = append(msgs, rm)
			continue
		}
		msgs = append(msgs, success("<m:Folders>"+folderXML(owner, id.ID, folder.name, folder.element)+"</m:Folders>"))
	}
	for _, id := range req.FolderIds.FolderIDs {
		// The ids GetFolder and FindItem hand out are the only valid ones.
		owner, name, ok := findFolderID(op.who.user, id.ID)
		if !ok {
			msgs = append(msgs, failure("ErrorInvalidIdMalformed", "Id is malformed.", "<m:Folders/>"))
			continue
		}
		folder := wellKnownFolders[name]
		msgs = append(msgs, success("<m:Folders>"+folderXML(owner, name, folder.name, folder.element)+"</m:Folders>"))
	}
	if len(msgs) == 0 {
		return "", faultSchemaValidation(6, 20, "The element 'FolderIds' has incomplete content.")
	}
	return operationResponse("GetFolder", msgs), nil
}

// openMailbox finds the mailbox named by addr, its own or another one,
// and checks that the caller may open it.
func (op ewsOperation) openMailbox(addr string) (*account, responseMessage) {
	switch target := findRecipient(addr); {
	case !strings.Contains(addr, "@"):
		return nil, failure("ErrorInvalidSmtpAddress", "The SMTP address format is invalid.", "<m:Folders/>")
	case target == nil:
		return nil, failure("ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it.", "<m:Folders/>")
	case !op.who.user.mayOpen(target.smtp):
		return nil, failure("ErrorAccessDenied", "Access is denied. Check credentials and try again.", "<m:Folders/>")
	default:
		return target, responseMessage{}
	}
}

// notHere is the answer for a mailbox that this server cannot open,
// whoever asks: one moved to Exchange Online ("No mailbox with such guid.",
// as exchangelib#763 and #901 saw after a migration, with the GUID in
// MessageXml) or one whose database is dismounted. payload is the
// operation's empty container; MessageXml goes before it.
func notHere(a *account, payload string) (responseMessage, bool) {
	switch {
	case a.movedToCloud:
		return failure("ErrorNonExistentMailbox", "No mailbox with such guid.",
			`<m:MessageXml><t:Value Name="MailboxGuid">`+mailboxGUID(a)+`</t:Value></m:MessageXml>`+payload), false
	case a.storeUnavailable:
		return failure("ErrorMailboxStoreUnavailable", "The mailbox database is temporarily unavailable.", payload), false
	}
	return responseMessage{}, true
}

// mailboxGUID is the account's Exchange mailbox GUID, stable per address.
func mailboxGUID(a *account) string {
	h := sha256.Sum256([]byte("mailbox:" + a.upn))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// folderXML is the Default shape of a folder; ids and counts are stable
// per mailbox so that repeated runs look the same.
func folderXML(owner *account, id, name, element string) string {
	total, unread, children := folderCounts(owner, id)
	var b strings.Builder
	fmt.Fprintf(&b, `<t:%s><t:FolderId Id="%s" ChangeKey="AQAAABYAAAB3"/>`, element, folderID(owner, id))
	fmt.Fprintf(&b, `<t:DisplayName>%s</t:DisplayName>`, xmlEscape(name))
	fmt.Fprintf(&b, `<t:TotalCount>%d</t:TotalCount><t:ChildFolderCount>%d</t:ChildFolderCount>`, total, children)
	if element == "Folder" {
		fmt.Fprintf(&b, `<t:UnreadCount>%d</t:UnreadCount>`, unread)
	}
	fmt.Fprintf(&b, `</t:%s>`, element)
	return b.String()
}

func xmlName(space, local string) xml.Name { return xml.Name{Space: space, Local: local} }
