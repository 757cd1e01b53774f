package exchange

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ewsconnect/i18n"
)

// busyFault is Exchange's ErrorServerBusy fault (exchangelib's capture in
// tests/test_services.py), with backOff as BackOffMilliseconds ("" for
// none).
func busyFault(backOff string) string {
	xml := ""
	if backOff != "" {
		xml = `<t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">` + backOff + `</t:Value></t:MessageXml>`
	}
	return `<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode>` +
		`<faultstring xml:lang="en-US">The server cannot service this request right now. Try again later.</faultstring><detail>` +
		`<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode>` +
		`<e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The server cannot service this request right now. Try again later.</e:Message>` +
		xml + `</detail></s:Fault>`
}

// busyMessage is ErrorServerBusy in a ResponseMessage (HTTP 200) of op.
func busyMessage(op, backOff string) string {
	return `<m:` + op + `Response xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` +
		`<m:ResponseMessages><m:` + op + `ResponseMessage ResponseClass="Error"><m:MessageText>The server cannot service this request right now. Try again later.</m:MessageText>` +
		`<m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>` +
		`<m:MessageXml><t:Value Name="BackOffMilliseconds">` + backOff + `</t:Value></m:MessageXml>` +
		`</m:` + op + `ResponseMessage></m:ResponseMessages></m:` + op + `Response>`
}

// busyReply is a busy fault as the client receives it.
func busyReply(fault string) *ewsReply {
	return &ewsReply{status: 500, statusLine: "500 Internal Server Error", header: http.Header{}, body: []byte(soapAnswer(svi2019, fault))}
}

func TestReadBusy(t *testing.T) {
	in90s := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name    string
		reply   *ewsReply
		busy    bool
		backOff time.Duration
		how     string
	}{
		{"fault with a back-off", busyReply(busyFault("297749")), true, 297749 * time.Millisecond, "back-off 297749 ms (BackOffMilliseconds)"},
		{"fault without a back-off", busyReply(busyFault("")), true, defaultBackOff, "without a back-off"},
		{"fault with a back-off that is no number", busyReply(busyFault("soon")), true, defaultBackOff, "without a back-off"},
		{"fault with a huge back-off", busyReply(busyFault("99999999999999999")), true, maxBackOff, "back-off 99999999999999999 ms"},
		{"response message", &ewsReply{status: 200, statusLine: "200 OK", body: []byte(soapAnswer(svi2019, busyMessage("CreateItem", "300")))}, true, 300 * time.Millisecond, "back-off 300 ms"},
		{"503 with Retry-After seconds", &ewsReply{status: 503, statusLine: "503 Service Unavailable", header: http.Header{"Retry-After": {"120"}}}, true, 2 * time.Minute, "HTTP 503 Service Unavailable with Retry-After: 120"},
		{"503 with Retry-After date", &ewsReply{status: 503, statusLine: "503 Service Unavailable", header: http.Header{"Retry-After": {in90s}}}, true, 90 * time.Second, "Retry-After: " + in90s},
		{"503 without Retry-After is an outage", &ewsReply{status: 503, statusLine: "503 Service Unavailable", header: http.Header{}}, false, 0, ""},
		{"another fault", busyReply(versionFault), false, 0, ""},
		{"success", &ewsReply{status: 200, statusLine: "200 OK", body: []byte(soapAnswer(svi2019, getFolderSuccess))}, false, 0, ""},
		{"not SOAP", &ewsReply{status: 500, statusLine: "500 Internal Server Error", body: []byte("<html>ErrorServerBusy</html>")}, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, busy := readBusy(tt.reply)
			if busy != tt.busy {
				t.Fatalf("busy = %v, want %v", busy, tt.busy)
			}
			// An HTTP date is whole seconds away from a clock that moved on.
			if d := tt.backOff - b.backOff; d != 0 && !(strings.Contains(tt.name, "date") && d > 0 && d < 2*time.Second) {
				t.Errorf("back-off %v, want %v", b.backOff, tt.backOff)
			}
			if how := b.how.In(i18n.EN); !strings.Contains(how, tt.how) {
				t.Errorf("how %q, want %q in it", how, tt.how)
			}
		})
	}
}

// busyEWS answers op with busy for its first n requests (every one when n
// is negative), counting them; the rest is healthy.
func busyEWS(op string, n int, status int, answer string) (*fakeEWS, *atomic.Int32) {
	f := newFakeEWS()
	var seen atomic.Int32
	f.answer = func(got string, body []byte) (int, string) {
		if got == op {
			if k := seen.Add(1); n < 0 || int(k) <= n {
				return status, soapAnswer(svi2019, answer)
			}
		}
		return healthyAnswer(got, body)
	}
	return f, &seen
}

