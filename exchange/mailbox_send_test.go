package exchange

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckMailbox(t *testing.T) {
	tests := []struct {
		name      string
		getFolder string
		resolve   string
		want      Code
		detail    []string
	}{
		{name: "mailbox, one SMTP match", resolve: resolveNamesOne(testEmail, "Alice Example")},
		{name: "mailbox, match differs in case", resolve: resolveNamesOne("Alice@Contoso.TEST", "Alice Example")},
		{name: "mailbox, multiple results with the exact one", resolve: resolveNames2("Warning", "ErrorNameResolutionMultipleResults",
			[][3]string{{"alicia@contoso.test", "SMTP", "Alicia"}, {testEmail, "SMTP", "Alice Example"}})},
		{name: "mailbox, multiple results without it", resolve: resolveNames2("Warning", "ErrorNameResolutionMultipleResults",
			[][3]string{{"alicia@contoso.test", "SMTP", "Alicia"}, {"alison@contoso.test", "SMTP", "Alison"}}),
			want: CodeMailboxNoSMTP, detail: []string{"alicia@contoso.test"}},
		{name: "mailbox, only an EX address", resolve: resolveNames2("Success", "NoError", [][3]string{{"/o=Contoso/ou=Exchange/cn=alice", "EX", "Alice"}}),
			want: CodeMailboxNoSMTP, detail: []string{"EX"}},
		{name: "mailbox, no results", resolve: resolveNoResults, want: CodeMailboxNoSMTP, detail: []string{"ErrorNameResolutionNoResults", "No results were found."}},
		{name: "mailbox, GetFolder found none", getFolder: getFolderNoMailbox, want: CodeMailboxNoSMTP, detail: []string{"ErrorNonExistentMailbox", "no mailbox associated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			f.answer = func(op string, body []byte) (int, string) {
				switch {
				case op == "GetFolder" && tt.getFolder != "":
					return 200, soapAnswer(svi2019, tt.getFolder)
				case op == "ResolveNames":
					if !strings.Contains(string(body), "<m:UnresolvedEntry>"+testEmail+"</m:UnresolvedEntry>") {
						return 500, "unexpected request"
					}
					return 200, soapAnswer(svi2019, tt.resolve)
				}
				return healthyAnswer(op, body)
			}
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "version"); err != nil {
				t.Fatal(err)
			}
			res, err := s.CheckMailbox(context.Background())
			if p := wantCode(t, err, tt.want); p != nil {
				wantDetail(t, p, tt.detail...)
				return
			}
			if !strings.EqualFold(res.SMTPAddress, testEmail) || res.DisplayName != "Alice Example" {
				t.Errorf("got %+v", res)
			}
		})
	}
}

func TestSendTestMessage(t *testing.T) {
	tests := []struct {
		name   string
		status int
		answer string
		want   Code
		detail []string
	}{
		{name: "send, success", status: 200, answer: soapAnswer(svi2019, createItemSuccess)},
		{name: "send, send as denied", status: 200, answer: soapAnswer(svi2019, createItemSendAsDenied),
			want: CodeSendAsDenied, detail: []string{"ErrorSendAsDenied", "does not have the right", "signed in as alice@contoso.test", "sending from " + testEmail}},
		{name: "send, quota", status: 200, answer: soapAnswer(svi2019, strings.ReplaceAll(createItemSendAsDenied, "ErrorSendAsDenied", "ErrorQuotaExceeded")),
			want: CodeSendFailed, detail: []string{"ErrorQuotaExceeded"}},
		{name: "send, fault", status: 500, answer: soapAnswer(svi2019, `<s:Fault><faultcode>s:Client</faultcode><faultstring>The request failed schema validation.</faultstring></s:Fault>`),
			want: CodeSendFailed, detail: []string{"schema validation"}},
		{name: "send, forbidden", status: 403, answer: "", want: CodeEWSDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			var sent atomic.Value
			f.answer = func(op string, body []byte) (int, string) {
				if op == "CreateItem" {
					sent.Store(string(body))
					return tt.status, tt.answer
				}
				return healthyAnswer(op, body)
			}
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "mailbox"); err != nil {
				t.Fatal(err)
			}
			res, err := s.SendTestMessage(context.Background(), "helpdesk@contoso.test")
			if p := wantCode(t, err, tt.want); p != nil {
				wantDetail(t, p, tt.detail...)
				return
			}
			body, _ := sent.Load().(string)
			if res.From != testEmail || res.Bcc != "helpdesk@contoso.test" || !strings.HasPrefix(res.Subject, testSubject) ||
				!strings.Contains(body, "helpdesk@contoso.test") || !strings.Contains(body, res.Subject) {
				t.Errorf("got %+v for request %s", res, body)
			}
		})
	}
}

