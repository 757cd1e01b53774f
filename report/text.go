package report

import (
	"fmt"
	"io"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// Icon is a status's mark. Every mark has a word beside it in the reports,
// so that nothing depends on the mark (or a colour) alone.
func Icon(s steps.Status) string {
	switch s {
	case steps.Pass:
		return "✓"
	case steps.Fail:
		return "✗"
	case steps.Warn:
		return "!"
	default:
		return "-"
	}
}

// Header is the first line of the text report.
func Header(url string) string {
	return "ewsconnect check · " + url + "\n\n"
}

// StepLine is one step of the text report: mark, name, what was seen, time.
// A failing step is followed by its problem, indented under it.
func StepLine(res steps.Result, sugg exchange.Suggestions) string {
	what := res.Summary
	if res.Status == steps.Skip || (what == "" && res.Note != "") {
		what = res.Note
	}
	if res.Status == steps.Fail && res.Problem != nil {
		what = res.Problem.Title
	}
	ms := ""
	if res.Status != steps.Skip {
		ms = fmt.Sprintf("%d ms", res.Duration.Milliseconds())
	}
	line := fmt.Sprintf("  %s %-4s %-13s %s", Icon(res.Status), res.Status, res.ID.Title(), what)
	if ms != "" {
		line += "  (" + ms + ")"
	}
	line += "\n"
	if res.Status == steps.Warn && res.Note != "" && res.Summary != "" {
		line += "         warning: " + res.Note + "\n"
	}
	if res.Status == steps.Fail && res.Problem != nil {
		line += problemText(res.Problem, sugg, "         ")
	}
	return line
}

// problemText is the problem's block: the article's heading, what was seen,
// the fix as numbered steps, and what to change.
func problemText(p *steps.Problem, sugg exchange.Suggestions, indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s%s: %s (code %s)\n", indent, p.SectionTitle, p.Title, p.Code)
	if p.Detail != "" {
		fmt.Fprintf(&b, "%sWhat we saw: %s\n", indent, p.Detail)
	}
	fmt.Fprintf(&b, "%sHow to fix it:\n", indent)
	for i, f := range p.Fix {
		fmt.Fprintf(&b, "%s  %d. %s\n", indent, i+1, f)
	}
	for _, s := range suggestionLines(sugg) {
		fmt.Fprintf(&b, "%s%s\n", indent, s)
	}
	b.WriteString("\n")
	return b.String()
}

// suggestionLines are the corrections the server taught us, as flags.
func suggestionLines(sugg exchange.Suggestions) []string {
	var out []string
	if sugg.URL != "" {
		out = append(out, "Try: --url "+sugg.URL)
	}
	if sugg.Username != "" {
		out = append(out, "Try: --username '"+sugg.Username+"'")
	}
	return out
}

// Footer is the text report's last line: the verdict.
func Footer(rep steps.Report) string {
	switch {
	case rep.Interrupted:
		return "\nInterrupted.\n"
	case rep.OK:
		return "\nAll checks passed: the mailbox works with Exchange Web Services.\n"
	case rep.Problem != nil:
		return fmt.Sprintf("\nProblem found: %s. More: ewsconnect explain %s\n", rep.Problem.Code, rep.Problem.Code)
	}
	return "\n"
}

// WriteText writes the whole text report at once.
func WriteText(w io.Writer, rep steps.Report) error {
	var b strings.Builder
	b.WriteString(Header(rep.URL))
	for _, res := range rep.Steps {
		b.WriteString(StepLine(res, rep.Suggestions))
	}
	b.WriteString(Footer(rep))
	_, err := io.WriteString(w, b.String())
	return err
}
