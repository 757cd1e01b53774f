package steps

import (
	"strings"

	"ewsconnect/exchange"
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

// Lookup returns the catalog entry of code. An unknown code (a bug) falls
// back to the general server error, so a user always gets a fix.
func Lookup(code exchange.Code) Entry {
	e, ok := catalogEN[code]
	if !ok {
		e = catalogEN[exchange.CodeServerError]
	}
	e.Fix = fillCommands(e.Fix, "<mailbox>", "<login>")
	return e
}

// SectionTitle is the article's heading for s.
func SectionTitle(s Section) string { return sectionTitlesEN[s] }

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
