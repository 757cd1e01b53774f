package ui

import (
	"strings"
	"testing"
)

// A flag, a code or an address is never split at its hyphen: the line
// breaks before it, so it can be copied whole.
func TestWrapKeepsHyphenatedWordsWhole(t *testing.T) {
	got := wrapAt("Aby sprawdzić połączenie bez serwera proxy, użyj opcji --no-proxy.", 60)
	if !strings.Contains(got, "\n--no-proxy.") {
		t.Errorf("the flag should start the second line whole:\n%s", got)
	}
	if strings.Contains(got, "\u2011") {
		t.Errorf("a non-breaking hyphen was left in:\n%q", got)
	}
	long := strings.Repeat("a-", 20)
	for _, line := range strings.Split(wrapAt(long, 10), "\n") {
		if len([]rune(line)) > 10 {
			t.Errorf("a word longer than the line should still be cut: %q", line)
		}
	}
}
