package exchange

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"ewsconnect/i18n"
)

// quotedOrNamed is what stays as it is in a Polish detail: the server's
// words (quoted; a quotation that the detail's length cut ends at the
// end), addresses, codes, product names and names of the protocol.
var quotedOrNamed = regexp.MustCompile(`Exchange Server|„[^”]*(”|$)|"[^"]*("|$)|\S*[./\\@=_(-]\S*|\b[A-Z][a-z]+[A-Z]\w*`)

// englishOnlyWords are English words that a Polish detail never has
// outside what stays as it is.
var englishOnlyWords = []string{"the", "and", "is", "was", "not", "of", "as", "but", "by", "in", "on", "with",
	"has", "only", "after", "server", "said", "signed", "refused", "found", "finds", "throttled", "waited", "older", "than"}

// wantSeenInPolish checks that p's detail in Polish is not the English
// one, holds each of parts, and has no English word outside quotations
// and names.
func wantSeenInPolish(t testing.TB, p *Problem, parts ...string) {
	t.Helper()
	pl := p.DetailIn(i18n.PL)
	if pl == p.Detail {
		t.Errorf("the Polish detail is the English one: %q", pl)
	}
	for _, part := range parts {
		if !strings.Contains(pl, part) {
			t.Errorf("Polish detail %q does not contain %q", pl, part)
		}
	}
	rest := quotedOrNamed.ReplaceAllString(pl, " ")
	for _, w := range strings.FieldsFunc(strings.ToLower(rest), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if slices.Contains(englishOnlyWords, w) {
			t.Errorf("the English word %q in the Polish detail %q", w, pl)
		}
	}
}

// getFolderError is a failed GetFolder with a MessageXml fragment (or "").
func getFolderError(code, text, messageXML string) string {
	if messageXML != "" {
		messageXML = "<m:MessageXml>" + messageXML + "</m:MessageXml>"
	}
	return `<m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` +
		`<m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Error"><m:MessageText>` + text + `</m:MessageText>` +
		`<m:ResponseCode>` + code + `</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>` + messageXML +
		`<m:Folders/></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse>`
}