// NTLM signs in a connection; if the server drops it between steps, the
// next request signs in again once, on the new connection.
func TestSendAfterConnectionLost(t *testing.T) {
	f := newFakeEWS()
	ts, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	if err := runUntil(t, s, "mailbox"); err != nil {
		t.Fatal(err)
	}
	ts.CloseClientConnections()
	time.Sleep(100 * time.Millisecond) // as after an idle timeout: the client has seen the close
	if _, err := s.SendTestMessage(context.Background(), ""); err != nil {
		t.Fatalf("send after reconnect: %v", err)
	}
	if conns, hs := s.Stats(); conns != 2 || hs != 2 {
		t.Errorf("%d connections, %d handshakes; want 2 and 2", conns, hs)
	}
}

func TestStepsBeforeSignIn(t *testing.T) {
	s := NewSession("https://"+testHost+ewsPath, Network{}, Credentials{})
	ctx := context.Background()
	if _, err := s.CheckVersion(ctx); err != errNotSignedIn {
		t.Errorf("CheckVersion: %v", err)
	}
	if _, err := s.CheckMailbox(ctx); err != errNotSignedIn {
		t.Errorf("CheckMailbox: %v", err)
	}
	if _, err := s.SendTestMessage(ctx, ""); err != errNotSignedIn {
		t.Errorf("SendTestMessage: %v", err)
	}
}

// A custom login opens the email's mailbox (a shared one) in GetFolder.
func TestCheckMailboxSharedWithoutFullAccess(t *testing.T) {
	f := newFakeEWS()
	f.answer = func(op string, body []byte) (int, string) {
		if op == "GetFolder" && strings.Contains(string(body), "<t:EmailAddress>sales@contoso.test</t:EmailAddress>") {
			return 200, soapAnswer(svi2019, strings.NewReplacer("ErrorNonExistentMailbox", "ErrorAccessDenied",
				"The SMTP address has no mailbox associated with it.", "Access is denied. Check credentials and try again.").Replace(getFolderNoMailbox))
		}
		return healthyAnswer(op, body)
	}
	_, s := startFakeEWS(t, f, Credentials{Email: "sales@contoso.test", Login: `CONTOSO\alice`, Password: testPassword})
	if err := runUntil(t, s, "version"); err != nil {
		t.Fatal(err)
	}
	_, err := s.CheckMailbox(context.Background())
	p := wantCode(t, err, CodeEWSDisabled)
	wantDetail(t, p, `inbox of sales@contoso.test as CONTOSO\alice`, "ErrorAccessDenied")
}

// RecipientAtFault is set only when the server refused the test message's
// recipient, so that "change the test recipient" is offered only where it
// can help.
func TestClassifySendRecipientAtFault(t *testing.T) {
	fault := func(code, text string) string {
		return `<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:` + code + `</faultcode><faultstring>` + text +
			`</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">` + code + `</e:ResponseCode></detail></s:Fault>`
	}
	tests := []struct {
		name      string
		status    int
		body      string
		want      Code
		recipient bool
	}{
		{"send, invalid recipients", 200, createItemError("ErrorInvalidRecipients", "One or more recipients are invalid."), CodeSendFailed, true},
		{"send, recipient address malformed", 200, createItemError("ErrorInvalidSmtpAddress", "The SMTP address format is invalid."), CodeSendFailed, true},
		{"send, recipient not found", 200, createItemError("ErrorRecipientNotFound", "The recipient could not be found."), CodeSendFailed, true},
		{"send, invalid recipients as a fault", 500, fault("ErrorInvalidRecipients", "One or more recipients are invalid."), CodeSendFailed, true},
		{"send, send as denied", 200, createItemSendAsDenied, CodeSendAsDenied, false},
		{"send, mailbox full", 200, createItemError("ErrorQuotaExceeded", "Mailbox has exceeded maximum mailbox size."), CodeSendFailed, false},
		{"send, submission quota", 200, createItemError("ErrorSubmissionQuotaExceeded", "The message couldn't be sent because the sender's submission quota was exceeded."), CodeSendFailed, false},
		{"send, message too big", 200, createItemError("ErrorMessageSizeExceeded", "The message exceeds the maximum supported size."), CodeSendFailed, false},
		{"send, schema fault", 500, fault("ErrorSchemaValidation", "The request failed schema validation."), CodeSendFailed, false},
		{"send, no ResponseCode", 200, createItemError("", "Something went wrong."), CodeSendFailed, false},
	}
	s := NewSession("https://"+testHost+ewsPath, Network{}, Credentials{Email: testEmail})
	msg := testMessage{From: testEmail, Bcc: "helpdesk@contoso.test"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &ewsReply{status: tt.status, statusLine: statusLine(tt.status), body: []byte(soapAnswer(svi2019, tt.body))}
			p := s.classifySend(r, msg)
			if p == nil || p.Code != tt.want {
				t.Fatalf("got %v, want %s", p, tt.want)
			}
			if p.RecipientAtFault != tt.recipient {
				t.Errorf("RecipientAtFault = %v, want %v (%s)", p.RecipientAtFault, tt.recipient, p.Detail)
			}
			if tt.want == CodeSendFailed && !strings.Contains(p.Detail, "BCC helpdesk@contoso.test") {
				t.Errorf("detail does not name the recipient: %q", p.Detail)
			}
		})
	}
}
