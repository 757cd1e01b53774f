package exchangesim

import (
	"fmt"
	"strings"
)

type resolveNamesRequest struct {
	ReturnFullContactData string `xml:"ReturnFullContactData,attr"`
	UnresolvedEntry       string `xml:"http://schemas.microsoft.com/exchange/services/2006/messages UnresolvedEntry"`
}

// resolveNames looks an entry up in the directory: an SMTP address
// exactly (primary or proxy), anything else by name prefix (a small
// ambiguous name resolution). Mailboxes without an SMTP address are never
// found, which is the no-smtp-address scenario.
func (op ewsOperation) resolveNames() (string, *fault) {
	var req resolveNamesRequest
	if f := op.req.decodeOperation(&req); f != nil {
		return "", f
	}
	entry := strings.TrimSpace(req.UnresolvedEntry)
	if lower := strings.ToLower(entry); strings.HasPrefix(lower, "smtp:") {
		entry = entry[len("smtp:"):]
	}
	matches := resolve(entry, op.who.user.orgName())
	full := req.ReturnFullContactData == "true" || req.ReturnFullContactData == "1"

	var rm responseMessage
	switch {
	case len(matches) == 0:
		rm = failure("ErrorNameResolutionNoResults", "No results were found.", "")
	case len(matches) == 1:
		rm = success(resolutionSet(matches, full))
	default:
		rm = responseMessage{class: "Warning", code: "ErrorNameResolutionMultipleResults",
			text: "Multiple results were found.", payload: resolutionSet(matches, full)}
	}
	return operationResponse("ResolveNames", []responseMessage{rm}), nil
}

// resolve finds entry in the directory of org (an SMTP address in any).
func resolve(entry, org string) []*account {
	entry = strings.ToLower(entry)
	if entry == "" {
		return nil
	}
	if strings.Contains(entry, "@") {
		// Any proxy address finds the mailbox, which answers with its
		// primary address.
		if mb := findRecipient(entry); mb != nil {
			return []*account{mb}
		}
		return nil
	}
	var out []*account
	for _, a := range allAccounts() {
		if a.smtp == "" || a.orgName() != org {
			continue
		}
		if strings.HasPrefix(a.sam, entry) || strings.HasPrefix(strings.ToLower(a.displayName), entry) {
			out = append(out, a)
		}
	}
	return out
}

func resolutionSet(matches []*account, full bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<m:ResolutionSet TotalItemsInView="%d" IncludesLastItemInRange="true">`, len(matches))
	for _, a := range matches {
		b.WriteString(`<t:Resolution><t:Mailbox>`)
		fmt.Fprintf(&b, `<t:Name>%s</t:Name><t:EmailAddress>%s</t:EmailAddress>`, xmlEscape(a.displayName), xmlEscape(a.smtp))
		b.WriteString(`<t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox>`)
		if full {
			fmt.Fprintf(&b, `<t:Contact><t:DisplayName>%s</t:DisplayName><t:EmailAddresses><t:Entry Key="EmailAddress1">SMTP:%s</t:Entry></t:EmailAddresses><t:ContactSource>ActiveDirectory</t:ContactSource></t:Contact>`,
				xmlEscape(a.displayName), xmlEscape(a.smtp))
		}
		b.WriteString(`</t:Resolution>`)
	}
	b.WriteString(`</m:ResolutionSet>`)
	return b.String()
}