// A throttled request is waited out once, then sent once more on the
// signed-in connection: no second password attempt, no third request.
func TestServerBusy(t *testing.T) {
	tests := []struct {
		name     string
		op       string
		busy     int // busy answers before a good one; -1 always
		status   int
		answer   string
		step     string // the step that reads the throttled answer
		want     Code
		requests int32 // of op, in all
		waited   time.Duration
		detail   []string
		pl       []string // in the Polish detail
	}{
		{name: "getfolder, busy once with a short back-off", op: "GetFolder", busy: 1, status: 500, answer: busyFault("300"),
			step: "version", requests: 2, waited: 300 * time.Millisecond},
		{name: "getfolder, busy once in a response message", op: "GetFolder", busy: 1, status: 200, answer: busyMessage("GetFolder", "200"),
			step: "mailbox", requests: 2, waited: 200 * time.Millisecond},
		{name: "getfolder, busy again after the wait", op: "GetFolder", busy: -1, status: 500, answer: busyFault("300"),
			step: "version", want: CodeServerBusy, requests: 2, waited: 300 * time.Millisecond,
			detail: []string{"GetFolder throttled again after waiting 300 ms once as asked", "ErrorServerBusy, back-off 300 ms", `the server said: "The server cannot service`},
			pl: []string{"GetFolder: serwer nadal ogranicza liczbę żądań po jednorazowym odczekaniu 300 ms, zgodnie z prośbą: ErrorServerBusy, czas odczekania 300 ms (BackOffMilliseconds)",
				`serwer odpowiedział: „The server cannot service`}},
		{name: "getfolder, back-off longer than the step", op: "GetFolder", busy: -1, status: 500, answer: busyFault("297749"),
			step: "version", want: CodeServerBusy, requests: 1,
			detail: []string{"GetFolder throttled: ErrorServerBusy, back-off 297749 ms (BackOffMilliseconds)", "not waited, as this step has only"},
			pl: []string{"GetFolder: serwer ogranicza liczbę żądań (throttling): ErrorServerBusy, czas odczekania 297749 ms (BackOffMilliseconds)",
				"nie odczekano, ponieważ pozostały czas tego kroku to tylko "}},
		{name: "createitem, busy once", op: "CreateItem", busy: 1, status: 500, answer: busyFault("250"),
			step: "send", requests: 2, waited: 250 * time.Millisecond},
		{name: "createitem, busy again", op: "CreateItem", busy: -1, status: 200, answer: busyMessage("CreateItem", "100"),
			step: "send", want: CodeServerBusy, requests: 2, waited: 100 * time.Millisecond,
			detail: []string{"CreateItem throttled again", "back-off 100 ms"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, seen := busyEWS(tt.op, tt.busy, tt.status, tt.answer)
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			before := map[string]string{"version": "auth", "mailbox": "auth", "send": "mailbox"}[tt.step]
			if err := runUntil(t, s, before); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			var err error
			switch tt.step {
			case "version":
				_, err = s.CheckVersion(context.Background())
			case "mailbox":
				_, err = s.CheckMailbox(context.Background())
			case "send":
				_, err = s.SendTestMessage(context.Background(), "")
			}
			took := time.Since(start)
			if p := wantCode(t, err, tt.want); p != nil {
				wantDetail(t, p, tt.detail...)
				wantSeenInPolish(t, p, tt.pl...)
				if p.Field != FieldNone {
					t.Errorf("field %s, want none", p.Field)
				}
			}
			if got := seen.Load(); got != tt.requests {
				t.Errorf("%s sent %d times, want %d", tt.op, got, tt.requests)
			}
			if took < tt.waited || took > tt.waited+time.Second {
				t.Errorf("took %v, want the %v back-off once", took, tt.waited)
			}
			if n := f.authenticateCount(); n != 1 {
				t.Errorf("%d sign-ins, want 1: a throttled request is resent on the signed-in connection", n)
			}
			if tt.want == "" && tt.op == "GetFolder" {
				if err := runUntil(t, s, "send"); err != nil {
					t.Errorf("the rest of the check after the wait: %v", err)
				}
			}
		})
	}
}

// Ctrl+C ends the wait for a back-off at once.
func TestServerBusyWaitInterrupted(t *testing.T) {
	f, seen := busyEWS("GetFolder", -1, 500, busyFault("2000"))
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	if err := runUntil(t, s, "auth"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := s.CheckVersion(ctx)
	if took := time.Since(start); took > 600*time.Millisecond {
		t.Errorf("took %v; the interrupt should end the 2s wait at once", took)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if n := seen.Load(); n != 1 {
		t.Errorf("GetFolder sent %d times, want 1: nothing is resent after an interrupt", n)
	}
}

// A 503 with Retry-After is waited like a back-off; without a wait that
// fits, it is server-busy.
func TestServerBusyRetryAfter(t *testing.T) {
	for _, tt := range []struct {
		name, after string
		want        Code
		requests    int32
	}{
		{"createitem, 503 retry at once", "0", "", 2},
		{"createitem, 503 retry after two minutes", "120", CodeServerBusy, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			var seen atomic.Int32
			f.answer = func(op string, body []byte) (int, string) {
				if op == "CreateItem" && seen.Add(1) == 1 {
					return 503, ""
				}
				return healthyAnswer(op, body)
			}
			f.headers["Retry-After"] = tt.after
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "mailbox"); err != nil {
				t.Fatal(err)
			}
			_, err := s.SendTestMessage(context.Background(), "")
			if p := wantCode(t, err, tt.want); p != nil {
				wantDetail(t, p, "CreateItem throttled: HTTP 503 Service Unavailable with Retry-After: 120")
				wantSeenInPolish(t, p, "CreateItem: serwer ogranicza liczbę żądań (throttling): odpowiedź HTTP „503 Service Unavailable” z nagłówkiem Retry-After: „120”")
			}
			if got := seen.Load(); got != tt.requests {
				t.Errorf("CreateItem sent %d times, want %d", got, tt.requests)
			}
		})
	}
}

func TestRequestOperation(t *testing.T) {
	for body, want := range map[string]string{
		string(getFolderInbox(testEmail)):                   "GetFolder",
		string(resolveNames(testEmail)):                     "ResolveNames",
		string(createItemSendOnly(testMessage{})):           "CreateItem",
		"<soap:Body><GetFolder xmlns:m=\"x\"/></soap:Body>": "GetFolder",
		"no body": "the EWS request",
	} {
		if got := requestOperation([]byte(body)).In(i18n.EN); got != want {
			t.Errorf("%.40q: got %q, want %q", body, got, want)
		}
	}
	if got := requestOperation([]byte("no body")).In(i18n.PL); got != "żądanie EWS" {
		t.Errorf("in Polish: got %q", got)
	}
}
