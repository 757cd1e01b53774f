package exchangesim

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// The EWS namespaces. Real servers use http://, never https:// (ews-notes §0).
const (
	nsSOAP     = "http://schemas.xmlsoap.org/soap/envelope/"
	nsMessages = "http://schemas.microsoft.com/exchange/services/2006/messages"
	nsTypes    = "http://schemas.microsoft.com/exchange/services/2006/types"
	nsErrors   = "http://schemas.microsoft.com/exchange/services/2006/errors"
	nsXSI      = "http://www.w3.org/2001/XMLSchema-instance"
	nsXSD      = "http://www.w3.org/2001/XMLSchema"
)

// serverVersionInfo is the SOAP header every EWS answer carries. Exchange
// 2007 RTM writes it with a t: prefix and without a Version attribute.
func serverVersionInfo(rel release) string {
	if rel.schema == "" {
		return fmt.Sprintf(`<t:ServerVersionInfo MajorVersion="%d" MinorVersion="%d" MajorBuildNumber="%d" MinorBuildNumber="%d" xmlns:t="%s"/>`,
			rel.major, rel.minor, rel.build, rel.rev, nsTypes)
	}
	return fmt.Sprintf(`<h:ServerVersionInfo MajorVersion="%d" MinorVersion="%d" MajorBuildNumber="%d" MinorBuildNumber="%d" Version="%s" xmlns:h="%s" xmlns="%s" xmlns:xsd="%s" xmlns:xsi="%s"/>`,
		rel.major, rel.minor, rel.build, rel.rev, rel.schema, nsTypes, nsTypes, nsXSD, nsXSI)
}

// writeEnvelope sends body (the content of s:Body) in a SOAP 1.1 envelope.
func writeEnvelope(w http.ResponseWriter, status int, rel release, body string) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>`)
	fmt.Fprintf(&b, `<s:Envelope xmlns:s="%s">`, nsSOAP)
	b.WriteString(`<s:Header>` + serverVersionInfo(rel) + `</s:Header>`)
	fmt.Fprintf(&b, `<s:Body xmlns:xsi="%s" xmlns:xsd="%s">`, nsXSI, nsXSD)
	b.WriteString(body)
	b.WriteString(`</s:Body></s:Envelope>`)
	reply(w, status, "text/xml; charset=utf-8", []byte(b.String()))
}

// responseMessage is one m:*ResponseMessage: its class and code, the text
// for warnings and errors, and the payload container (e.g. <m:Folders/>).
type responseMessage struct {
	class   string // Success, Warning or Error
	code    string
	text    string
	payload string
}

func success(payload string) responseMessage {
	return responseMessage{class: "Success", code: "NoError", payload: payload}
}

func failure(code, text, payload string) responseMessage {
	return responseMessage{class: "Error", code: code, text: text, payload: payload}
}

// operationResponse wraps response messages in m:<op>Response, children in
// the schema's order: MessageText, ResponseCode, DescriptiveLinkKey, payload.
func operationResponse(op string, msgs []responseMessage) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<m:%sResponse xmlns:m="%s" xmlns:t="%s"><m:ResponseMessages>`, op, nsMessages, nsTypes)
	for _, m := range msgs {
		fmt.Fprintf(&b, `<m:%sResponseMessage ResponseClass="%s">`, op, m.class)
		if m.class != "Success" {
			fmt.Fprintf(&b, `<m:MessageText>%s</m:MessageText>`, xmlEscape(m.text))
		}
		fmt.Fprintf(&b, `<m:ResponseCode>%s</m:ResponseCode>`, m.code)
		if m.class != "Success" {
			b.WriteString(`<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>`)
		}
		b.WriteString(m.payload)
		fmt.Fprintf(&b, `</m:%sResponseMessage>`, op)
	}
	fmt.Fprintf(&b, `</m:ResponseMessages></m:%sResponse>`, op)
	return b.String()
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
