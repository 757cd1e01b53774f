package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
	"ewsconnect/internal/buildinfo"
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
	w    io.Writer
	lang i18n.Lang
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
		proxy = exchange.ProxyName(p).In(cfg.Lang)
	}
	return newTextPrinter(w, cfg, proxy, wizard)
}

// newTextPrinter writes the header, naming proxy (its URL, and where it
// came from when known) when it is not empty.
func newTextPrinter(w io.Writer, cfg steps.Config, proxy string, wizard bool) *TextPrinter {
	l := cfg.Lang
	what := exchange.RedactURL(cfg.URL)
	if cfg.URL == "" {
		what = i18n.T(l, "report.header.by-autodiscover", map[string]any{"Email": exchange.Sanitize(cfg.Email)})
	}
	fmt.Fprintf(w, "ewsconnect check · %s\n", what)
	if proxy != "" {
		fmt.Fprintf(w, "%s %s\n", i18n.T(l, "report.header.proxy"), exchange.Sanitize(proxy))
	}
	fmt.Fprintln(w)
	return &TextPrinter{w: w, lang: l, Wizard: wizard}
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
	line := fmt.Sprintf("  %s %s %-13s %s", Icon(res.Status), statusWord(p.lang, res.Status), res.ID.TitleIn(p.lang), what)
	if res.Status != steps.Skip {
		line += fmt.Sprintf("  (%d ms)", res.Duration.Milliseconds())
	}
	fmt.Fprintln(p.w, line)
	const indent = "         "
	warnings := res.WarningProblems()
	if res.Status == steps.Warn && res.Note != "" && res.Summary != "" && len(warnings) == 0 {
		fmt.Fprintln(p.w, indent+i18n.T(p.lang, "report.warning-note")+" "+res.Note)
	}
	if res.ID == steps.Autodiscover && rep.Autodiscover != nil && res.Status != steps.Skip {
		io.WriteString(p.w, AttemptTree(p.lang, rep.Autodiscover.Attempts, indent))
	}
	if res.Status == steps.Fail && res.Problem != nil {
		p.problem(res.Problem, sugg, indent, "")
	}
	for _, w := range warnings {
		p.problem(w, exchange.Suggestions{}, indent, i18n.T(p.lang, "report.warning-label")+" ")
	}
}

// problem is the problem's block: the article's heading, what was seen,
// the fix as numbered steps, and the corrections learned from the server.
// label starts the heading of a warning ("Warning: ").
func (p *TextPrinter) problem(prob *steps.Problem, sugg exchange.Suggestions, indent, label string) {
	var b strings.Builder
	l := p.lang
	fmt.Fprintf(&b, "\n%s%s%s: %s (%s %s)\n", indent, label, prob.SectionTitle, prob.Title, i18n.T(l, "report.code"), prob.Code)
	if prob.Detail != "" {
		fmt.Fprintf(&b, "%s%s %s\n", indent, i18n.T(l, "report.what-we-saw"), prob.Detail)
	}
	fmt.Fprintf(&b, "%s%s\n", indent, i18n.T(l, "report.how-to-fix"))
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
		for _, s := range suggestionFlags(sugg) {
			fmt.Fprintf(&b, "%s%s %s\n", indent, i18n.T(l, "report.try"), s)
		}
	}
	b.WriteString("\n")
	io.WriteString(p.w, b.String())
}

// End prints the verdict, and for check the ewsconnect that made the
// report (a pasted report then names its release; the wizard shows its
// version on its first screen instead).
func (p *TextPrinter) End(rep steps.Report) {
	io.WriteString(p.w, "\n"+Verdict(rep)+"\n")
	if !p.Wizard {
		io.WriteString(p.w, i18n.T(p.lang, "report.made-by", madeBy())+"\n")
	}
}

// Verdict is the run's outcome in one line.
func Verdict(rep steps.Report) string {
	l := rep.Lang
	switch rep.Outcome() {
	case steps.OutcomeInterrupted:
		return i18n.T(l, "report.verdict.interrupted")
	case steps.OutcomeConnected:
		return i18n.T(l, "report.verdict.connected")
	case steps.OutcomeConnectedNoSend:
		return i18n.T(l, "report.verdict.no-send", map[string]any{"Code": rep.SkippedProblem().Code})
	case steps.OutcomeProblem:
		return i18n.T(l, "report.verdict.problem", map[string]any{"Code": rep.Problem().Code, "Explain": explainCommand(l, rep.Problem().Code)})
	}
	return i18n.T(l, "report.verdict.unfinished")
}

// suggestionFlags are the corrections the server taught us, as flags
// quoted to paste into any shell; the reports put "Try:" before each.
func suggestionFlags(sugg exchange.Suggestions) []string {
	var out []string
	if sugg.URL != "" {
		out = append(out, flagLines("--url", sugg.URL)...)
	}
	if sugg.Username != "" {
		out = append(out, flagLines("--username", sugg.Username)...)
	}
	return out
}

// explainCommand is the command that explains code, in the report's
// language.
func explainCommand(l i18n.Lang, code exchange.Code) string {
	if l == i18n.EN || l == "" {
		return "ewsconnect explain " + string(code)
	}
	return "ewsconnect explain --lang " + string(l) + " " + string(code)
}

// statusWord is a step's status as the text report says it, padded to
// the longest word of the language so that the names line up.
func statusWord(l i18n.Lang, s steps.Status) string {
	word := func(s steps.Status) string { return i18n.T(l, "report.status."+string(s)) }
	width := 0
	for _, st := range []steps.Status{steps.Pass, steps.Fail, steps.Warn, steps.Skip} {
		width = max(width, utf8.RuneCountInString(word(st)))
	}
	w := word(s)
	return w + strings.Repeat(" ", width-utf8.RuneCountInString(w))
}

// WriteText writes the whole text report at once.
func WriteText(w io.Writer, rep steps.Report) {
	p := newTextPrinter(w, steps.Config{URL: rep.URL, Lang: rep.Lang}, rep.Proxy, false)
	for _, res := range rep.Steps {
		p.Step(res, rep)
	}
	p.End(rep)
}

// madeBy is the data of a report's "made by" line: the version and the
// User-Agent this build sent.
func madeBy() i18n.Data {
	return i18n.Data{"Version": buildinfo.Current().Version, "UserAgent": buildinfo.UserAgent()}
}
