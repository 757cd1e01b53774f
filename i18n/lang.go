// Package i18n holds every text a person reads, one catalog per language,
// and chooses the language: --lang, then the environment, then the
// operating system's user language, else English.
package i18n

import "strings"

// Lang is a language ewsconnect speaks.
type Lang string

// The languages, English first: it is the fallback and the language of
// the contract (codes, JSON keys).
const (
	EN Lang = "en"
	PL Lang = "pl"
)

// Supported lists every language with a complete catalog.
var Supported = []Lang{EN, PL}

// Parse reads a language as --lang and the environment give it: "pl",
// "pl_PL.UTF-8", "pl-PL", "PL". ok is false for a language without a
// catalog, and for "C"/"POSIX" (no choice made).
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		s = s[:i]
	}
	for _, l := range Supported {
		if s == string(l) {
			return l, true
		}
	}
	return "", false
}
