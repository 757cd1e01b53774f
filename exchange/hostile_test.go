package exchange

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// createItemError is a CreateItem answer whose MessageText a hostile
// server chose.
func createItemError(code, text string) string {
	return `<m:CreateItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` +
		`<m:ResponseMessages><m:CreateItemResponseMessage ResponseClass="Error"><m:MessageText>` + text +
		`</m:MessageText><m:ResponseCode>` + code + `</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Items/>` +
		`</m:CreateItemResponseMessage></m:ResponseMessages></m:CreateItemResponse>`
}

// Server text reaches the evidence without anything a terminal would act
// on: C1 controls (CSI), bidi overrides and zero-width characters are all
// valid XML, so a server can send them.
func TestHostileServerTextIsSanitised(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		want     Code
		evidence string
	}{
		{"send, C1 escape and bidi override in MessageText",
			createItemError("ErrorQuotaExceeded", "Quota\u009b2J\u009b31m exceeded\u202e\u200bnoisrev"),
			CodeSendFailed, "Quota2J31m exceeded"},
		{"send, raw ESC makes the XML invalid",
			createItemError("ErrorQuotaExceeded", "bad \x1b]0;pwned\x07 text"),
			CodeSendFailed, "without a SOAP answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			f.answer = func(op string, body []byte) (int, string) {
				if op == "CreateItem" {
					return 200, soapAnswer(svi2019, tt.body)
				}
				return healthyAnswer(op, body)
			}
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			err := runUntil(t, s, "send")
			p := wantCode(t, err, tt.want)
			for _, bad := range []string{"\x1b", "\x07", "\u009b", "\u202e", "\u200b"} {
				if strings.Contains(p.Detail, bad) || strings.Contains(p.Error(), bad) {
					t.Errorf("evidence keeps %q: %q", bad, p.Detail)
				}
			}
			if tt.evidence != "" {
				wantDetail(t, p, tt.evidence)
			}
		})
	}
}

// A server that streams an endless error page costs one capped read, not
// the machine's memory or the rest of the timeout.
func TestHostileServerEndlessBody(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	cert := ca.issue(t, leafOptions{cn: testHost})
	chunk := []byte(strings.Repeat("<p>busy</p>", 1000))
	ts := startTLSServer(t, cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	s := NewSession(ts.url(), testNetwork("127.0.0.1:"+ts.port(), ca.pool), Credentials{Email: testEmail, Password: testPassword})
	defer s.Close()
	start := time.Now()
	err := runUntil(t, s, "endpoint")
	wantCode(t, err, CodeServerError)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v to give up on an endless body", took)
	}
}
