package exchangesim

import "testing"

// FuzzParseSOAP feeds hostile request bodies to the SOAP reader and the
// operations; they must answer with a fault or a response, never panic.
// The seeds run as a normal test.
func FuzzParseSOAP(f *testing.F) {
	for _, seed := range []string{
		envelope("Exchange2010_SP2", getInbox),
		envelope("Exchange2010_SP2", getInboxOf("sales@contoso.test")),
		envelope("Exchange2010_SP2", resolveName("a")),
		envelope("Exchange2010_SP2", sendTest("sales@contoso.test", "x@y.z")),
		envelope("", `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message/><t:CalendarItem/></m:Items></m:CreateItem>`),
		`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">&a;</s:Envelope>`,
		`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>`,
		"",
	} {
		f.Add([]byte(seed))
	}
	frank := findLogin("CONTOSO", "frank")
	srv := &Server{}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, flt := parseSOAP(body)
		if flt != nil {
			return
		}
		_ = checkVersionHeader(exchange2019CU14, req)
		op := ewsOperation{server: srv, host: &demoHosts[0], who: signedIn{frank, `CONTOSO\frank`}, req: req}
		_, _ = op.answer()
	})
}
