package exchangesim

import (
	"fmt"
	"strconv"
	"strings"
)

// FindItem is here because clients list a folder after opening it
// (exchangelib's inbox.all() pages through FindItem, then asks GetItem for
// the properties). It lists the made-up messages of ews_items.go, newest
// first, with indexed or fractional paging. Filtering (Restriction,
// QueryString) and grouping are not simulated: such a request gets an
// Error response message rather than a silently unfiltered list.
// SortOrder is ignored; the order is always newest first.

type findItemRequest struct {
	Traversal      string        `xml:"Traversal,attr"`
	ItemShape      *itemShapeXML `xml:"http://schemas.microsoft.com/exchange/services/2006/messages ItemShape"`
	IndexedPage    *pageViewXML  `xml:"http://schemas.microsoft.com/exchange/services/2006/messages IndexedPageItemView"`
	FractionalPage *pageViewXML  `xml:"http://schemas.microsoft.com/exchange/services/2006/messages FractionalPageItemView"`
	CalendarView   *struct{}     `xml:"http://schemas.microsoft.com/exchange/services/2006/messages CalendarView"`
	Restriction    *struct{}     `xml:"http://schemas.microsoft.com/exchange/services/2006/messages Restriction"`
	QueryString    *struct{}     `xml:"http://schemas.microsoft.com/exchange/services/2006/messages QueryString"`
	GroupBy        *struct{}     `xml:"http://schemas.microsoft.com/exchange/services/2006/messages GroupBy"`
	DistGroupBy    *struct{}     `xml:"http://schemas.microsoft.com/exchange/services/2006/messages DistinguishedGroupBy"`
	ParentFolders  folderIdsXML  `xml:"http://schemas.microsoft.com/exchange/services/2006/messages ParentFolderIds"`
}

// pageViewXML holds both paging views' attributes.
type pageViewXML struct {
	MaxEntries  string `xml:"MaxEntriesReturned,attr"`
	Offset      string `xml:"Offset,attr"`
	BasePoint   string `xml:"BasePoint,attr"`
	Numerator   string `xml:"Numerator,attr"`
	Denominator string `xml:"Denominator,attr"`
}

// findItemLimit is EWSFindCountLimit's default: at most 1000 items per
// answer, whatever the view asks.
const findItemLimit = 1000

func (op ewsOperation) findItem() (string, *fault) {
	var req findItemRequest
	if f := op.req.decodeOperation(&req); f != nil {
		return "", f
	}
	switch req.Traversal {
	case "Shallow", "Deep", "SoftDeleted", "Associated":
	default:
		return "", faultSchemaValidation(4, 30, fmt.Sprintf("The 'Traversal' attribute is invalid - The value '%s' is invalid according to its datatype 'ItemQueryTraversalType' - The Enumeration constraint failed.", req.Traversal))
	}
	shape, f := shapeOf("FindItem", req.ItemShape, false)
	if f != nil {
		return "", f
	}

	type target struct {
		owner *account
		name  string
		rm    *responseMessage // set when the folder cannot be opened
	}
	var targets []target
	for _, id := range req.ParentFolders.Distinguished {
		if _, ok := wellKnownFolders[id.ID]; !ok {
			return "", faultSchemaValidation(8, 40, fmt.Sprintf("The 'Id' attribute is invalid - The value '%s' is invalid according to its datatype 'DistinguishedFolderIdNameType' - The Enumeration constraint failed.", id.ID))
		}
		owner := op.who.user
		if id.Mailbox != nil && !owner.isSelf(id.Mailbox.EmailAddress) {
			var rm responseMessage
			if owner, rm = op.openMailbox(id.Mailbox.EmailAddress); owner == nil {
				rm.payload = ""
				targets = append(targets, target{rm: &rm})
				continue
			}
		}
		targets = append(targets, target{owner: owner, name: id.ID})
	}
	for _, id := range req.ParentFolders.FolderIDs {
		owner, name, ok := findFolderID(op.who.user, id.ID)
		if !ok {
			rm := failure("ErrorInvalidIdMalformed", "Id is malformed.", "")
			targets = append(targets, target{rm: &rm})
			continue
		}
		targets = append(targets, target{owner: owner, name: name})
	}
	if len(targets) == 0 {
		return "", faultSchemaValidation(8, 20, "The element 'ParentFolderIds' has incomplete content.")
	}

	var msgs []responseMessage
	for _, t := range targets {
		switch {
		case t.rm != nil:
			msgs = append(msgs, *t.rm)
		case req.Restriction != nil || req.QueryString != nil || req.GroupBy != nil || req.DistGroupBy != nil:
			msgs = append(msgs, failure("ErrorUnsupportedQueryFilter", "The restriction or sort order is too complex for this operation.", ""))
		case req.CalendarView != nil && t.name != "calendar":
			msgs = append(msgs, failure("ErrorCalendarFolderIsInvalidForCalendarView", "The specified folder is not a calendar folder.", ""))
		default:
			total, _, _ := folderCounts(t.owner, t.name)
			if req.Traversal == "SoftDeleted" || req.Traversal == "Associated" {
				total = 0 // no recoverable items, no folder-associated items
			}
			page, f := pageOf(req, total)
			if f != nil {
				return "", f
			}
			var items strings.Builder
			for i := page.start; i < page.end; i++ {
				items.WriteString(messageAt(t.owner, t.name, i).xml(shape))
			}
			msgs = append(msgs, success(page.rootFolder(items.String())))
		}
	}
	return operationResponse("FindItem", msgs), nil
}

