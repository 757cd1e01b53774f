package exchangesim

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// fault is an EWS SOAP fault: what EWS answers when it cannot even start
// an operation (bad version, bad XML, access denied).
type fault struct {
	status     int
	code       string // ResponseCode, also the faultcode's local name
	text       string
	messageXML string // optional t:MessageXml content
}

// The faults the simulator sends; the texts are the EWS Managed API's
// summaries (ews-notes §3).
func faultInvalidRequest() *fault {
	return &fault{status: http.StatusInternalServerError, code: "ErrorInvalidRequest", text: "The request is invalid."}
}

func faultInvalidServerVersion() *fault {
	return &fault{status: http.StatusInternalServerError, code: "ErrorInvalidServerVersion", text: "The specified server version is invalid."}
}

func faultAccessDenied() *fault {
	return &fault{status: http.StatusForbidden, code: "ErrorAccessDenied", text: "Access is denied. Check credentials and try again."}
}

// faultServerBusy is throttling (ErrorServerBusy) with the back-off in
// MessageXml, as exchangelib's capture of a real server has it.
func faultServerBusy(backOff time.Duration) *fault {
	return &fault{
		status:     http.StatusInternalServerError,
		code:       "ErrorServerBusy",
		text:       "The server cannot service this request right now. Try again later.",
		messageXML: fmt.Sprintf(`<t:Value Name="BackOffMilliseconds">%d</t:Value>`, backOff.Milliseconds()),
	}
}

// faultSchemaValidation reports a schema violation at line:pos. Only XML
// syntax errors carry the real position; for the others it is nominal, as
// nothing reads it but people.
func faultSchemaValidation(line, pos int, violation string) *fault {
	return &fault{
		status: http.StatusInternalServerError,
		code:   "ErrorSchemaValidation",
		text:   "The request failed schema validation: " + violation,
		messageXML: fmt.Sprintf("<t:LineNumber>%d</t:LineNumber><t:LinePosition>%d</t:LinePosition><t:Violation>%s</t:Violation>",
			line, pos, xmlEscape(violation)),
	}
}

// writeFault sends f with the release's ServerVersionInfo in the header,
// as Exchange does on most faults.
func writeFault(w http.ResponseWriter, rel release, f *fault) {
	var b strings.Builder
	b.WriteString(`<s:Fault>`)
	fmt.Fprintf(&b, `<faultcode xmlns:a="%s">a:%s</faultcode>`, nsTypes, f.code)
	fmt.Fprintf(&b, `<faultstring xml:lang="en-US">%s</faultstring>`, xmlEscape(f.text))
	b.WriteString(`<detail>`)
	fmt.Fprintf(&b, `<e:ResponseCode xmlns:e="%s">%s</e:ResponseCode>`, nsErrors, f.code)
	fmt.Fprintf(&b, `<e:Message xmlns:e="%s">%s</e:Message>`, nsErrors, xmlEscape(f.text))
	if f.messageXML != "" {
		fmt.Fprintf(&b, `<t:MessageXml xmlns:t="%s">%s</t:MessageXml>`, nsTypes, f.messageXML)
	}
	b.WriteString(`</detail></s:Fault>`)
	writeEnvelope(w, f.status, rel, b.String())
}
