package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The found URL is shortened, not where it came from, in any language:
// the result names the part that may be cut.
func TestFitFoundCutsOnlyTheURL(t *testing.T) {
	const url = "https://mail.contoso.test/EWS/Exchange.asmx"
	for summary, from := range map[string]string{
		url + " from autodiscover.contoso.test (https-autodiscover-domain)": "… from autodiscover.contoso.test",
		url + " z autodiscover.contoso.test (https-autodiscover-domain)":    "… z autodiscover.contoso.test",
	} {
		got := fitFound(summary, url, 50)
		if ansi.StringWidth(got) > 50 || !strings.HasPrefix(got, "https://mail.") || !strings.HasSuffix(got, from) {
			t.Errorf("fitFound(%q) = %q, want the URL cut before %q, within 50 columns", summary, got, from)
		}
	}
	if got := fitFound("short", "https://x", 50); got != "short" {
		t.Errorf("a summary that fits changed: %q", got)
	}
}
