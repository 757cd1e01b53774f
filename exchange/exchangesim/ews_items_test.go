package exchangesim

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

const convertIDProbe = `<m:ConvertId DestinationFormat="EntryId"><m:SourceIds><t:AlternateId Id="DUMMY" Format="EwsId" Mailbox="DUMMY"/></m:SourceIds></m:ConvertId>`

func findInbox(view string) string {
	return `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>` +
		view + `<m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`
}

func TestConvertIDProbe(t *testing.T) {
	s := startServer(t)
	c := ntlmClient(s)
	// exchangelib's version guess: an unknown version string is a fault,
	// a known one an Error response message with HTTP 200.
	status, body := soapCall(t, c, "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2019", convertIDProbe))
	if status != http.StatusInternalServerError || responseCode(t, body) != "ErrorInvalidRequest" {
		t.Errorf("Exchange2019: %d %s, want 500 ErrorInvalidRequest", status, responseCode(t, body))
	}
	status, body = soapCall(t, c, "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2016", convertIDProbe))
	msg := parseXML(t, body).find(nsMessages, "ConvertIdResponseMessage")
	if status != http.StatusOK || msg == nil {
		t.Fatalf("Exchange2016: %d, no ConvertIdResponseMessage:\n%s", status, body)
	}
	if class, _ := msg.attr("ResponseClass"); class != "Error" || responseCode(t, body) != "ErrorInvalidSmtpAddress" {
		t.Errorf("Exchange2016: %s %s, want Error ErrorInvalidSmtpAddress", class, responseCode(t, body))
	}
}

func TestFindItemAndGetItem(t *testing.T) {
	s := startServer(t)
	c := ntlmClient(s)
	call := func(body string) []byte {
		t.Helper()
		status, b := soapCall(t, c, "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2016", body))
		if status != http.StatusOK {
			t.Fatalf("status %d:\n%s", status, b)
		}
		return b
	}
	total, _ := strconv.Atoi(parseXML(t, call(getInbox)).find(nsTypes, "TotalCount").Text)

	b := call(findInbox(`<m:IndexedPageItemView MaxEntriesReturned="3" Offset="0" BasePoint="Beginning"/>`))
	root := parseXML(t, b).find(nsMessages, "RootFolder")
	if root == nil {
		t.Fatalf("no m:RootFolder:\n%s", b)
	}
	if got, _ := root.attr("TotalItemsInView"); got != strconv.Itoa(total) {
		t.Errorf("TotalItemsInView %s, want the folder's TotalCount %d", got, total)
	}
	if got, _ := root.attr("IndexedPagingOffset"); got != "3" {
		t.Errorf("IndexedPagingOffset %s, want 3", got)
	}
	items := root.find(nsTypes, "Items")
	if items == nil || len(items.Children) != 3 {
		t.Fatalf("want 3 items:\n%s", b)
	}
	first := items.Children[0]
	if got := first.childNames(); len(got) != 2 || got[0] != "ItemId" || got[1] != "Subject" {
		t.Errorf("IdOnly + item:Subject gave %v", got)
	}

	// The last page ends the range.
	b = call(findInbox(`<m:IndexedPageItemView MaxEntriesReturned="10" Offset="` + strconv.Itoa(total-2) + `" BasePoint="Beginning"/>`))
	if got, _ := parseXML(t, b).find(nsMessages, "RootFolder").attr("IncludesLastItemInRange"); got != "true" {
		t.Errorf("last page: IncludesLastItemInRange %s", got)
	}

	// GetItem returns the same message; a foreign id is malformed.
	id, _ := first.find(nsTypes, "ItemId").attr("Id")
	b = call(`<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="` + id + `"/><t:ItemId Id="not-an-id"/></m:ItemIds></m:GetItem>`)
	codes := regexp.MustCompile(`<m:ResponseCode>(\w+)</m:ResponseCode>`).FindAllStringSubmatch(string(b), -1)
	if len(codes) != 2 || codes[0][1] != "NoError" || codes[1][1] != "ErrorInvalidIdMalformed" {
		t.Fatalf("GetItem codes %v:\n%s", codes, b)
	}
	if got := parseXML(t, b).find(nsTypes, "Subject").Text; got != first.find(nsTypes, "Subject").Text {
		t.Errorf("GetItem subject %q, FindItem said %q", got, first.find(nsTypes, "Subject").Text)
	}

	// Filters are not simulated: an error, not an unfiltered list.
	b = call(findInbox(`<m:Restriction><t:IsEqualTo><t:FieldURI FieldURI="message:IsRead"/><t:FieldURIOrConstant><t:Constant Value="false"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>`))
	if got := responseCode(t, b); got != "ErrorUnsupportedQueryFilter" {
		t.Errorf("Restriction: %s", got)
	}
}
