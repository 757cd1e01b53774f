package exchange

import (
	"context"
	"strings"
	"testing"

	"ewsconnect/i18n"
)

func TestServerSaid(t *testing.T) {
	long := strings.Repeat("word ", 100)
	tests := []struct {
		name, where, text, want string
	}{
		{"its own full stop, nothing added after the quote", "", "Access is denied. Check credentials and try again.",
			`the server said: "Access is denied. Check credentials and try again."`},
		{"no full stop of its own", "", "The referenced account is currently locked out",
			`the server said: "The referenced account is currently locked out"`},
		{"named header", "x-ms-diagnostics", `2000003;reason="The audience claim value is invalid"`,
			`the server said in x-ms-diagnostics: "2000003;reason='The audience claim value is invalid'"`},
		{"white space and controls", "", "  Quota\u009b2J\n\texceeded\u202e  ", `the server said: "Quota2J exceeded"`},
		{"nothing said", "", " \n ", ""},
		{"Polish quotes cannot end a Polish quotation", "", "Błąd „przekroczono limit”", `the server said: "Błąd 'przekroczono limit'"`},
		{"long text closes its quote", "", long, `the server said: "` + strings.TrimSpace(long[:maxQuotedLen]) + `…"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Said(tt.where, tt.text).In(i18n.EN); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSeenSkipsEmptyPieces(t *testing.T) {
	got := Seen(i18n.Verbatim("HTTP 403 Forbidden"), i18n.Verbatim(""), i18n.Verbatim(" "), Said("", "No.")).In(i18n.EN)
	if want := `HTTP 403 Forbidden; the server said: "No."`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Said("x-ms-diagnostics", "2000003").In(i18n.PL); got != "serwer odpowiedział w x-ms-diagnostics: „2000003”" {
		t.Errorf("Polish: %q", got)
	}
}

// Every detail that repeats the server's words quotes them as its words,
// last, with nothing run into their own punctuation ("try again.;").
func TestServerWordsInDetailsAreQuoted(t *testing.T) {
	const text = "Access is denied. Check credentials and try again."
	env, err := parseSOAP([]byte(soapAnswer(svi2019, accessDeniedFault)))
	if err != nil {
		t.Fatal(err)
	}
	msg := &responseMessage{ResponseCode: "ErrorQuotaExceeded", MessageText: "Mailbox has exceeded maximum mailbox size."}
	s := NewSession("https://"+testHost+ewsPath, Network{}, Credentials{Email: testEmail})
	s.auth = &authState{scheme: schemeNTLM}
	_, busyErr := s.settleBusy(context.Background(), getFolderInbox(testEmail), busyReply(busyFault("297749")))
	forbiddenReply := &ewsReply{status: 403, statusLine: "403 Forbidden", body: []byte(soapAnswer(svi2019, accessDeniedFault))}
	details := map[string]string{
		"soap fault":       soapSeen(env).In(i18n.EN),
		"response message": NewProblem(CodeServerError, nil, msg.evidence()).Detail,
		"forbidden":        forbidden(forbiddenReply, s.afterSignIn()).Detail,
		"server error":     serverError(&ewsReply{status: 500, statusLine: "500 Internal Server Error", body: forbiddenReply.body}, toRequest("GetFolder")).Detail,
		"mailbox":          AsProblem(s.explainGetFolder(context.Background(), testEmail, &responseMessage{ResponseCode: "ErrorAccessDenied", MessageText: text})).Detail,
		"server busy":      AsProblem(busyErr).Detail,
		"send failed": s.classifySend(&ewsReply{status: 200, statusLine: "200 OK",
			body: []byte(soapAnswer(svi2019, createItemError("ErrorQuotaExceeded", msg.MessageText)))}, testMessage{From: testEmail, Bcc: testEmail}).Detail,
		"send as denied": s.classifySend(&ewsReply{status: 200, statusLine: "200 OK",
			body: []byte(soapAnswer(svi2019, createItemSendAsDenied))}, testMessage{From: testEmail, Bcc: testEmail}).Detail,
	}
	for name, d := range details {
		if strings.Contains(d, ".;") || strings.Contains(d, `.".`) || strings.Contains(d, "MessageText:") {
			t.Errorf("%s: server words run into our punctuation or unquoted: %q", name, d)
		}
		if !strings.HasSuffix(d, `."`) {
			t.Errorf("%s: the server's words should come last, quoted: %q", name, d)
		}
		if !strings.Contains(d, `the server said: "`) {
			t.Errorf("%s: not marked as the server's words: %q", name, d)
		}
	}
}
