package i18n

import (
	"testing"
	"time"
)

func TestMsgPutsPiecesIntoTheSameLanguage(t *testing.T) {
	said := M("seen.server-said", Data{"Said": "Access is denied."})
	joined := Join("; ", Verbatim("mail.contoso.test:443"), Msg{}, said)
	for _, tc := range []struct {
		l    Lang
		want string
	}{
		{EN, `mail.contoso.test:443; the server said: "Access is denied."`},
		{PL, `mail.contoso.test:443; serwer odpowiedział: „Access is denied.”`},
	} {
		if got := joined.In(tc.l); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.l, got, tc.want)
		}
	}
	if !Join("; ", Msg{}, Verbatim("  ")).IsZero() {
		t.Error("a join of empty pieces says something")
	}
	if M("seen.server-said").IsZero() || said.Key() != "seen.server-said" {
		t.Error("a keyed text is empty, or lost its key")
	}
}

func TestDurationInTheLanguagesStyle(t *testing.T) {
	for _, tc := range []struct {
		l    Lang
		d    time.Duration
		want string
	}{
		{EN, 250 * time.Millisecond, "250 ms"},
		{EN, time.Second, "1 second"},
		{EN, 10 * time.Second, "10 seconds"},
		{EN, 1500 * time.Millisecond, "1.5 s"},
		{PL, time.Second, "1 sekunda"},
		{PL, 2 * time.Second, "2 sekundy"},
		{PL, 5 * time.Second, "5 sekund"},
		{PL, 22 * time.Second, "22 sekundy"},
		{PL, 1500 * time.Millisecond, "1,5 s"},
	} {
		if got := Duration(tc.l, tc.d); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.l, tc.d, got, tc.want)
		}
	}
}

func TestMsgDataTakesDurationsAndMsgs(t *testing.T) {
	m := M("seen.server-said-in", Data{"Where": M("seen.server-said", Data{"Said": "x"}), "Said": 5 * time.Second})
	if got, want := m.In(PL), "serwer odpowiedział w serwer odpowiedział: „x”: „5 sekund”"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestDatesInTheLanguagesStyle(t *testing.T) {
	at := time.Date(2026, 12, 3, 11, 36, 0, 0, time.UTC)
	for _, tc := range []struct {
		l          Lang
		date, when string
	}{
		{EN, "2026-12-03", "2026-12-03 11:36 UTC"},
		{PL, "3 grudnia 2026", "3 grudnia 2026, 11:36 UTC"},
	} {
		if got := Date(tc.l, at); got != tc.date {
			t.Errorf("%s: Date %q, want %q", tc.l, got, tc.date)
		}
		if got := DateTime(tc.l, at); got != tc.when {
			t.Errorf("%s: DateTime %q, want %q", tc.l, got, tc.when)
		}
	}
	if got := Date(PL, time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)); got != "1 maja 2027" {
		t.Errorf("May: %q", got)
	}
}

func TestTenthsKeepTheirWidth(t *testing.T) {
	if got := Tenths(EN, 10*time.Second); got != "10.0 s" {
		t.Errorf("English: %q", got)
	}
	if got := Tenths(PL, 1500*time.Millisecond); got != "1,5 s" {
		t.Errorf("Polish: %q", got)
	}
}
