package report

import (
	"fmt"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/i18n"
)

// AttemptTree is autodiscover's attempts as a small tree under its step,
// the way a help desk reads Remote Connectivity Analyzer's output: method,
// URL, result and time on one line, what was seen on the next.
//
//	├─ https-root-domain  https://contoso.test/autodiscover/autodiscover.xml
//	│    dns-failed · 3 ms · contoso.test was not found in DNS
//	└─ https-autodiscover-domain  https://autodiscover.contoso.test/…
//	     found · 412 ms
func AttemptTree(l i18n.Lang, attempts []autodiscover.Attempt, indent string) string {
	var b strings.Builder
	for i, a := range attempts {
		branch, stem := "├─ ", "│    "
		if i == len(attempts)-1 {
			branch, stem = "└─ ", "     "
		}
		fmt.Fprintf(&b, "%s%s%s  %s\n", indent, branch, a.Method, exchange.RedactURL(a.URL))
		fmt.Fprintf(&b, "%s%s%s\n", indent, stem, attemptOutcome(l, a))
	}
	return b.String()
}

// AttemptItem is one attempt as it finishes, for output that streams them
// (the wizard's plain mode), where which one comes last is not known yet:
// a bullet instead of a branch of the tree.
//
//	· https-root-domain  https://contoso.test/autodiscover/autodiscover.xml
//	    dns-failed · 3 ms · contoso.test was not found in DNS
func AttemptItem(l i18n.Lang, a autodiscover.Attempt, indent string) string {
	return fmt.Sprintf("%s· %s  %s\n%s    %s\n", indent, a.Method, exchange.RedactURL(a.URL), indent, attemptOutcome(l, a))
}

// attemptOutcome is "result · N ms · detail".
func attemptOutcome(l i18n.Lang, a autodiscover.Attempt) string {
	result := a.Result // a problem's code stays as it is
	switch a.Result {
	case autodiscover.ResultRunning:
		result = i18n.T(l, "report.attempt.running")
	case autodiscover.ResultFound:
		result = i18n.T(l, "report.attempt.found")
	case autodiscover.ResultNotFound:
		result = i18n.T(l, "report.attempt.not-found")
	case autodiscover.ResultSkipped:
		result = i18n.T(l, "report.attempt.skipped")
	}
	parts := []string{result}
	if a.Result != autodiscover.ResultSkipped {
		parts = append(parts, fmt.Sprintf("%d ms", a.Duration.Milliseconds()))
	}
	if d := a.DetailIn(l); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}
