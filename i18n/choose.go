package i18n

import (
	"fmt"
	"strings"
)

// Env is where the language may come from besides --lang: environment
// variables and the operating system's user language (a list, most
// preferred first), both replaceable in tests.
type Env struct {
	Getenv      func(string) string
	OSLanguages func() []string
}

// SystemEnv reads this process's environment and the user's language
// setting of Windows or macOS (none elsewhere: there LANG says it).
func SystemEnv() Env { return Env{Getenv: getenv, OSLanguages: osLanguages} }

// Choice is the chosen language and what chose it, e.g. "LANG=pl_PL.UTF-8".
type Choice struct {
	Lang   Lang
	Source string
}

// localeVars are read in POSIX order: LC_ALL overrides LC_MESSAGES, which
// overrides LANG. The first one set decides; a language without a
// catalog, or C/POSIX, means English then, not a look further down.
var localeVars = []string{"LC_ALL", "LC_MESSAGES", "LANG"}

// Choose picks the language: flag (--lang), then EWSCONNECT_LANG, then the
// locale variables, then the operating system's user language, else
// English. An unknown --lang or EWSCONNECT_LANG is an error (a typo there
// is a choice that was not honoured); an unknown locale is English.
func Choose(flag string, env Env) (Choice, error) {
	if strings.TrimSpace(flag) != "" {
		l, ok := Parse(flag)
		if !ok {
			return Choice{}, NewError("usage.error.lang-flag", Data{"Value": fmt.Sprintf("%q", flag), "Langs": Names("|")})
		}
		return Choice{l, "--lang"}, nil
	}
	get := env.Getenv
	if get == nil {
		get = func(string) string { return "" }
	}
	if v := strings.TrimSpace(get("EWSCONNECT_LANG")); v != "" {
		l, ok := Parse(v)
		if !ok {
			return Choice{}, NewError("usage.error.lang-env", Data{"Value": fmt.Sprintf("%q", v), "Langs": Names("|")})
		}
		return Choice{l, "EWSCONNECT_LANG=" + v}, nil
	}
	for _, name := range localeVars {
		if v := strings.TrimSpace(get(name)); v != "" {
			l, ok := Parse(v)
			if !ok {
				l = EN
			}
			return Choice{l, name + "=" + v}, nil
		}
	}
	if env.OSLanguages != nil {
		for _, v := range env.OSLanguages() {
			if l, ok := Parse(v); ok {
				return Choice{l, "the system's language (" + v + ")"}, nil
			}
		}
	}
	return Choice{EN, "default"}, nil
}

// Names is the supported languages joined by sep: "en, pl" for a
// sentence, "en|pl" for a usage line.
func Names(sep string) string {
	out := make([]string, len(Supported))
	for i, l := range Supported {
		out[i] = string(l)
	}
	return strings.Join(out, sep)
}

// LangArg is the value of the last --lang in args (before a "--"), and
// whether there is one: the language of --help and of usage errors, which
// may be needed before the command's flags are parsed.
func LangArg(args []string) (value string, given bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				break
			}
			v = args[i+1]
		}
		value, given = v, true
	}
	return value, given
}
