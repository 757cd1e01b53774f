package report

import (
	"fmt"
	"strings"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// Markdown is the report that --report and the wizard's "save report"
// write: something a user can attach to a ticket. It names the login and
// the mailbox but never the password, which it is not given.
func Markdown(rep steps.Report, cfg steps.Config, now time.Time) string {
	var b strings.Builder
	l := cfg.Lang
	t := func(key string) string { return i18n.T(l, "report.md."+key) }
	fmt.Fprintf(&b, "# %s\n\n", t("title"))
	fmt.Fprintf(&b, "**%s** · %s\n\n", markdownVerdict(l, rep), i18n.DateTime(l, now))

	fmt.Fprintf(&b, "| %s | %s |\n| --- | --- |\n", t("setting"), t("value"))
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "| %s | %s |\n", k, mdCell(v))
		}
	}
	row(t("server-url"), exchange.RedactURL(rep.URL))
	row(t("proxy"), exchange.RedactURL(rep.Proxy))
	row(t("email"), cfg.Email)
	row(t("custom-login"), cfg.Username)
	row(t("signed-in-as"), joinNonEmpty(rep.Login, rep.Server.AuthUsed, " "+t("with")+" "))
	row("Exchange", joinNonEmpty(rep.Server.Version, rep.Server.Build, " · "))
	row(t("auth-schemes"), strings.Join(rep.Server.AuthSchemes, ", "))
	row(t("windows-domain"), rep.Server.NetBIOSDomain)
	row(t("mailbox"), rep.Mailbox)
	if rep.SentTo != "" {
		row(t("test-message"), t("sent-bcc")+" "+rep.SentTo)
	}

	fmt.Fprintf(&b, "\n## %s\n\n| | %s | %s | %s |\n| --- | --- | --- | --- |\n", t("steps"), t("step"), t("result"), t("time"))
	for _, s := range rep.Steps {
		what := s.Summary
		switch {
		case s.Status == steps.Fail && s.Problem != nil:
			what = s.Problem.Title
		case what == "":
			what = s.Note
		}
		ms := ""
		if s.Status != steps.Skip {
			ms = fmt.Sprintf("%d ms", s.Duration.Milliseconds())
		}
		fmt.Fprintf(&b, "| %s %s | %s | %s | %s |\n", Icon(s.Status), strings.TrimSpace(statusWord(l, s.Status)), s.ID.TitleIn(l), mdCell(what), ms)
	}

	if ad := rep.Autodiscover; ad != nil && len(ad.Attempts) > 0 {
		fmt.Fprintf(&b, "\n## %s %s\n\n| %s | URL | %s | %s | %s |\n| --- | --- | --- | --- | --- |\n",
			t("autodiscover-for"), mdText(ad.Email), t("method"), t("result"), t("time"), t("what-was-seen"))
		for _, a := range ad.Attempts {
			fmt.Fprintf(&b, "| %s | %s | %s | %d ms | %s |\n", a.Method, mdCell(exchange.RedactURL(a.URL)), mdCell(a.Result), a.Duration.Milliseconds(), mdCell(a.DetailIn(l)))
		}
	}

	if p := rep.Problem(); p != nil {
		markdownProblem(&b, l, p, rep.Suggestions, "")
	} else if p := rep.SkippedProblem(); p != nil {
		fmt.Fprintf(&b, "\n%s\n", t("skipped-why"))
		markdownProblem(&b, l, p, exchange.Suggestions{}, "")
	}
	if warns := rep.Warnings(); len(warns) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", t("warnings"))
		for _, w := range warns {
			if len(w.WarningProblems()) == 0 {
				fmt.Fprintf(&b, "- %s: %s\n", w.ID.TitleIn(l), mdText(w.Note))
			}
		}
		for _, w := range warns {
			for _, p := range w.WarningProblems() {
				markdownProblem(&b, l, p, exchange.Suggestions{}, i18n.T(l, "report.md.warning-at", map[string]any{"Step": w.ID.TitleIn(l)})+" ")
			}
		}
	}
	// Admins allow-list EWS clients by User-Agent; the report says which.
	fmt.Fprintf(&b, "\n---\n%s\n", i18n.T(l, "report.md.made-by", madeBy()))
	return b.String()
}

func markdownVerdict(l i18n.Lang, rep steps.Report) string {
	switch rep.Outcome() {
	case steps.OutcomeInterrupted:
		return "- " + i18n.T(l, "report.md.verdict.interrupted")
	case steps.OutcomeConnected:
		return "✓ " + i18n.T(l, "report.md.verdict.connected")
	case steps.OutcomeConnectedNoSend:
		return "! " + i18n.T(l, "report.md.verdict.no-send")
	}
	return "✗ " + i18n.T(l, "report.md.verdict.problem")
}

// markdownProblem is the problem's section; commands are code blocks, so
// that they are copied whole.
// label starts a warning's heading.
func markdownProblem(b *strings.Builder, l i18n.Lang, p *steps.Problem, sugg exchange.Suggestions, label string) {
	fmt.Fprintf(b, "\n## %s%s\n\n**%s** (%s `%s`)\n\n", label, p.SectionTitle, p.Title, i18n.T(l, "report.code"), p.Code)
	if p.Detail != "" {
		fmt.Fprintf(b, "%s %s\n\n", i18n.T(l, "report.what-we-saw"), mdText(p.Detail))
	}
	fmt.Fprintf(b, "%s\n\n", i18n.T(l, "report.how-to-fix"))
	for i, f := range p.Fix {
		fmt.Fprintf(b, "%d. %s\n", i+1, mdText(f.WithFlag()))
		if f.Command != "" {
			fmt.Fprintf(b, "\n   ```powershell\n   %s\n   ```\n\n", strings.ReplaceAll(f.Command, "`", "'"))
		}
	}
	for _, s := range suggestionFlags(sugg) {
		// The label is words, the flag is code: only the flag is quoted.
		fmt.Fprintf(b, "\n%s %s\n", i18n.T(l, "report.try"), mdCode(s))
	}
}

func joinNonEmpty(a, b, sep string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}

// mdText keeps server-supplied text from being read as Markdown or HTML.
func mdText(s string) string {
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "`", "'")
	return r.Replace(s)
}

// mdCode shows a suggested command line as inline code, so that its quotes
// and backslashes reach the reader as they are.
func mdCode(s string) string {
	return "`` " + strings.ReplaceAll(s, "`", "'") + " ``"
}

// mdCell also keeps it inside its table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", "\\|")
}
