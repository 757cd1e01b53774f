package exchangesim

import (
	"strings"
	"testing"
	"time"
)

func passwordExpiryRequest(mailbox string) string {
	named := ""
	if mailbox != "" {
		named = `<m:MailboxSmtpAddress>` + mailbox + `</m:MailboxSmtpAddress>`
	}
	return `<m:GetPasswordExpirationDate>` + named + `</m:GetPasswordExpirationDate>`
}

// GetPasswordExpirationDate answers as Exchange does: for the account of
// the mailbox named, whoever asks, else for the signed-in account; a
// password that never expires is DateTime.MaxValue, an error carries
// DateTime's zero value. Its response is itself the response message.
func TestGetPasswordExpirationDate(t *testing.T) {
	s := startServer(t)
	soon := func(date string) bool {
		d, err := time.Parse(time.RFC3339, date)
		left := time.Until(d)
		return err == nil && left > 5*24*time.Hour-time.Minute && left <= 5*24*time.Hour
	}
	never := func(date string) bool { return date == neverExpires }
	tests := []struct {
		name, login, mailbox, version string
		code                          string
		date                          func(string) bool
	}{
		{"alice, her own", `CONTOSO\alice`, "", "Exchange2010_SP2", "NoError", never},
		{"alice, naming her mailbox", "alice@contoso.test", "alice@contoso.test", "Exchange2016", "NoError", never},
		{"erin, her own", `CONTOSO\erin`, "", "Exchange2010_SP2", "NoError", soon},
		{"erin, naming her mailbox", "erin@contoso.test", "erin@contoso.test", "Exchange2010_SP2", "NoError", soon},
		{"frank, naming the shared mailbox: the shared account's", `CONTOSO\frank`, "sales@contoso.test", "Exchange2010_SP2", "NoError", never},
		{"alice, naming erin's mailbox: erin's", `CONTOSO\alice`, "erin@contoso.test", "Exchange2010_SP2", "NoError", soon},
		{"dave has no mailbox", `CONTOSO\dave`, "", "Exchange2010_SP2", "ErrorNonExistentMailbox", func(d string) bool { return d == "0001-01-01T00:00:00" }},
		{"an unknown mailbox", `CONTOSO\alice`, "nobody@contoso.test", "Exchange2010_SP2", "ErrorNonExistentMailbox", func(d string) bool { return d == "0001-01-01T00:00:00" }},
		{"a schema older than the operation", `CONTOSO\alice`, "", "Exchange2010_SP1", "ErrorIncorrectSchemaVersion", func(d string) bool { return d == "0001-01-01T00:00:00" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := soapCall(t, ntlmClient(s), "mail.contoso.test", tt.login, DemoPassword, envelope(tt.version, passwordExpiryRequest(tt.mailbox)))
			if status != 200 {
				t.Fatalf("got %d\n%s", status, body)
			}
			root := parseXML(t, body)
			resp := root.find(nsSOAP, "Body").Children[0]
			if resp.XMLName.Space != nsMessages || resp.XMLName.Local != "GetPasswordExpirationDateResponse" {
				t.Fatalf("body holds %v, want m:GetPasswordExpirationDateResponse", resp.XMLName)
			}
			want := "ResponseCode,PasswordExpirationDate"
			class := "Success"
			if tt.code != "NoError" {
				want, class = "MessageText,ResponseCode,DescriptiveLinkKey,PasswordExpirationDate", "Error"
			}
			if got := strings.Join(resp.childNames(), ","); got != want {
				t.Errorf("children %s, want %s", got, want)
			}
			if got, _ := resp.attr("ResponseClass"); got != class {
				t.Errorf("ResponseClass %s, want %s", got, class)
			}
			if code := resp.find(nsMessages, "ResponseCode").Text; code != tt.code {
				t.Errorf("ResponseCode %s, want %s", code, tt.code)
			}
			if date := resp.find(nsMessages, "PasswordExpirationDate").Text; !tt.date(date) {
				t.Errorf("PasswordExpirationDate %q is not what %s expects", date, tt.name)
			}
		})
	}
}

// Exchange 2010 SP1 does not know the operation's schema.
func TestGetPasswordExpirationDateBefore2010SP2(t *testing.T) {
	s := startServer(t)
	status, body := soapCall(t, ntlmClient(s), "ex2010.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", passwordExpiryRequest("")))
	if code := responseCode(t, body); status != 500 || code != "ErrorInvalidServerVersion" {
		t.Errorf("got %d %s, want 500 ErrorInvalidServerVersion", status, code)
	}
}
