package exchange

import "strings"

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
	q := strings.TrimSpace(Sanitize(text))
	if q == "" {
		return ""
	}
	q = strings.ReplaceAll(q, `"`, "'")
	if r := []rune(q); len(r) > maxQuotedLen {
		q = strings.TrimSpace(string(r[:maxQuotedLen])) + "…"
	}
	if where == "" {
		return `the server said: "` + q + `"`
	}
	return "the server said in " + where + `: "` + q + `"`
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
