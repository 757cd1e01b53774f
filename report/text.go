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

// TextPrinter streams the text report of a run: a header, each step as it
// finishes, then the verdict. `check`, the wizard's plain mode and
// WriteText all print through it, so that redaction and quoting are done
// in one place.
type TextPrinter struct {
	w io.Writer
	// Wizard: the reader is in the wizard, whose menu offers the
	// suggestions and settings; the lines do not name command-line flags.
	Wizard bool
}

// NewTextPrinter writes the header for the address as typed (redacted
// here), or for the email address when the server is to be found by
// autodiscover, and returns the printer for the steps.
// A proxy, when one was chosen, is named under it with where it came from.
func NewTextPrinter(w io.Writer, cfg steps.Config, wizard bool) *TextPrinter {
	proxy := ""
	if p := cfg.Network.Proxy; p != nil {
		proxy = p.String()
	}
	return newTextPrinter(w, cfg, proxy, wizard)
}

// newTextPrinter writes the header, naming proxy (its URL, and where it
// came from when known) when it is not empty.
func newTextPrinter(w io.Writer, cfg steps.Config, proxy string, wizard bool) *TextPrinter {
	what := exchange.RedactURL(cfg.URL)
	if cfg.URL == "" {
		what = exchange.Sanitize(cfg.Email) + " (finding the server by autodiscover)"
	}
	fmt.Fprintf(w, "ewsconnect check · %s\n", what)
	if proxy != "" {
		fmt.Fprintf(w, "https proxy: %s\n", exchange.Sanitize(proxy))
	}
	fmt.Fprintln(w)
	return &TextPrinter{w: w, Wizard: wizard}
}

// Step prints one finished step: mark, word, name, what was seen, time.
// The autodiscover step is followed by its attempts, a failing step by its
// problem, indented under it. rep is the run so far.
func (p *TextPrinter) Step(res steps.Result, rep steps.Report) {
	sugg := rep.Suggestions
	what := res.Summary
	if res.Status == steps.Skip || (what == "" && res.Note != "") {
		what = res.Note
	}
	if res.Status == steps.Fail && res.Problem != nil {
		what = res.Problem.Title
	}
	line := fmt.Sprintf("  %s %-4s %-13s %s", Icon(res.Status), res.Status, res.ID.Title(), what)
	if res.Status != steps.Skip {
		line += fmt.Sprintf("  (%d ms)", res.Duration.Milliseconds())
	}
	fmt.Fprintln(p.w, line)
	const indent = "         "
	warnings := res.WarningProblems()
	if res.Status == steps.Warn && res.Note != "" && res.Summary != "" && len(warnings) == 0 {
		fmt.Fprintln(p.w, indent+"warning: "+res.Note)
	}
	if res.ID == steps.Autodiscover && rep.Autodiscover != nil && res.Status != steps.Skip {
		io.WriteString(p.w, AttemptTree(rep.Autodiscover.Attempts, indent))
	}
	if res.Status == steps.Fail && res.Problem != nil {
		p.problem(res.Problem, sugg, indent, "")
	}
	for _, w := range warnings {
		p.problem(w, exchange.Suggestions{}, indent, "Warning: ")
	}
}

// problem is the problem's block: the article's heading, what was seen,
// the fix as numbered steps, and the corrections learned from the server.
// label starts the heading of a warning ("Warning: ").
func (p *TextPrinter) problem(prob *steps.Problem, sugg exchange.Suggestions, indent, label string) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s%s%s: %s (code %s)\n", indent, label, prob.SectionTitle, prob.Title, prob.Code)
	if prob.Detail != "" {
		fmt.Fprintf(&b, "%sWhat we saw: %s\n", indent, prob.Detail)
	}
	fmt.Fprintf(&b, "%sHow to fix it:\n", indent)
	for i, f := range prob.Fix {
		text := f.WithFlag()
		if p.Wizard {
			text = f.Text
		}
		fmt.Fprintf(&b, "%s  %d. %s\n", indent, i+1, text)
		if f.Command != "" {
			fmt.Fprintf(&b, "%s       %s\n", indent, f.Command)
		}
	}
	if !p.Wizard {
		for _, s := range suggestionLines(sugg) {
			fmt.Fprintf(&b, "%s%s\n", indent, s)
		}
	}
	b.WriteString("\n")
	io.WriteString(p.w, b.String())
}

// End prints the verdict.
func (p *TextPrinter) End(rep steps.Report) {
	io.WriteString(p.w, "\n"+Verdict(rep)+"\n")
}

// Verdict is the run's outcome in one line.
func Verdict(rep steps.Report) string {
	switch rep.Outcome() {
	case steps.OutcomeInterrupted:
		return "Interrupted."
	case steps.OutcomeConnected:
		return "All checks passed: the mailbox works with Exchange Web Services."
	case steps.OutcomeConnectedNoSend:
		p := rep.SkippedProblem()
		return fmt.Sprintf("Reading the mailbox works, sending does not: the test message failed (%s) and was skipped.", p.Code)
	case steps.OutcomeProblem:
		code := rep.Problem().Code
		return fmt.Sprintf("Problem found: %s. More: ewsconnect explain %s", code, code)
	}
	return "The checks did not finish."
}

// suggestionLines are the corrections the server taught us, as flags
// quoted to paste into any shell.
func suggestionLines(sugg exchange.Suggestions) []string {
	var out []string
	if sugg.URL != "" {
		for _, l := range flagLines("--url", sugg.URL) {
			out = append(out, "Try: "+l)
		}
	}
	if sugg.Username != "" {
		for _, l := range flagLines("--username", sugg.Username) {
			out = append(out, "Try: "+l)
		}
	}
	return out
}

// WriteText writes the whole text report at once.
func WriteText(w io.Writer, rep steps.Report) {
	p := newTextPrinter(w, steps.Config{URL: rep.URL}, rep.Proxy, false)
	for _, res := range rep.Steps {
		p.Step(res, rep)
	}
	p.End(rep)
}
