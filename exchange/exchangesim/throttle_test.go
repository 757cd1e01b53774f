package exchangesim

import (
	"net/http"
	"testing"
)

// Throttling counts per connection: judy's first request on each
// connection is busy and the next goes through; a new connection (a new
// check) starts again; kevin and laura are busy on every request.
func TestThrottlingPerConnection(t *testing.T) {
	s := startServer(t)
	call := func(c *http.Client, login string) (int, string, string) {
		t.Helper()
		status, body := soapCall(t, c, "mail.contoso.test", login, DemoPassword, envelope("Exchange2010_SP2", getInbox))
		backOff := ""
		if v := parseXML(t, body).find(nsTypes, "Value"); v != nil {
			if name, _ := v.attr("Name"); name == "BackOffMilliseconds" {
				backOff = v.Text
			}
		}
		return status, responseCode(t, body), backOff
	}
	tests := []struct {
		login string
		want  []string // the ResponseCode of each request on one connection
		back  string
	}{
		{`CONTOSO\judy`, []string{"ErrorServerBusy", "NoError", "NoError"}, "300"},
		{`CONTOSO\kevin`, []string{"ErrorServerBusy", "ErrorServerBusy"}, "297749"},
		{`CONTOSO\laura`, []string{"ErrorServerBusy", "ErrorServerBusy"}, "300"},
		{`CONTOSO\alice`, []string{"NoError", "NoError"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.login, func(t *testing.T) {
			for conn := 1; conn <= 2; conn++ {
				c := ntlmClient(s) // its own connection
				for i, want := range tt.want {
					status, code, backOff := call(c, tt.login)
					if code != want {
						t.Fatalf("connection %d, request %d: got %s (HTTP %d), want %s", conn, i+1, code, status, want)
					}
					if code == "ErrorServerBusy" && (status != 500 || backOff != tt.back) {
						t.Errorf("busy answer: HTTP %d, BackOffMilliseconds %q; want 500 and %s", status, backOff, tt.back)
					}
				}
			}
		})
	}
}
