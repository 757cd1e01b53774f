package report

import (
	"strings"

	"ewsconnect/steps"
)

// Suggested command lines must be safe to paste, and help-desk staff paste
// them into a POSIX shell, PowerShell or cmd.exe. A value the server
// supplied (a NetBIOS domain) may be hostile.

// bareSafe are the characters that mean themselves unquoted in all three
// shells. Not "," (an array in PowerShell), "%" (cmd), "!" (bash history).
func bareSafe(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:/+=-", r)
}

// quotedSafe may also stand inside double quotes in all three: a backslash
// is literal there unless it precedes a quote or another backslash, and a
// space is protected.
func quotedSafe(r rune) bool { return bareSafe(r) || r == '\\' || r == ' ' || r == '@' }

// flagLines are the ways to pass value with flag: one line that works in
// every shell when there is one, else a POSIX and a PowerShell form.
func flagLines(flag, value string) []string {
	if value != "" && strings.IndexFunc(value, func(r rune) bool { return !bareSafe(r) }) < 0 {
		return []string{flag + " " + value}
	}
	if value != "" && strings.IndexFunc(value, func(r rune) bool { return !quotedSafe(r) }) < 0 &&
		!strings.Contains(value, `\\`) && !strings.HasSuffix(value, `\`) {
		return []string{flag + ` "` + value + `"`}
	}
	return []string{
		flag + " " + posixQuote(value) + "   (POSIX shell)",
		flag + " " + steps.PowerShellQuote(value) + "   (PowerShell)",
	}
}

// posixQuote single-quotes s; a quote inside closes the quoting, adds an
// escaped quote and opens it again.
func posixQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
