package steps

import (
	"fmt"
	"slices"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// Section is one heading of the vendor's help article
// (../shared/docs/help-article.en.md); every problem belongs to one.
type Section string

// The article's sections, in its order.
const (
	SectionInvalidURL         Section = "invalid-url"
	SectionAutodiscover       Section = "autodiscover" // not in the article: finding the server from the email address
	SectionUnsupportedVersion Section = "unsupported-version"
	SectionCannotConnect      Section = "cannot-connect"
	SectionUnauthorized       Section = "unauthorized"
	SectionTestEmailFailed    Section = "test-email-failed"
)

// Sections lists the article's sections in order, with autodiscover
// (which the article does not have) after the URL it is about.
var Sections = []Section{
	SectionInvalidURL, SectionAutodiscover, SectionUnsupportedVersion, SectionCannotConnect,
	SectionUnauthorized, SectionTestEmailFailed,
}

// WarningCodes are the codes a working connection can carry as warnings:
// a demo row that expects one of them connects.
var WarningCodes = map[exchange.Code]bool{
	exchange.CodeAuthChannelBinding: true,
	exchange.CodePasswordExpiring:   true,
}

// Entry is what the catalog knows about a code: where it stands in the
// article, a one-line title, and the fix as steps a person can follow.
type Entry struct {
	Section Section
	Title   string
	Fix     []FixStep
}

// FixStep is one step of a fix: a sentence, and optionally a setting of
// ewsconnect that carries it out (the command line names its flag, the
// wizard its key) and a command for an administrator to copy, which
// printers keep on one line.
type FixStep struct {
	Text    string
	Setting Setting
	// Command may hold {mailbox} and {login}; Lookup leaves them as
	// <mailbox> and <login>, a run fills them in (quoted for PowerShell).
	Command string
}

// Setting is something ewsconnect can change for the next check.
type Setting string

// The settings a fix can point at.
const (
	SettingNone    Setting = ""
	SettingTimeout Setting = "timeout" // more time for each network step
	SettingCAFile  Setting = "ca-file" // trust a company root certificate
	SettingNoSend  Setting = "no-send" // connect without the test message
)

// Flag is how the command line changes s, e.g. "--timeout 30s".
func (s Setting) Flag() string {
	switch s {
	case SettingTimeout:
		return "--timeout 30s"
	case SettingCAFile:
		return "--ca-file FILE"
	case SettingNoSend:
		return "--no-send"
	}
	return ""
}

// WithFlag is the step's text as the command line reports say it: the
// flag that carries it out in brackets.
func (f FixStep) WithFlag() string {
	if flag := f.Setting.Flag(); flag != "" {
		return strings.TrimSuffix(f.Text, ".") + " (" + flag + ")."
	}
	return f.Text
}

// Lookup returns the English catalog entry of code; see LookupIn.
func Lookup(code exchange.Code) Entry { return LookupIn(i18n.EN, code) }

// LookupIn returns the catalog entry of code in l, its commands holding
// <mailbox> and <login>. An unknown code (a bug) falls back to the general
// server error, so a user always gets a fix.
func LookupIn(l i18n.Lang, code exchange.Code) Entry {
	e := entryIn(l, code)
	e.Fix = fillCommands(e.Fix, "<mailbox>", "<login>")
	return e
}

// entryIn is code's entry in l with the commands' {mailbox} and {login}
// left for a run to fill.
func entryIn(l i18n.Lang, code exchange.Code) Entry {
	spec, ok := problems[code]
	if !ok {
		code, spec = exchange.CodeServerError, problems[exchange.CodeServerError]
	}
	key := "problem." + string(code)
	e := Entry{Section: spec.section, Title: i18n.T(l, key+".title")}
	for i, f := range spec.fix {
		var said []string
		if f.own {
			said = append(said, i18n.T(l, fmt.Sprintf("%s.fix.%d", key, i+1)))
		}
		if f.advice != "" {
			said = append(said, i18n.T(l, f.advice))
		}
		e.Fix = append(e.Fix, FixStep{Text: strings.Join(said, " "), Setting: f.setting, Command: f.command})
	}
	return e
}

// SectionTitle is the article's heading for s, in English.
func SectionTitle(s Section) string { return SectionTitleIn(i18n.EN, s) }

// SectionTitleIn is the article's heading for s in l; empty for a section
// the article does not have.
func SectionTitleIn(l i18n.Lang, s Section) string {
	if !slices.Contains(Sections, s) {
		return ""
	}
	return i18n.T(l, "section."+string(s))
}

// fillCommands puts the mailbox and login into a copy of the fix's
// commands.
func fillCommands(fix []FixStep, mailbox, login string) []FixStep {
	out := append([]FixStep(nil), fix...)
	r := strings.NewReplacer("{mailbox}", mailbox, "{login}", login)
	for i := range out {
		out[i].Command = r.Replace(out[i].Command)
	}
	return out
}

// PowerShellQuote quotes s as one PowerShell argument. PowerShell takes
// the typographic quotes ‘ ’ ‚ ‛ for ' too, so each of them is doubled
// like ' is.
func PowerShellQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range exchange.Sanitize(s) {
		switch r {
		case '\'', '‘', '’', '‚', '‛':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}
