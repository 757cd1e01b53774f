package exchange

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"ewsconnect/i18n"
)

// expiryAnswer is a GetPasswordExpirationDate answer of class, code and
// date, as Exchange writes it.
func expiryAnswer(class, code, date string) string {
	text := ""
	if class != "Success" {
		text = `<m:MessageText>The SMTP address has no mailbox associated with it.</m:MessageText>`
	}
	return soapAnswer(svi2019, `<m:GetPasswordExpirationDateResponse ResponseClass="`+class+`" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">`+
		text+`<m:ResponseCode>`+code+`</m:ResponseCode><m:PasswordExpirationDate>`+date+`</m:PasswordExpirationDate></m:GetPasswordExpirationDateResponse>`)
}

// After the sign-in, the server is asked when the password expires;
// within 14 days is a warning that names the date and the login, and
// anything else (no date, a far one, an error, no answer) is nothing: the
// question never fails a connection that works.
func TestPasswordExpiry(t *testing.T) {
	now := time.Now().UTC()
	tests := []struct {
		name   string
		status int
		answer string
		warn   []string // the warning's detail; nil: no warning
		pl     []string // in the Polish detail
	}{
		{"expires in 5 days", 200, expiryAnswer("Success", "NoError", now.Add(5*24*time.Hour).Format(time.RFC3339)),
			[]string{"the password of " + testEmail + " expires on " + now.Add(5*24*time.Hour).Format("2006-01-02 15:04") + " UTC, in 5 days"},
			[]string{"hasło konta " + testEmail + " wygasa " + now.Add(5*24*time.Hour).Format("2006-01-02 15:04") + " UTC, pozostało 5 dni (GetPasswordExpirationDate)"}},
		{"expires in 13 days, written with an offset", 200, expiryAnswer("Success", "NoError", now.Add(13*24*time.Hour).In(time.FixedZone("", 2*3600)).Format("2006-01-02T15:04:05.0000000-07:00")),
			[]string{"in 13 days", now.Add(13*24*time.Hour).Format("2006-01-02 15:04") + " UTC"}, []string{"pozostało 13 dni"}},
		{"expires in a few hours", 200, expiryAnswer("Success", "NoError", now.Add(3*time.Hour).Format(time.RFC3339)), []string{"in less than a day"}, []string{"pozostało mniej niż dzień"}},
		{"expires in 30 days", 200, expiryAnswer("Success", "NoError", now.Add(30*24*time.Hour).Format(time.RFC3339)), nil, nil},
		{"never expires (DateTime.MaxValue)", 200, expiryAnswer("Success", "NoError", "9999-12-31T23:59:59.9999999"), nil, nil},
		{"an error carries DateTime's zero value", 200, expiryAnswer("Error", "ErrorNonExistentMailbox", "0001-01-01T00:00:00"), nil, nil},
		{"no date", 200, expiryAnswer("Success", "NoError", ""), nil, nil},
		{"a SOAP fault", 500, soapAnswer(svi2019, versionFault), nil, nil},
		{"not SOAP", 200, "<html><body>Service</body></html>", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			f.answer = func(op string, body []byte) (int, string) {
				if op == "GetPasswordExpirationDate" {
					return tt.status, tt.answer
				}
				return healthyAnswer(op, body)
			}
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "endpoint"); err != nil {
				t.Fatal(err)
			}
			res, err := s.SignIn(context.Background())
			if err != nil {
				t.Fatalf("the sign-in failed: %v", err)
			}
			if tt.warn == nil {
				if len(res.Warnings) != 0 {
					t.Errorf("warnings %+v, want none", res.Warnings)
				}
				return
			}
			if len(res.Warnings) != 1 || res.Warnings[0].Code != CodePasswordExpiring {
				t.Fatalf("warnings %+v, want password-expiring", res.Warnings)
			}
			p := res.Warnings[0]
			wantDetail(t, p, tt.warn...)
			wantSeenInPolish(t, p, tt.pl...)
			if p.Field != FieldNone {
				t.Errorf("field %s, want none", p.Field)
			}
			// The rest of the check goes on, on the same connection.
			if err := runUntil(t, s, "send"); err != nil {
				t.Errorf("after the warning: %v", err)
			}
		})
	}
}

// Exchange answers for the account of the mailbox named, whoever asks:
// the mailbox is named only when the login is the mailbox's own.
func TestPasswordExpiryAsksForTheSignedInAccount(t *testing.T) {
	tests := []struct {
		name  string
		creds Credentials
		named string // MailboxSmtpAddress sent; "" for none
	}{
		{"the email address is the login", Credentials{Email: testEmail, Password: testPassword}, testEmail},
		{"the same address typed as the login", Credentials{Email: testEmail, Login: strings.ToUpper(testEmail), Password: testPassword}, testEmail},
		{"a custom login", Credentials{Email: testEmail, Login: `CONTOSO\alice`, Password: testPassword}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			var mu sync.Mutex
			var asked []string
			f.answer = func(op string, body []byte) (int, string) {
				if op == "GetPasswordExpirationDate" {
					mu.Lock()
					asked = append(asked, string(body))
					mu.Unlock()
				}
				return healthyAnswer(op, body)
			}
			_, s := startFakeEWS(t, f, tt.creds)
			if err := runUntil(t, s, "auth"); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(asked) != 1 {
				t.Fatalf("asked %d times, want once", len(asked))
			}
			named := strings.Contains(asked[0], "MailboxSmtpAddress")
			if named != (tt.named != "") || tt.named != "" && !strings.Contains(asked[0], ">"+tt.named+"<") {
				t.Errorf("request %s, want MailboxSmtpAddress %q", asked[0], tt.named)
			}
			if !strings.Contains(asked[0], `Version="Exchange2010_SP2"`) {
				t.Errorf("request %s does not ask for the Exchange2010_SP2 schema", asked[0])
			}
		})
	}
}

