package autodiscoverwire

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

const settingsBoth = `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <User><DisplayName>Alice</DisplayName></User>
    <Account>
      <AccountType>email</AccountType>
      <Action>settings</Action>
      <Protocol>
        <Type>EXCH</Type>
        <ASUrl>https://exch01.corp.local/EWS/Exchange.asmx</ASUrl>
        <EwsUrl>https://exch01.corp.local/EWS/Exchange.asmx</EwsUrl>
      </Protocol>
      <Protocol>
        <Type>EXPR</Type>
        <EwsUrl>https://mail.contoso.test/EWS/Exchange.asmx</EwsUrl>
      </Protocol>
      <Protocol>
        <Type>WEB</Type>
        <Internal><OWAUrl AuthenticationMethod="Basic, Fba">https://mail.contoso.test/owa/</OWAUrl></Internal>
      </Protocol>
    </Account>
  </Response>
</Autodiscover>`

func TestParsePOX(t *testing.T) {
	tests := []struct {
		name                  string
		in                    string
		wantErr               error // nil: must parse
		action                string
		url, from             string
		internal              bool
		redirectURL, redirect string
		errCode, errMessage   string
	}{
		{name: "settings, EXPR preferred to EXCH", in: settingsBoth, action: ActionSettings,
			url: "https://mail.contoso.test/EWS/Exchange.asmx", from: "EXPR EwsUrl"},
		{name: "settings, EXCH only is internal",
			in:     `<Autodiscover><Response><Account><Action>settings</Action><Protocol><Type>EXCH</Type><EwsUrl>https://exch01.corp.local/EWS/Exchange.asmx</EwsUrl></Protocol></Account></Response></Autodiscover>`,
			action: ActionSettings, url: "https://exch01.corp.local/EWS/Exchange.asmx", from: "EXCH EwsUrl", internal: true},
		{name: "settings, EXPR order does not matter",
			in:     `<Autodiscover><Response><Account><Action>settings</Action><Protocol><Type>EXPR</Type><EwsUrl>https://x.test/EWS/Exchange.asmx</EwsUrl></Protocol><Protocol><Type>EXCH</Type><EwsUrl>https://y.local/EWS/Exchange.asmx</EwsUrl></Protocol></Account></Response></Autodiscover>`,
			action: ActionSettings, url: "https://x.test/EWS/Exchange.asmx", from: "EXPR EwsUrl"},
		{name: "settings, only an ASUrl",
			in:     `<Autodiscover><Response><Account><Action>settings</Action><Protocol><Type>EXCH</Type><ASUrl>https://y.local/EWS/Exchange.asmx</ASUrl></Protocol></Account></Response></Autodiscover>`,
			action: ActionSettings, url: "https://y.local/EWS/Exchange.asmx", from: "EXCH ASUrl", internal: true},
		{name: "settings, prefixed namespaces",
			in:     `<a:Autodiscover xmlns:a="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006" xmlns:b="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><b:Response><b:Account><b:Action>Settings</b:Action><b:Protocol><b:Type>EXPR</b:Type><b:EwsUrl> https://x.test/EWS/Exchange.asmx </b:EwsUrl></b:Protocol></b:Account></b:Response></a:Autodiscover>`,
			action: ActionSettings, url: "https://x.test/EWS/Exchange.asmx", from: "EXPR EwsUrl"},
		{name: "redirectUrl",
			in:     `<Autodiscover><Response><Account><Action>redirectUrl</Action><RedirectUrl>https://autodiscover.hosted.test/autodiscover/autodiscover.xml</RedirectUrl></Account></Response></Autodiscover>`,
			action: ActionRedirectURL, redirectURL: "https://autodiscover.hosted.test/autodiscover/autodiscover.xml"},
		{name: "redirectAddr",
			in:     `<Autodiscover><Response><Account><Action>redirectAddr</Action><RedirectAddr>alice@tenant.mail.onmicrosoft.com</RedirectAddr></Account></Response></Autodiscover>`,
			action: ActionRedirectAddr, redirect: "alice@tenant.mail.onmicrosoft.com"},
		{name: "error 600 with the 2006 schema",
			in:      `<?xml version="1.0"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response><Error Time="12:00:00.1234567" Id="2477272013"><ErrorCode>600</ErrorCode><Message>Invalid Request</Message><DebugData/></Error></Response></Autodiscover>`,
			errCode: "600", errMessage: "Invalid Request"},
		{name: "html page", in: `<html><body>hello</body></html>`, wantErr: ErrNotPOX},
		{name: "empty", in: ``, wantErr: ErrNotPOX},
		{name: "no action, no error", in: `<Autodiscover><Response/></Autodiscover>`, wantErr: ErrNotPOX},
		{name: "too large", in: "<Autodiscover>" + strings.Repeat(" ", MaxPOXSize) + "</Autodiscover>", wantErr: ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePOX([]byte(tt.in))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if got.Action != tt.action {
				t.Errorf("got action %q, want %q", got.Action, tt.action)
			}
			url, from, internal := got.EWSURL()
			if url != tt.url || from != tt.from || internal != tt.internal {
				t.Errorf("got EWSURL %q, %q, %v, want %q, %q, %v", url, from, internal, tt.url, tt.from, tt.internal)
			}
			if got.RedirectURL != tt.redirectURL || got.RedirectAddr != tt.redirect {
				t.Errorf("got redirects %q, %q", got.RedirectURL, got.RedirectAddr)
			}
			if tt.errCode != "" && (got.Error == nil || got.Error.Code != tt.errCode || got.Error.Message != tt.errMessage) {
				t.Errorf("got error %+v, want %s %q", got.Error, tt.errCode, tt.errMessage)
			}
		})
	}
}

