// Package flagerr reads the errors of Go's flag package, so that a command
// can say them in the user's language with its own texts: the flag package
// writes them in English, and only as text.
package flagerr

import (
	"regexp"
	"strings"
)

// Kind is what was wrong on the command line.
type Kind int

// The kinds of the flag package's parse errors.
const (
	Unknown    Kind = iota + 1 // a flag that is not defined
	NeedsValue                 // a flag without its value
	Invalid                    // a value the flag refused
)

// The reasons the flag package gives for a built-in flag's value.
const (
	Syntax     = "parse error"
	OutOfRange = "value out of range"
)

// Error is one parse error, read.
type Error struct {
	Kind   Kind
	Flag   string // the flag's name, without dashes
	Value  string // the value given, quoted as the flag package quotes it (Invalid)
	Reason string // why it was refused, the flag's own words: Syntax, OutOfRange or a flag's Set error (Invalid)
}

// invalidValue is the flag package's error for a value its flag refused.
var invalidValue = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-+([^:]+): (.*)$`)

// Read reads err from flag.FlagSet.Parse; ok is false for another error.
func Read(err error) (e Error, ok bool) {
	msg := err.Error()
	if name, found := strings.CutPrefix(msg, "flag provided but not defined: "); found {
		return Error{Kind: Unknown, Flag: strings.TrimLeft(name, "-")}, true
	}
	if name, found := strings.CutPrefix(msg, "flag needs an argument: "); found {
		return Error{Kind: NeedsValue, Flag: strings.TrimLeft(name, "-")}, true
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		return Error{Kind: Invalid, Value: m[1], Flag: m[2], Reason: m[3]}, true
	}
	return Error{}, false
}
