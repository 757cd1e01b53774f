package exchange

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text stays", "The SMTP address has no mailbox.", "The SMTP address has no mailbox."},
		{"escape sequences dropped", "ok\x1b[2J\x1b]0;pwned\x07 done", "ok[2J]0;pwned done"},
		{"C1 CSI dropped", "a\u009b31mb", "a31mb"},
		{"bidi override dropped", "abc\u202edef", "abcdef"},
		{"newlines fold to one space", "line one\r\n\tline two", "line one line two"},
		{"leading space trimmed", "  \n x", "x"},
		{"non-ASCII kept", "Boîte de réception", "Boîte de réception"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSanitizeCutsLongText(t *testing.T) {
	got := Sanitize(strings.Repeat("x", 10000))
	if n := len([]rune(got)); n != maxEvidenceLen+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("got %d runes ending %q, want %d ending with …", n, got[len(got)-4:], maxEvidenceLen+1)
	}
}
