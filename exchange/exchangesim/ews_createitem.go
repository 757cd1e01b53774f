package exchangesim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

type createItemRequest struct {
	MessageDisposition string `xml:"MessageDisposition,attr"`
	Items              struct {
		Messages []messageXML `xml:"http://schemas.microsoft.com/exchange/services/2006/types Message"`
		Others   []struct {
			XMLName xml.Name
		} `xml:",any"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/messages Items"`
}

// messageXML keeps t:Message's children in document order, so that their
// order can be checked against the schema's xs:sequence.
type messageXML struct {
	Children []messageChild `xml:",any"`
}

type messageChild struct {
	XMLName   xml.Name
	Text      string            `xml:",chardata"`
	Mailboxes []emailAddressXML `xml:"http://schemas.microsoft.com/exchange/services/2006/types Mailbox"`
}

// messageElements is the order of ItemType's and then MessageType's
// elements in types.xsd; an element out of order, or not listed, fails
// schema validation as it does on a real server.
var messageElements = []string{
	// ItemType
	"MimeContent", "ItemId", "ParentFolderId", "ItemClass", "Subject", "Sensitivity", "Body",
	"Attachments", "DateTimeReceived", "Size", "Categories", "Importance", "InReplyTo",
	"IsSubmitted", "IsDraft", "IsFromMe", "IsResend", "IsUnmodified", "InternetMessageHeaders",
	"DateTimeSent", "DateTimeCreated", "ResponseObjects", "ReminderDueBy", "ReminderIsSet",
	"ReminderNextTime", "ReminderMinutesBeforeStart", "DisplayCc", "DisplayTo", "HasAttachments",
	"ExtendedProperty", "Culture", "EffectiveRights", "LastModifiedName", "LastModifiedTime",
	"IsAssociated", "WebClientReadFormQueryString", "WebClientEditFormQueryString",
	"ConversationId", "UniqueBody", "Flag", "StoreEntryId", "InstanceKey", "NormalizedBody",
	"EntityExtractionResult", "PolicyTag", "ArchiveTag", "RetentionDate", "Preview",
	"RightsManagementLicenseData", "PredictedActionReasons", "IsClutter", "BlockStatus",
	"HasBlockedImages", "TextBody", "IconIndex", "SearchKey", "SortKey", "Hashtags", "Mentions",
	"MentionedMe", "MentionsPreview", "MentionsEx", "AppliedHashtags", "AppliedHashtagsPreview",
	"Likes", "LikesPreview", "PendingSocialActivityTagIds", "AtAllMention", "CanDelete",
	"InferenceClassification",
	// MessageType
	"Sender", "ToRecipients", "CcRecipients", "BccRecipients", "IsReadReceiptRequested",
	"IsDeliveryReceiptRequested", "ConversationIndex", "ConversationTopic", "From",
	"InternetMessageId", "IsRead", "IsResponseRequested", "References", "ReplyTo", "ReceivedBy",
	"ReceivedRepresenting", "ApprovalRequestData", "VotingInformation", "ReminderMessageData",
}

// createItem sends (records) test messages. SendOnly and SendAndSaveCopy
// are "sent"; SaveOnly makes a draft that is not kept.
func (op ewsOperation) createItem() (string, *fault) {
	var req createItemRequest
	if f := op.req.decodeOperation(&req); f != nil {
		return "", f
	}
	if len(req.Items.Others) > 0 {
		return "", faultInvalidRequest() // only e-mail messages are simulated
	}
	switch req.MessageDisposition {
	case "", "SaveOnly", "SendOnly", "SendAndSaveCopy":
	default:
		return "", faultSchemaValidation(5, 30, fmt.Sprintf("The 'MessageDisposition' attribute is invalid - The value '%s' is invalid according to its datatype 'MessageDispositionType' - The Enumeration constraint failed.", req.MessageDisposition))
	}
	var msgs []responseMessage
	for _, m := range req.Items.Messages {
		parsed, f := parseMessage(m)
		if f != nil {
			return "", f
		}
		msgs = append(msgs, op.submit(req.MessageDisposition, parsed))
	}
	if len(msgs) == 0 {
		return "", faultSchemaValidation(5, 20, "The element 'Items' has incomplete content.")
	}
	return operationResponse("CreateItem", msgs), nil
}

// outgoing is a t:Message as read from the request.
type outgoing struct {
	subject, body, from, sender string
	to, cc, bcc                 []string
}

func parseMessage(m messageXML) (outgoing, *fault) {
	var out outgoing
	last := -1
	for _, c := range m.Children {
		at := indexOf(messageElements, c.XMLName.Local)
		if c.XMLName.Space != nsTypes || at < 0 || at <= last {
			return out, faultSchemaValidation(7, 10, fmt.Sprintf(
				"The element 'Message' in namespace '%s' has invalid child element '%s' in namespace '%s'.",
				nsTypes, c.XMLName.Local, c.XMLName.Space))
		}
		last = at
		switch c.XMLName.Local {
		case "Subject":
			out.subject = c.Text
		case "Body":
			out.body = c.Text
		case "From":
			out.from = firstAddress(c.Mailboxes)
		case "Sender":
			out.sender = firstAddress(c.Mailboxes)
		case "ToRecipients":
			out.to = addresses(c.Mailboxes)
		case "CcRecipients":
			out.cc = addresses(c.Mailboxes)
		case "BccRecipients":
			out.bcc = addresses(c.Mailboxes)
		}
	}
	return out, nil
}

// submit checks one message the way the transport would and records it.
func (op ewsOperation) submit(disposition string, m outgoing) responseMessage {
	user := op.who.user
	if disposition == "" {
		return failure("ErrorMessageDispositionRequired", "MessageDisposition attribute is required.", "<m:Items/>")
	}
	if rm, ok := notHere(user, "<m:Items/>"); !ok {
		return rm
	}
	if disposition == "SaveOnly" {
		sum := sha256.Sum256([]byte(user.upn + m.subject + time.Now().String()))
		return success(fmt.Sprintf(`<m:Items><t:Message><t:ItemId Id="AAMkAD%s" ChangeKey="CQAAABYAAAB3"/></t:Message></m:Items>`,
			base64.StdEncoding.EncodeToString(sum[:])))
	}
	for _, as := range []string{m.from, m.sender} {
		if as != "" && !user.maySendAs(as) {
			return failure("ErrorSendAsDenied",
				"The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.",
				"<m:Items/>")
		}
	}
	all := append(append(append([]string{}, m.to...), m.cc...), m.bcc...)
	if len(all) == 0 {
		return failure("ErrorInvalidRecipients", "One or more recipients are invalid.", "<m:Items/>")
	}
	for _, r := range all {
		if local, domain, ok := strings.Cut(r, "@"); !ok || local == "" || !strings.Contains(domain, ".") {
			return failure("ErrorInvalidRecipients", "One or more recipients are invalid.", "<m:Items/>")
		}
	}
	if user.sendQuotaExceeded {
		return failure("ErrorQuotaExceeded", "Mailbox has exceeded maximum mailbox size.", "<m:Items/>")
	}

	from := m.from
	if from == "" {
		from = m.sender
	}
	if from == "" {
		from = user.smtp
	}
	if from == "" {
		from = user.upn
	}
	op.server.record(Message{
		Host: op.host.name, Login: op.who.login, From: from,
		To: m.to, Bcc: m.bcc, Subject: m.subject, Body: m.body, Time: time.Now(),
	})
	return success("<m:Items/>")
}

func firstAddress(list []emailAddressXML) string {
	if len(list) == 0 {
		return ""
	}
	return strings.TrimSpace(list[0].EmailAddress)
}

func addresses(list []emailAddressXML) []string {
	var out []string
	for _, m := range list {
		out = append(out, strings.TrimSpace(m.EmailAddress))
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
