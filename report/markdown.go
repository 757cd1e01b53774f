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
	verdict := "✗ Problem found"
	switch {
	case rep.Interrupted:
		verdict = "- Interrupted"
	case rep.OK:
		verdict = "✓ Connected: the mailbox works with Exchange Web Services"
	}
	fmt.Fprintf(&b, "**%s** · %s\n\n", verdict, now.Format("2006-01-02 15:04 MST"))

	b.WriteString("| Setting | Value |\n| --- | --- |\n")
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "| %s | %s |\n", k, mdCell(v))
		}
	}
	row("Server URL", rep.URL)
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
		if s.Problem != nil {
			what = s.Problem.Title
		} else if what == "" {
			what = s.Note
		}
		ms := ""
		if s.Status != steps.Skip {
			ms = fmt.Sprintf("%d ms", s.Duration.Milliseconds())
		}
		fmt.Fprintf(&b, "| %s %s | %s | %s | %s |\n", Icon(s.Status), s.Status, s.ID.Title(), mdCell(what), ms)
	}

	if p := rep.Problem; p != nil {
		fmt.Fprintf(&b, "\n## %s\n\n**%s** (code `%s`)\n\n", p.SectionTitle, p.Title, p.Code)
		if p.Detail != "" {
			fmt.Fprintf(&b, "What we saw: %s\n\n", mdText(p.Detail))
		}
		b.WriteString("How to fix it:\n\n")
		for i, f := range p.Fix {
			fmt.Fprintf(&b, "%d. %s\n", i+1, mdText(f))
		}
		for _, s := range suggestionLines(rep.Suggestions) {
			fmt.Fprintf(&b, "\n%s\n", mdText(s))
		}
	}
	// Admins allow-list EWS clients by User-Agent; the report says which.
	fmt.Fprintf(&b, "\n---\nMade by ewsconnect %s (User-Agent ewsconnect/%s).\n", exchange.Version, exchange.Version)
	return b.String()
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

// mdCell also keeps it inside its table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", "\\|")
}