// Servers older than Exchange 2010 SP2 do not know the question: it is not
// asked. (Their GetFolder answer fails the version step.)
func TestPasswordExpiryNotAskedBefore2010SP2(t *testing.T) {
	for _, svi := range []string{serverVersion(14, 1, 218, 15, "Exchange2010_SP1"), serverVersion(8, 0, 685, 24, ""),
		`<h:ServerVersionInfo Version="Exchange2010_SP1" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/>`} {
		f := newFakeEWS()
		f.answer = func(op string, body []byte) (int, string) {
			return 200, soapAnswer(svi, getFolderSuccess)
		}
		_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
		if err := runUntil(t, s, "auth"); err != nil {
			t.Fatal(err)
		}
		if ops := f.operations(); len(ops) != 1 || ops[0] != "GetFolder" {
			t.Errorf("%s: operations %q, want GetFolder only", svi, ops)
		}
	}
}

// A server that never answers the question costs no more than the step's
// deadline, and the sign-in still passes.
func TestPasswordExpiryWithoutAnAnswer(t *testing.T) {
	release := make(chan struct{})
	f := newFakeEWS()
	f.answer = func(op string, body []byte) (int, string) {
		if op == "GetPasswordExpirationDate" {
			select {
			case <-release:
			case <-time.After(10 * time.Second):
			}
		}
		return healthyAnswer(op, body)
	}
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	t.Cleanup(func() { close(release) })
	s.net.Timeout = 400 * time.Millisecond
	if err := runUntil(t, s, "endpoint"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := s.SignIn(context.Background())
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the sign-in took %s, past its deadline", took)
	}
	if err != nil || len(res.Warnings) != 0 {
		t.Errorf("got %+v, %v; want a sign-in without warnings", res, err)
	}
}

// Basic signs in each request: the question carries it too.
func TestPasswordExpiryOverBasic(t *testing.T) {
	f := newFakeEWS()
	f.schemes = []string{`Basic realm="mail.contoso.test"`}
	soon := time.Now().Add(2 * 24 * time.Hour).UTC().Format(time.RFC3339)
	f.answer = func(op string, body []byte) (int, string) {
		if op == "GetPasswordExpirationDate" {
			return 200, expiryAnswer("Success", "NoError", soon)
		}
		return healthyAnswer(op, body)
	}
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	if err := runUntil(t, s, "endpoint"); err != nil {
		t.Fatal(err)
	}
	res, err := s.SignIn(context.Background())
	if err != nil || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Detail, "in 2 days") {
		t.Errorf("got %+v, %v; want the warning over Basic", res, err)
	}
}

func TestParseEWSTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-12-03T09:46:00Z", time.Date(2026, 12, 3, 9, 46, 0, 0, time.UTC), true},
		{"2026-12-03T10:46:00.5+01:00", time.Date(2026, 12, 3, 9, 46, 0, 5e8, time.UTC), true},
		{"9999-12-31T23:59:59.9999999", time.Date(9999, 12, 31, 23, 59, 59, 999999900, time.UTC), true},
		{"2026-12-03", time.Time{}, false},
		{"", time.Time{}, false},
		{"tomorrow", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseEWSTime(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseEWSTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTimeLeft(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		d    time.Duration
		want string
	}{
		{-time.Hour, "which has already passed by this computer's clock"},
		{time.Hour, "in less than a day"},
		{day + time.Hour, "in 1 day"},
		{5*day - time.Minute, "in 5 days"},
		{14 * day, "in 14 days"},
	}
	for _, tt := range tests {
		if got := untilExpiry(tt.d).In(i18n.EN); got != tt.want {
			t.Errorf("untilExpiry(%s) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// The days left follow Polish plural rules: 1 dzień, 2–4 dni, 5 dni, 22 dni.
func TestTimeLeftInPolish(t *testing.T) {
	day := 24 * time.Hour
	for d, want := range map[time.Duration]string{
		-time.Hour: "a według zegara tego komputera ten termin już minął",
		time.Hour:  "pozostało mniej niż dzień",
		day:        "pozostał 1 dzień",
		2 * day:    "pozostały 2 dni",
		5 * day:    "pozostało 5 dni",
		12 * day:   "pozostało 12 dni",
		22 * day:   "pozostały 22 dni",
	} {
		if got := untilExpiry(d).In(i18n.PL); got != want {
			t.Errorf("untilExpiry(%s) in Polish = %q, want %q", d, got, want)
		}
	}
}
