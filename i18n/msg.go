package i18n

import (
	"strconv"
	"strings"
	"time"
)

// Data fills a text's {{.Name}} placeholders.
type Data = map[string]any

// Msg is a text not yet put into words: a catalog key with its data, a
// piece of verbatim text (the server's words, a command), or pieces joined
// by a separator. exchange builds Msgs for what it saw without knowing the
// reader's language; steps, report and ui put them into words with In.
//
// A data value that is itself a Msg, or an error, is put into words in
// the same language (see ErrorIn), a time.Time is a date and a Moment a
// date with its time (see Date), and a time.Duration is written in the language's style
// ("5 seconds", "5 sekund"), so that a detail can be built of pieces.
type Msg struct {
	key   string
	data  Data
	count *int
	text  string // verbatim, when key is ""
	parts []Msg  // joined by sep, when set
	sep   string
}

// M is the text of key with data.
func M(key string, data ...Data) Msg {
	return Msg{key: key, data: merge(data)}
}

// MN is M for a text that depends on a number (see N).
func MN(key string, count int, data ...Data) Msg {
	return Msg{key: key, data: merge(data), count: &count}
}

// Verbatim is text that is the same in every language: the server's own
// words, an address, an error from the operating system.
func Verbatim(s string) Msg { return Msg{text: s} }

// Join is the pieces that are not empty, joined by sep (which is the same
// in every language: "; ", " ").
func Join(sep string, pieces ...Msg) Msg {
	kept := make([]Msg, 0, len(pieces))
	for _, p := range pieces {
		if !p.IsZero() {
			kept = append(kept, p)
		}
	}
	switch len(kept) {
	case 0:
		return Msg{}
	case 1:
		return kept[0]
	}
	return Msg{parts: kept, sep: sep}
}

// IsZero reports a Msg that says nothing.
func (m Msg) IsZero() bool {
	return m.key == "" && strings.TrimSpace(m.text) == "" && len(m.parts) == 0
}

// Key is the catalog key of m ("" for verbatim text and joined pieces);
// tests use it to tell which text a detail is.
func (m Msg) Key() string { return m.key }

// In is m in words of l.
func (m Msg) In(l Lang) string {
	switch {
	case len(m.parts) > 0:
		words := make([]string, len(m.parts))
		for i, p := range m.parts {
			words[i] = p.In(l)
		}
		return strings.Join(words, m.sep)
	case m.key == "":
		return m.text
	}
	data := make(Data, len(m.data)+1)
	for k, v := range m.data {
		data[k] = valueIn(l, v)
	}
	if m.count != nil {
		data["Count"] = *m.count
	}
	return text(l, m.key, m.count, data)
}

// valueIn puts a placeholder's value into l's words when it has any.
func valueIn(l Lang, v any) any {
	switch v := v.(type) {
	case Msg:
		return v.In(l)
	case time.Duration:
		return Duration(l, v)
	case time.Time:
		return Date(l, v)
	case Moment:
		return DateTime(l, time.Time(v))
	case error:
		return ErrorIn(l, v)
	}
	return v
}

// Duration is d in l's words: "250 ms" under a second, else whole seconds
// by the language's plural rules ("1 sekunda", "5 sekund"), or tenths with
// the language's decimal mark ("1.5 s", "1,5 s").
func Duration(l Lang, d time.Duration) string {
	switch {
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	case d%time.Second == 0:
		return N(l, "duration.seconds", int(d/time.Second))
	}
	return Tenths(l, d)
}

// Tenths is d in tenths of a second with l's decimal mark: "1.5 s",
// "1,5 s" (a column of timings, where "10.0 s" keeps its width).
func Tenths(l Lang, d time.Duration) string {
	s := strconv.FormatFloat(d.Seconds(), 'f', 1, 64)
	if l == PL {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " s"
}

// Moment is a time.Time shown with its time of day, in a Msg's data.
type Moment time.Time

// Date is t's day in l's style, in t's own zone: "2026-12-03" in English
// (the reports' ISO dates), "3 grudnia 2026" in Polish, with the month's
// name from the catalog in the form a date takes (Polish: the genitive).
// The order of day, month and year is the language's, so it is here, not
// a translator's choice.
func Date(l Lang, t time.Time) string {
	if l == PL {
		return strconv.Itoa(t.Day()) + " " + T(l, "date.month."+strconv.Itoa(int(t.Month()))) + " " + strconv.Itoa(t.Year())
	}
	return t.Format("2006-01-02")
}

// DateTime is Date with the time of day and the zone: "2026-12-03 11:36
// UTC", "3 grudnia 2026, 11:36 UTC".
func DateTime(l Lang, t time.Time) string {
	return T(l, "date.moment", Data{"Date": Date(l, t), "Time": t.Format("15:04"), "Zone": t.Format("MST")})
}
