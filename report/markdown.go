package report

import (
	"fmt"
	"strings"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// Markdown is the report that --report and the wizard's "save report"
// write: something a user can attach to a ticket. It names the login and
// the mailbox but never the password, which it is not given.
func Markdown(rep steps.Report, cfg steps.Config, now time.Time) string {
	var b strings.Builder
	b.WriteString("# ewsconnect report\n\n")
	fmt.Fprintf(&b, "**%s** · %s\n\n", markdownVerdict(rep), now.Format("2006-01-02 15:04 MST"))

	b.WriteString("| Setting | Value |\n| --- | --- |\n")
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "| %s | %s |\n", k, mdCell(v))
		}
	}
	row("Server URL", exchange.RedactURL(rep.URL))
	row("Proxy (https)", exchange.RedactURL(rep.Proxy))
	row("Email", cfg.Email)
	row("Custom login", cfg.Username)
	row("Signed in as", joinNonEmpty(rep.Login, rep.Server.AuthUsed, " with "))
	row("Exchange", joinNonEmpty(rep.Server.Version, rep.Server.Build, " · "))
	row("Auth schemes offered", strings.Join(rep.Server.AuthSchemes, ", "))
	row("Windows domain (NTLM)", rep.Server.NetBIOSDomain)
	row("Mailbox", rep.Mailbox)
	if rep.SentTo != "" {
		row("Test message", "sent, BCC "+rep.SentTo)
	}

	b.WriteString("\n## Steps\n\n| | Step | Result | Time |\n| --- | --- | --- | --- |\n")
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
		fmt.Fprintf(&b, "| %s %s | %s | %s | %s |\n", Icon(s.Status), s.Status, s.ID.Title(), mdCell(what), ms)
	}

	if ad := rep.Autodiscover; ad != nil && len(ad.Attempts) > 0 {
		b.WriteString("\n## Autodiscover for " + mdText(ad.Email) + "\n\n| Method | URL | Result | Time | What was seen |\n| --- | --- | --- | --- | --- |\n")
		for _, a := range ad.Attempts {
			fmt.Fprintf(&b, "| %s | %s | %s | %d ms | %s |\n", a.Method, mdCell(exchange.RedactURL(a.URL)), mdCell(a.Result), a.Duration.Milliseconds(), mdCell(a.Detail))
		}
	}

	if p := rep.Problem(); p != nil {
		markdownProblem(&b, p, rep.Suggestions, "")
	} else if p := rep.SkippedProblem(); p != nil {
		b.WriteString("\nThe test message failed and was then skipped; this is why it failed.\n")
		markdownProblem(&b, p, exchange.Suggestions{}, "")
	}
	if warns := rep.Warnings(); len(warns) > 0 {
		b.WriteString("\n## Warnings\n\n")
		for _, w := range warns {
			if len(w.WarningProblems()) == 0 {
				fmt.Fprintf(&b, "- %s: %s\n", w.ID.Title(), mdText(w.Note))
			}
		}
		for _, w := range warns {
			for _, p := range w.WarningProblems() {
				markdownProblem(&b, p, exchange.Suggestions{}, "Warning at "+w.ID.Title()+": ")
			}
		}
	}
	// Admins allow-list EWS clients by User-Agent; the report says which.
	fmt.Fprintf(&b, "\n---\nMade by ewsconnect %s (User-Agent ewsconnect/%s).\n", exchange.Version, exchange.Version)
	return b.String()
}

func markdownVerdict(rep steps.Report) string {
	switch rep.Outcome() {
	case steps.OutcomeInterrupted:
		return "- Interrupted"
	case steps.OutcomeConnected:
		return "✓ Connected: the mailbox works with Exchange Web Services"
	case steps.OutcomeConnectedNoSend:
		return "! Reading works, sending does not"
	}
	return "✗ Problem found"
}

// markdownProblem is the problem's section; commands are code blocks, so
// that they are copied whole.
// label starts a warning's heading.
func markdownProblem(b *strings.Builder, p *steps.Problem, sugg exchange.Suggestions, label string) {
	fmt.Fprintf(b, "\n## %s%s\n\n**%s** (code `%s`)\n\n", label, p.SectionTitle, p.Title, p.Code)
	if p.Detail != "" {
		fmt.Fprintf(b, "What we saw: %s\n\n", mdText(p.Detail))
	}
	b.WriteString("How to fix it:\n\n")
	for i, f := range p.Fix {
		fmt.Fprintf(b, "%d. %s\n", i+1, mdText(f.WithFlag()))
		if f.Command != "" {
			fmt.Fprintf(b, "\n   ```powershell\n   %s\n   ```\n\n", strings.ReplaceAll(f.Command, "`", "'"))
		}
	}
	for _, s := range suggestionLines(sugg) {
		fmt.Fprintf(b, "\n%s\n", mdCode(s))
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