// page is the slice [start, end) of a folder's items and the RootFolder
// attributes that describe it.
type page struct {
	start, end int
	attrs      string
}

func (p page) rootFolder(items string) string {
	if items == "" {
		return `<m:RootFolder ` + p.attrs + `><t:Items/></m:RootFolder>`
	}
	return `<m:RootFolder ` + p.attrs + `><t:Items>` + items + `</t:Items></m:RootFolder>`
}

func pageOf(req findItemRequest, total int) (page, *fault) {
	badAttr := func(name, value, datatype string) *fault {
		return faultSchemaValidation(5, 30, fmt.Sprintf("The '%s' attribute is invalid - The value '%s' is invalid according to its datatype '%s'.", name, value, datatype))
	}
	number := func(name, value string, fallback int) (int, *fault) {
		if value == "" {
			return fallback, nil
		}
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return 0, badAttr(name, value, "http://www.w3.org/2001/XMLSchema:int")
		}
		return n, nil
	}
	switch {
	case req.IndexedPage != nil:
		v := req.IndexedPage
		max, f := number("MaxEntriesReturned", v.MaxEntries, findItemLimit)
		if f != nil {
			return page{}, f
		}
		offset, f := number("Offset", v.Offset, 0)
		if f != nil {
			return page{}, f
		}
		max = min(max, findItemLimit)
		var p page
		switch v.BasePoint {
		case "Beginning":
			p.start = min(offset, total)
			p.end = min(p.start+max, total)
			p.attrs = fmt.Sprintf(`IndexedPagingOffset="%d" TotalItemsInView="%d" IncludesLastItemInRange="%t"`, p.end, total, p.end >= total)
		case "End":
			p.end = max0(total - offset)
			p.start = max0(p.end - max)
			p.attrs = fmt.Sprintf(`IndexedPagingOffset="%d" TotalItemsInView="%d" IncludesLastItemInRange="%t"`, offset+p.end-p.start, total, p.start == 0)
		default:
			return page{}, badAttr("BasePoint", v.BasePoint, "IndexBasePointType")
		}
		return p, nil
	case req.FractionalPage != nil:
		v := req.FractionalPage
		max, f := number("MaxEntriesReturned", v.MaxEntries, findItemLimit)
		if f != nil {
			return page{}, f
		}
		num, f := number("Numerator", v.Numerator, 0)
		if f != nil {
			return page{}, f
		}
		den, f := number("Denominator", v.Denominator, 1)
		if f != nil {
			return page{}, f
		}
		if den == 0 {
			den = 1
		}
		var p page
		p.start = min(total*num/den, total)
		p.end = min(p.start+min(max, findItemLimit), total)
		p.attrs = fmt.Sprintf(`NumeratorOffset="%d" AbsoluteDenominator="%d" TotalItemsInView="%d" IncludesLastItemInRange="%t"`, p.end, total, total, p.end >= total)
		return p, nil
	default:
		p := page{end: min(total, findItemLimit)}
		p.attrs = fmt.Sprintf(`TotalItemsInView="%d" IncludesLastItemInRange="%t"`, total, p.end >= total)
		return p, nil
	}
}

func max0(n int) int {
	if n < 0 {
		return 0
	}
	return n
}
