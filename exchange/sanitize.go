package exchange

import (
	"strings"
	"unicode"
)

// maxEvidenceLen bounds any one piece of server-supplied text we repeat, so a
// hostile server cannot flood the terminal or a report. A whole detail is
// cut at it too: 400 leaves room for Polish, which runs about a quarter
// longer than English, around a quotation (itself cut at maxQuotedLen).
const maxEvidenceLen = 400

// Sanitize makes server-supplied text safe to print: escape sequences and
// other control characters are dropped (a hostile server could otherwise
// move the cursor, retitle the window or hide text), runs of white space
// collapse to one space, and very long text is cut.
func Sanitize(s string) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r' || unicode.IsSpace(r):
			space = true
			continue
		case r == unicode.ReplacementChar, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			// ESC, C1 controls (incl. CSI 0x9b), bidi overrides, zero-width joiners.
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		if n >= maxEvidenceLen {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
