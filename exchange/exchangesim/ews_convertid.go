package exchangesim

import (
	"fmt"
	"strings"
)

// ConvertId is here because clients use it as a cheap probe: exchangelib
// guesses the server version by sending it with a dummy id (Id="DUMMY",
// Mailbox="DUMMY") under each RequestServerVersion, newest first, and
// takes the first answer that is not a version fault. A real server
// answers that probe with HTTP 200 and an Error response message, whose
// SOAP header carries ServerVersionInfo.
//
// The simulator's ids are not real store ids, so no id ever converts: the
// answer is always an error, chosen the way Exchange checks a source id
// (mailbox address first, then the mailbox, then the id itself).

type convertIDRequest struct {
	DestinationFormat string `xml:"DestinationFormat,attr"`
	SourceIds         struct {
		IDs []struct {
			ID      string `xml:"Id,attr"`
			Format  string `xml:"Format,attr"`
			Mailbox string `xml:"Mailbox,attr"`
		} `xml:",any"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/messages SourceIds"`
}

// idFormats is IdFormatType in types.xsd.
var idFormats = []string{"EwsLegacyId", "EwsId", "EntryId", "HexEntryId", "StoreId", "OwaId"}

func (op ewsOperation) convertID() (string, *fault) {
	var req convertIDRequest
	if f := op.req.decodeOperation(&req); f != nil {
		return "", f
	}
	if indexOf(idFormats, req.DestinationFormat) < 0 {
		return "", faultSchemaValidation(4, 30, fmt.Sprintf("The 'DestinationFormat' attribute is invalid - The value '%s' is invalid according to its datatype 'IdFormatType' - The Enumeration constraint failed.", req.DestinationFormat))
	}
	var msgs []responseMessage
	for _, id := range req.SourceIds.IDs {
		if indexOf(idFormats, id.Format) < 0 {
			return "", faultSchemaValidation(6, 40, fmt.Sprintf("The 'Format' attribute is invalid - The value '%s' is invalid according to its datatype 'IdFormatType' - The Enumeration constraint failed.", id.Format))
		}
		switch {
		case id.Mailbox != "" && !strings.Contains(id.Mailbox, "@"):
			msgs = append(msgs, failure("ErrorInvalidSmtpAddress", "The SMTP address format is invalid.", ""))
		case id.Mailbox != "" && findMailbox(id.Mailbox) == nil:
			msgs = append(msgs, failure("ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it.", ""))
		default:
			msgs = append(msgs, failure("ErrorInvalidIdMalformed", "Id is malformed.", ""))
		}
	}
	if len(msgs) == 0 {
		return "", faultSchemaValidation(5, 20, "The element 'SourceIds' has incomplete content.")
	}
	return operationResponse("ConvertId", msgs), nil
}