// The mailbox step reads the signed-in GetFolder, which named the mailbox
// by the email address; ResolveNames is asked only to explain a failure.
func TestCheckMailbox(t *testing.T) {
	const shared = "sales@contoso.test"
	const guid = `<t:Value Name="MailboxGuid">f3f6f699-2254-40ce-9994-388d9d98419e</t:Value>`
	tests := []struct {
		name      string
		email     string // "" is testEmail
		login     string
		getFolder string // "" is success
		resolve   string // "" is: ResolveNames must not be asked
		want      Code
		field     Field
		detail    []string
		pl        []string // in the Polish detail
	}{
		{name: "mailbox, the named inbox opens"},
		{name: "mailbox, a custom login opens a shared mailbox", email: shared, login: `CONTOSO\alice`},
		{name: "mailbox, no such address", getFolder: getFolderNoMailbox, resolve: resolveNoResults, want: CodeMailboxNoSMTP,
			detail: []string{"GetFolder(inbox of alice@contoso.test): ResponseCode ErrorNonExistentMailbox",
				"ResolveNames(alice@contoso.test): ResponseCode ErrorNameResolutionNoResults",
				`the server said in GetFolder: "The SMTP address has no mailbox associated with it."`},
			pl: []string{"GetFolder(skrzynka odbiorcza alice@contoso.test): kod ResponseCode ErrorNonExistentMailbox",
				"ResolveNames(alice@contoso.test): kod ResponseCode ErrorNameResolutionNoResults",
				`serwer odpowiedział w GetFolder: „The SMTP address has no mailbox associated with it.”`}},
		{name: "mailbox, the directory knows other addresses", getFolder: getFolderNoMailbox,
			resolve: resolveNames2("Warning", "ErrorNameResolutionMultipleResults", [][3]string{{"alicia@contoso.test", "SMTP", "Alicia"}, {"alison@contoso.test", "SMTP", "Alison"}}),
			want:    CodeMailboxNoSMTP, detail: []string{"found: alicia@contoso.test SMTP Mailbox"}, pl: []string{"znaleziono: alicia@contoso.test SMTP Mailbox"}},
		{name: "mailbox, only an EX address", getFolder: getFolderNoMailbox,
			resolve: resolveNames2("Success", "NoError", [][3]string{{"/o=Contoso/ou=Exchange/cn=alice", "EX", "Alice"}}),
			want:    CodeMailboxNoSMTP, detail: []string{"/o=Contoso/ou=Exchange/cn=alice EX"}},
		{name: "mailbox, the login has no mailbox", getFolder: getFolderError("ErrorMissingEmailAddress", "When making a request as an account that does not have a mailbox, you must specify the mailbox primary SMTP address for any distinguished folder Ids.", ""),
			want: CodeMailboxNoSMTP, detail: []string{"ResponseCode ErrorMissingEmailAddress"}},
		{name: "mailbox, moved: no mailbox with such guid", getFolder: getFolderError("ErrorNonExistentMailbox", "No mailbox with such guid.", guid),
			want: CodeMailboxMoved, field: FieldNone,
			detail: []string{"GetFolder(inbox of alice@contoso.test): ResponseCode ErrorNonExistentMailbox", "mailbox GUID f3f6f699-2254-40ce-9994-388d9d98419e", `the server said: "No mailbox with such guid."`},
			pl:     []string{"skrzynka pocztowa o identyfikatorze GUID f3f6f699-2254-40ce-9994-388d9d98419e", `serwer odpowiedział: „No mailbox with such guid.”`}},
		{name: "mailbox, moved: the guid text alone", getFolder: getFolderError("ErrorNonExistentMailbox", "No mailbox with such guid.", ""),
			want: CodeMailboxMoved, field: FieldNone, detail: []string{`"No mailbox with such guid."`}},
		{name: "mailbox, moved: listed in the directory, not held here", getFolder: getFolderNoMailbox, resolve: resolveNamesOne(testEmail, "Alice Example"),
			want: CodeMailboxMoved, field: FieldNone,
			detail: []string{"ResolveNames finds alice@contoso.test as a mailbox, but this server holds no mailbox for it", "ErrorNonExistentMailbox"},
			pl:     []string{"ResolveNames znajduje alice@contoso.test jako skrzynkę pocztową, ale ten serwer nie ma skrzynki dla tego adresu"}},
		{name: "shared mailbox, access denied", email: shared, login: `CONTOSO\alice`,
			getFolder: getFolderError("ErrorAccessDenied", "Access is denied. Check credentials and try again.", ""),
			want:      CodeMailboxAccessDenied, field: FieldUsername,
			detail: []string{`CONTOSO\alice signed in, but GetFolder(inbox of sales@contoso.test as CONTOSO\alice) was refused: ResponseCode ErrorAccessDenied`,
				`the server said: "Access is denied. Check credentials and try again."`},
			pl: []string{`zalogowano się jako CONTOSO\alice, ale serwer odmówił wykonania GetFolder(skrzynka odbiorcza sales@contoso.test jako CONTOSO\alice): kod ResponseCode ErrorAccessDenied`}},
		{name: "own mailbox, access denied", getFolder: getFolderError("ErrorAccessDenied", "Access is denied. Check credentials and try again.", ""),
			want: CodeMailboxAccessDenied, field: FieldUsername, detail: []string{"alice@contoso.test signed in, but GetFolder(inbox of alice@contoso.test) was refused"}},
		{name: "shared mailbox, not found for this login but listed", email: shared, login: `CONTOSO\alice`,
			getFolder: getFolderNoMailbox, resolve: resolveNamesOne(shared, "Sales"), want: CodeMailboxAccessDenied, field: FieldUsername,
			detail: []string{"ResponseCode ErrorNonExistentMailbox", "ResolveNames finds sales@contoso.test as a mailbox"}},
		{name: "shared mailbox, item not found but listed", email: shared, login: `CONTOSO\alice`,
			getFolder: getFolderError("ErrorItemNotFound", "The specified object was not found in the store.", ""), resolve: resolveNamesOne(shared, "Sales"),
			want: CodeMailboxAccessDenied, field: FieldUsername, detail: []string{"ResponseCode ErrorItemNotFound"}},
		{name: "shared mailbox, no such address", email: shared, login: `CONTOSO\alice`, getFolder: getFolderNoMailbox, resolve: resolveNoResults,
			want: CodeMailboxNoSMTP, detail: []string{"GetFolder(inbox of sales@contoso.test as CONTOSO\\alice)", "ErrorNameResolutionNoResults"}},
		{name: "mailbox, store unavailable", getFolder: getFolderError("ErrorMailboxStoreUnavailable", "The mailbox database is temporarily unavailable.", ""),
			want: CodeServerError, field: FieldServer,
			detail: []string{"ResponseCode ErrorMailboxStoreUnavailable", "a temporary fault of the mailbox server", `the server said: "The mailbox database is temporarily unavailable."`},
			pl:     []string{"przejściowa awaria serwera skrzynek pocztowych"}},
		{name: "mailbox, move in progress", getFolder: getFolderError("ErrorMailboxMoveInProgress", "Mailbox move in progress. Try again later.", ""),
			want: CodeServerError, detail: []string{"ResponseCode ErrorMailboxMoveInProgress", `"Mailbox move in progress. Try again later."`}},
		{name: "mailbox, internal error with its inner code", getFolder: getFolderError("ErrorInternalServerError", "An internal server error occurred. The operation failed.",
			`<t:Value Name="InnerErrorResponseCode">ErrorMailboxStoreUnavailable</t:Value><t:Value Name="InnerErrorMessageText">Database is dismounted.</t:Value>`),
			want: CodeServerError, detail: []string{"ResponseCode ErrorInternalServerError (inner ErrorMailboxStoreUnavailable)"},
			pl: []string{"kod ResponseCode ErrorInternalServerError (wewnętrzny ErrorMailboxStoreUnavailable)"}},
		{name: "mailbox, transient internal error", getFolder: getFolderError("ErrorInternalServerTransientError", "An internal server error occurred. Try again later.", ""),
			want: CodeServerError, detail: []string{"ErrorInternalServerTransientError"}},
		{name: "mailbox, the directory cannot answer either", getFolder: getFolderNoMailbox,
			resolve: strings.ReplaceAll(strings.ReplaceAll(resolveNoResults, "ErrorNameResolutionNoResults", "ErrorADUnavailable"), "No results were found.", "Active Directory is unavailable."),
			want:    CodeServerError, detail: []string{"ResolveNames(alice@contoso.test): ResponseCode ErrorADUnavailable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			email := firstNonEmpty(tt.email, testEmail)
			f := newFakeEWS()
			var resolved atomic.Int32
			f.answer = func(op string, body []byte) (int, string) {
				switch op {
				case "GetFolder":
					if !strings.Contains(string(body), "<t:Mailbox><t:EmailAddress>"+email+"</t:EmailAddress></t:Mailbox>") {
						return 500, "GetFolder does not name the mailbox"
					}
					if tt.getFolder != "" {
						return 200, soapAnswer(svi2019, tt.getFolder)
					}
				case "ResolveNames":
					resolved.Add(1)
					if tt.resolve == "" || !strings.Contains(string(body), "<m:UnresolvedEntry>"+email+"</m:UnresolvedEntry>") {
						return 500, "unexpected request"
					}
					return 200, soapAnswer(svi2019, tt.resolve)
				}
				return healthyAnswer(op, body)
			}
			_, s := startFakeEWS(t, f, Credentials{Email: email, Login: tt.login, Password: testPassword})
			if err := runUntil(t, s, "version"); err != nil {
				t.Fatal(err)
			}
			res, err := s.CheckMailbox(context.Background())
			if p := wantCode(t, err, tt.want); p != nil {
				wantDetail(t, p, tt.detail...)
				wantSeenInPolish(t, p, tt.pl...)
				if tt.field != "" && p.Field != tt.field {
					t.Errorf("field %s, want %s", p.Field, tt.field)
				}
			} else if res.SMTPAddress != email {
				t.Errorf("got %+v, want the address %s", res, email)
			}
			if asked := resolved.Load() > 0; asked != (tt.resolve != "") {
				t.Errorf("ResolveNames asked: %v, want %v", asked, tt.resolve != "")
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
		pl     []string // in the Polish detail; nil: not checked
	}{
		{name: "send, success", status: 200, answer: soapAnswer(svi2019, createItemSuccess)},
		{name: "send, send as denied", status: 200, answer: soapAnswer(svi2019, createItemSendAsDenied),
			want: CodeSendAsDenied, detail: []string{"ErrorSendAsDenied", "does not have the right", "signed in as alice@contoso.test", "sending from " + testEmail},
			pl: []string{"zalogowano się jako alice@contoso.test, nadawca " + testEmail + "; kod ResponseCode ErrorSendAsDenied; serwer odpowiedział: „"}},
		{name: "send, quota", status: 200, answer: soapAnswer(svi2019, strings.ReplaceAll(createItemSendAsDenied, "ErrorSendAsDenied", "ErrorQuotaExceeded")),
			want: CodeSendFailed, detail: []string{"CreateItem (from alice@contoso.test, BCC helpdesk@contoso.test): ResponseCode ErrorQuotaExceeded"},
			pl: []string{"CreateItem (od alice@contoso.test, UDW helpdesk@contoso.test): kod ResponseCode ErrorQuotaExceeded"}},
		{name: "send, fault", status: 500, answer: soapAnswer(svi2019, `<s:Fault><faultcode>s:Client</faultcode><faultstring>The request failed schema validation.</faultstring></s:Fault>`),
			want: CodeSendFailed, detail: []string{"CreateItem (from alice@contoso.test, BCC helpdesk@contoso.test): HTTP 500 Internal Server Error; SOAP fault Client; the server said: \"The request failed schema validation.\""},
			pl: []string{"CreateItem (od alice@contoso.test, UDW helpdesk@contoso.test): odpowiedź HTTP „500 Internal Server Error”; błąd SOAP Client; serwer odpowiedział: „The request failed schema validation.”"}},
		{name: "send, not SOAP", status: 200, answer: "<html>Sent.</html>",
			want: CodeSendFailed, detail: []string{"HTTP 200 OK to CreateItem, without a SOAP answer"},
			pl: []string{"odpowiedź HTTP „200 OK” na żądanie CreateItem, bez komunikatu SOAP"}},
		{name: "send, no ResponseMessage", status: 200, answer: soapAnswer(svi2019, ""),
			want: CodeSendFailed, detail: []string{"HTTP 200 OK to CreateItem without a ResponseMessage"},
			pl: []string{"odpowiedź HTTP „200 OK” na żądanie CreateItem, bez elementu ResponseMessage"}},
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
				if tt.pl != nil {
					wantSeenInPolish(t, p, tt.pl...)
				}
				return
			}
			body, _ := sent.Load().(string)
			if res.From != testEmail || res.Bcc != "helpdesk@contoso.test" || !strings.HasPrefix(res.Subject, "ewsconnect test message ") ||
				!strings.Contains(body, "helpdesk@contoso.test") || !strings.Contains(body, res.Subject) {
				t.Errorf("got %+v for request %s", res, body)
			}
		})
	}
}

// NTLM signs in a connection; if the server drops it between steps, the
// next request signs in again once, on the new connection.
// The test message lands in a person's mailbox: it is written in the
// run's language.
func TestTestMessageInTheRunsLanguage(t *testing.T) {
	f := newFakeEWS()
	var sent atomic.Value
	f.answer = func(op string, body []byte) (int, string) {
		if op == "CreateItem" {
			sent.Store(string(body))
			return 200, soapAnswer(svi2019, createItemSuccess)
		}
		return healthyAnswer(op, body)
	}
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	s.InLanguage(i18n.PL)
	if err := runUntil(t, s, "mailbox"); err != nil {
		t.Fatal(err)
	}
	res, err := s.SendTestMessage(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := sent.Load().(string)
	if !strings.HasPrefix(res.Subject, "wiadomość testowa ewsconnect ") || !strings.Contains(body, "Możesz ją usunąć.") {
		t.Errorf("subject %q, request %s: want the Polish message", res.Subject, body)
	}
}

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
