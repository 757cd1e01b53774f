package exchangesim

import "encoding/xml"

// GetItem is here because FindItem alone is not enough to list a folder:
// exchangelib asks FindItem for ids only and then GetItem for the
// properties. It answers for the made-up messages of ews_items.go; any
// other id is malformed or not found, one response message per id, as
// Exchange does.

type getItemRequest struct {
	ItemShape *itemShapeXML `xml:"http://schemas.microsoft.com/exchange/services/2006/messages ItemShape"`
	ItemIds   struct {
		IDs []struct {
			XMLName xml.Name
			ID      string `xml:"Id,attr"`
		} `xml:",any"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/messages ItemIds"`
}

func (op ewsOperation) getItem() (string, *fault) {
	var req getItemRequest
	if f := op.req.decodeOperation(&req); f != nil {
		return "", f
	}
	shape, f := shapeOf("GetItem", req.ItemShape, true)
	if f != nil {
		return "", f
	}
	var msgs []responseMessage
	for _, id := range req.ItemIds.IDs {
		if id.XMLName.Space != nsTypes || id.XMLName.Local != "ItemId" {
			// OccurrenceItemId, RecurringMasterItemId: there are no calendar items.
			msgs = append(msgs, failure("ErrorInvalidIdMalformed", "Id is malformed.", "<m:Items/>"))
			continue
		}
		owner, folder, index, ok, found := parseItemID(id.ID)
		switch {
		case !ok:
			msgs = append(msgs, failure("ErrorInvalidIdMalformed", "Id is malformed.", "<m:Items/>"))
		case !found:
			msgs = append(msgs, failure("ErrorItemNotFound", "The specified object was not found in the store.", "<m:Items/>"))
		case owner != op.who.user && !op.who.user.mayOpen(owner.smtp):
			msgs = append(msgs, failure("ErrorAccessDenied", "Access is denied. Check credentials and try again.", "<m:Items/>"))
		default:
			msgs = append(msgs, success("<m:Items>"+messageAt(owner, folder, index).xml(shape)+"</m:Items>"))
		}
	}
	if len(msgs) == 0 {
		return "", faultSchemaValidation(5, 20, "The element 'ItemIds' has incomplete content.")
	}
	return operationResponse("GetItem", msgs), nil
}
