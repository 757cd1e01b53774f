package exchange

import (
	"strings"

	"ewsconnect/i18n"
)

// maxQuotedLen bounds one quotation of the server, so that it closes well
// before NewProblem cuts the whole Detail at maxEvidenceLen.
const maxQuotedLen = 160

// serverSaid quotes text that the server supplied (a MessageText, a SOAP
// fault string, x-ms-diagnostics, an IIS page's words) for a Detail. The
// words are marked as the server's, in quotes, so that nobody reads "Check
// credentials and try again" as our advice. where names the part of the
// answer they came from ("" for the body). The text is sanitised, its own
// double quotes become single ones so the quotation stays unambiguous, and
// nothing is appended after the closing quote: a Detail puts the server's
// words last. Empty text gives "".
func serverSaid(where, text string) string {
	q := quotable(text)
	if q == "" {
		return ""
	}
	if where == "" {
		return `the server said: "` + q + `"`
	}
	return "the server said in " + where + `: "` + q + `"`
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

// joinEvidence joins the pieces of a Detail with "; ", skipping empty ones
// (a missing MessageText, say).
func joinEvidence(pieces ...string) string {
	kept := pieces[:0:0]
	for _, p := range pieces {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "; ")
}

// Said quotes text that the server supplied, as serverSaid does, as a
// piece of what was seen: the quotation stays in the server's words, the
// words around it are the reader's. Empty text says nothing.
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

// Seen joins the pieces of what was seen with "; ", skipping empty ones.
func Seen(pieces ...i18n.Msg) i18n.Msg { return i18n.Join("; ", pieces...) }
