package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// Every demo row's text report in Polish is Polish: the titles, fixes,
// notes and "what we saw" come from the Polish catalog, and only the
// server's own words (quoted), commands, addresses and names stay as they
// are. An English sentence left behind in exchange's details shows here.
func TestEveryRowsReportInPolish(t *testing.T) {
	for _, sc := range demoRows(t) {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			args := demoArgs(sc)
			args = slices.DeleteFunc(args, func(a string) bool { return a == "--json" })
			args = append(args, "--lang", "pl")
			_, stdout, stderr := runCLI(t, sc.Password+"\n", args...)
			wantNoEnglish(t, stdout+stderr)
		})
	}
}

// quotedOrVerbatim is what may stay in its own language inside a Polish
// line: a quotation (the server's or the system's words), an address, a
// path, a command line's flags, a DOMAIN\user, a hyphenated code
// (auth-failed) or name.
var quotedOrVerbatim = regexp.MustCompile(`(Exchange|Windows) Server|„[^”]*”|"[^"]*"|'[^']*'|\S+://\S+|\S*[./\\@=_]\S*|\S*-\S*`)

// englishOnly are words that are English and never Polish ("to", "on",
// "no" and "a" are Polish words too, so they are not here).
var englishOnly = []string{
	"the", "and", "your", "with", "is", "are", "this", "that", "you", "from", "was", "not",
	"answered", "could", "which", "after", "before", "sent", "has", "have", "does", "did",
	"but", "its", "were", "there", "when", "only", "been", "for", "of", "by", "than", "or",
	"said", "found", "refused", "failed", "certificate", "server", "connection", "while",
}

// wantNoEnglish fails on every line of out with an English word left.
func wantNoEnglish(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if w := englishWordIn(line); w != "" {
			t.Errorf("the English word %q in: %s", w, strings.TrimSpace(line))
		}
	}
}

// englishWordIn is the first English-only word of line outside what may
// stay as it is, or "".
func englishWordIn(line string) string {
	line = quotedOrVerbatim.ReplaceAllString(line, " ")
	for _, w := range strings.FieldsFunc(strings.ToLower(line), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if slices.Contains(englishOnly, w) {
			return w
		}
	}
	return ""
}

// The wizard too (its plain mode, as TestWizardReachesEveryRowsVerdict
// runs it) says every row in Polish: its questions, the demo's table, the
// problem with what was seen and its fix, or the connection.
func TestWizardSpeaksPolishForEveryRow(t *testing.T) {
	for _, sc := range demoRows(t) {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			answers := sc.Name + "\n"
			if slices.Contains(sc.Args, "--allow-redirect") {
				answers += "t\n"
			}
			args := []string{"--accessible", "--demo", "--lang", "pl", "--timeout", "2s"}
			_, stdout, stderr := runCLI(t, answers, args...)
			all := stdout + stderr
			if !strings.Contains(all, "Konto demo") {
				t.Fatalf("not the Polish wizard:\n%s", all)
			}
			wantNoEnglish(t, all)
		})
	}
}
