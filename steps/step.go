package steps

import (
	"slices"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// ID is a step's stable identifier from the contract.
type ID string

// The steps, in the order they run.
const (
	Autodiscover ID = "autodiscover"
	URL          ID = "url"
	DNS          ID = "dns"
	Connect      ID = "connect"
	TLS          ID = "tls"
	Endpoint     ID = "endpoint"
	Auth         ID = "auth"
	Version      ID = "version"
	Mailbox      ID = "mailbox"
	Send         ID = "send"
)

// Order is every step ID in running order.
var Order = []ID{Autodiscover, URL, DNS, Connect, TLS, Endpoint, Auth, Version, Mailbox, Send}

// Title is the step's short name in English, as the checks list shows it.
func (id ID) Title() string { return id.TitleIn(i18n.EN) }

// TitleIn is the step's short name in l; empty for an unknown step.
func (id ID) TitleIn(l i18n.Lang) string {
	if !slices.Contains(Order, id) {
		return ""
	}
	return i18n.T(l, "step."+string(id))
}

// Status is a finished step's outcome.
type Status string

// The statuses of the contract.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Warn Status = "warn"
	Skip Status = "skip"
)

// Result is one finished step.
type Result struct {
	ID       ID
	Status   Status
	Duration time.Duration
	// Summary says what was seen when the step passed or warned, e.g.
	// "mail.contoso.test → 203.0.113.10". Empty for skipped steps.
	Summary string
	// Note explains a warning or a skip.
	Note string
	// Cut is the part of Summary that a narrow screen may shorten (the URL
	// autodiscover found), so that the rest, in any language, stays whole.
	Cut string
	// Problem is set when Status is Fail, and when it is Warn for a
	// warning with a code: then it is the first of Warnings.
	Problem *Problem
	// Warnings are every coded warning of a Warn step, in the order found.
	Warnings []*Problem
}

// Problem is an exchange.Problem joined with its catalog entry: everything a
// person needs to understand and fix it.
type Problem struct {
	Code         exchange.Code
	Section      Section
	SectionTitle string // the help article's heading
	Title        string
	Detail       string // what was seen (sanitised by exchange)
	Fix          []FixStep
	Field        exchange.Field
	// RecipientAtFault: the server refused the test message's recipient,
	// so a different recipient may help.
	RecipientAtFault bool
}

// WarningProblems are a Warn step's coded warnings: Warnings, or its
// Problem alone when only that was set.
func (r Result) WarningProblems() []*Problem {
	switch {
	case r.Status != Warn:
		return nil
	case len(r.Warnings) > 0:
		return r.Warnings
	case r.Problem != nil:
		return []*Problem{r.Problem}
	}
	return nil
}

// FixLines are the fix's steps as the command line reports write them: a
// sentence with its flag, and a command on a line of its own.
func (p *Problem) FixLines() []string {
	var out []string
	for _, f := range p.Fix {
		line := f.WithFlag()
		if f.Command != "" {
			line += " " + f.Command
		}
		out = append(out, line)
	}
	return out
}

// Commands are the fix's commands, for copying.
func (p *Problem) Commands() []string {
	var out []string
	for _, f := range p.Fix {
		if f.Command != "" {
			out = append(out, f.Command)
		}
	}
	return out
}

// HasSetting reports whether a step of the fix is carried out by s.
func (p *Problem) HasSetting(s Setting) bool {
	for _, f := range p.Fix {
		if f.Setting == s {
			return true
		}
	}
	return false
}

// problemFrom joins what exchange saw with the catalog, with the run's
// mailbox and login in the fix's commands. An error that exchange could
// not classify is reported as a server error, with its text sanitised, so
// that nothing unexplained reaches the user.
func problemFrom(err error, cfg Config) *Problem {
	p := exchange.AsProblem(err)
	if p == nil {
		p = exchange.NewProblem(exchange.CodeServerError, err, i18n.M("seen.unexplained", i18n.Data{"Err": exchange.Quotable(err.Error())}))
	}
	lang := cfg.Lang
	if lang == "" {
		lang = i18n.EN
	}
	e := entryIn(lang, p.Code)
	mailbox, login := "<mailbox>", "<login>"
	if cfg.Email != "" {
		mailbox = PowerShellQuote(cfg.Email)
		login = PowerShellQuote(firstNonEmpty(cfg.Username, cfg.Email))
	}
	return &Problem{
		Code:             p.Code,
		Section:          e.Section,
		SectionTitle:     SectionTitleIn(lang, e.Section),
		Title:            e.Title,
		Detail:           p.DetailIn(lang),
		Fix:              fillCommands(e.Fix, mailbox, login),
		Field:            p.Field,
		RecipientAtFault: p.RecipientAtFault,
	}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