func TestParsePOXMalformed(t *testing.T) {
	for _, in := range []string{
		`<Autodiscover><Response>`,
		`<Autodiscover></Response>`,
		strings.Repeat("<Autodiscover>", 100),
		`<!DOCTYPE x [<!ENTITY a "aaaa">]><Autodiscover>&a;</Autodiscover>`,
	} {
		if _, err := ParsePOX([]byte(in)); err == nil {
			t.Errorf("%q parsed without error", in)
		}
	}
}

func TestRequestBodyEscapesTheAddress(t *testing.T) {
	body := RequestBody(`a<b>&"c'@contoso.test`)
	var req struct {
		Email  string `xml:"Request>EMailAddress"`
		Schema string `xml:"Request>AcceptableResponseSchema"`
	}
	if err := xml.Unmarshal(body, &req); err != nil {
		t.Fatalf("the request is not XML: %v\n%s", err, body)
	}
	if req.Email != `a<b>&"c'@contoso.test` {
		t.Errorf("got address %q", req.Email)
	}
	if req.Schema != responseSchema {
		t.Errorf("got schema %q", req.Schema)
	}
	if !bytes.Contains(body, []byte(`xmlns="`+requestSchema+`"`)) {
		t.Errorf("the request schema is missing:\n%s", body)
	}
}

func TestParseJSON(t *testing.T) {
	tests := []struct {
		name, in     string
		url, errCode string
		fails        bool
	}{
		{name: "ews url", in: `{"Protocol":"EWS","Url":"https://outlook.office365.com/EWS/Exchange.asmx"}`, url: "https://outlook.office365.com/EWS/Exchange.asmx"},
		{name: "keys in other case", in: `{"protocol":"EWS","url":"https://mail.contoso.test/EWS/Exchange.asmx"}`, url: "https://mail.contoso.test/EWS/Exchange.asmx"},
		{name: "error object", in: `{"ErrorCode":"InternalServerError","ErrorMessage":"Failed to resolve"}`, errCode: "InternalServerError"},
		{name: "not json", in: `<html>`, fails: true},
		{name: "number for url", in: `{"Url":5}`, fails: true},
		{name: "empty object", in: `{}`, fails: true},
		{name: "null", in: `null`, fails: true},
		{name: "too large", in: `{"Url":"` + strings.Repeat("a", MaxJSONSize) + `"}`, fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseJSON([]byte(tt.in))
			if tt.fails {
				if err == nil {
					t.Fatalf("got %+v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.URL != tt.url || got.ErrorCode != tt.errCode {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func FuzzParsePOX(f *testing.F) {
	f.Add([]byte(settingsBoth))
	f.Add([]byte(`<Autodiscover><Response><Account><Action>redirectAddr</Action><RedirectAddr>a@b.test</RedirectAddr></Account></Response></Autodiscover>`))
	f.Add([]byte(`<Autodiscover><Response><Error><ErrorCode>500</ErrorCode><Message>x</Message></Error></Response></Autodiscover>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePOX(b)
		if err != nil {
			return
		}
		if len(p.Protocols) > maxProtocols {
			t.Fatalf("kept %d protocols", len(p.Protocols))
		}
		url, _, _ := p.EWSURL()
		if len(url) > maxTextLen || len(p.RedirectURL) > maxTextLen || len(p.RedirectAddr) > maxTextLen {
			t.Fatal("a value exceeds the text cap")
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"Protocol":"EWS","Url":"https://outlook.office365.com/EWS/Exchange.asmx"}`))
	f.Add([]byte(`{"ErrorCode":"x","ErrorMessage":"y"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		j, err := ParseJSON(b)
		if err != nil {
			return
		}
		if j.URL == "" && j.ErrorCode == "" && j.ErrorMessage == "" {
			t.Fatal("parsed an answer with nothing in it")
		}
		if len(j.URL) > maxTextLen {
			t.Fatal("a value exceeds the text cap")
		}
	})
}
