package exchange

import (
	"strings"

	"ewsconnect/i18n"
)

// maxQuotedLen bounds one quotation of the server, so that it closes well
// before NewProblem cuts the whole Detail at maxEvidenceLen.
const maxQuotedLen = 160

// Said quotes text that the server supplied (a MessageText, a SOAP fault
// string, x-ms-diagnostics, an IIS page's words) as a piece of what was
// seen. The words are marked as the server's, in quotes, so that nobody
// reads "Check credentials and try again" as our advice; the quotation
// stays in the server's language, the words around it are the reader's.
// where names the part of the answer they came from ("" for the body).
// Nothing is appended after the closing quote: a detail puts the server's
// words last. Empty text says nothing.
func Said(where, text string) i18n.Msg {
	q := quotable(text)
	switch {
	case q == "":
		return i18n.Msg{}
	case where == "":
		return i18n.M("seen.server-said", i18n.Data{"Said": q})
	}
	return i18n.M("seen.server-said-in", i18n.Data{"Where": where, "Said": q})
}

// Quotable is text from elsewhere (the server's words, a status line, an
// error of Go's or the system's) made fit to put inside quotes: sanitised,
// its double quotes, English or Polish, made single so the quotation stays
// unambiguous in either language, and cut.
func Quotable(text string) string { return quotable(text) }

// quoteMarks are the double quotes that would end a quotation early: the
// English one and the Polish pair („…”) that wrap it in Polish.
var quoteMarks = strings.NewReplacer(`"`, "'", "„", "'", "”", "'")

func quotable(text string) string {
	q := quoteMarks.Replace(strings.TrimSpace(Sanitize(text)))
	if r := []rune(q); len(r) > maxQuotedLen {
		q = strings.TrimSpace(string(r[:maxQuotedLen])) + "…"
	}
	return q
}

// Seen joins the pieces of what was seen with "; ", skipping empty ones
// (a missing MessageText, say).
func Seen(pieces ...i18n.Msg) i18n.Msg { return i18n.Join("; ", pieces...) }
