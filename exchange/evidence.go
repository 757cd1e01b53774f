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

// quotable is the server's text made fit to quote: sanitised, its double
// quotes made single so the quotation stays unambiguous, and cut.
func quotable(text string) string {
	q := strings.TrimSpace(Sanitize(text))
	q = strings.ReplaceAll(q, `"`, "'")
	if r := []rune(q); len(r) > maxQuotedLen {
		q = strings.TrimSpace(string(r[:maxQuotedLen])) + "…"
	}
	return q
}

// Seen joins the pieces of what was seen with "; ", skipping empty ones
// (a missing MessageText, say).
func Seen(pieces ...i18n.Msg) i18n.Msg { return i18n.Join("; ", pieces...) }
