package main

import (
	"fmt"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// runExplain is `ewsconnect explain [--lang en|pl] [CODE]`: the catalog,
// by the article's sections, or one code, in English unless --lang says
// otherwise.
func runExplain(args []string, c console) int {
	stdout := c.out
	lang := i18n.EN
	var codes []string
	help := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			help = true // in the --lang given anywhere
		case a == "--lang" || strings.HasPrefix(a, "--lang="):
			value, ok := strings.CutPrefix(a, "--lang=")
			if !ok {
				if i+1 == len(args) {
					return usageError(c.err, "explain", fmt.Errorf("flag needs an argument: --lang"))
				}
				i++
				value = args[i]
			}
			l, ok := i18n.Parse(value)
			if !ok {
				return usageError(c.err, "explain", fmt.Errorf("invalid value %q for flag --lang: want %s", value, i18n.Names("|")))
			}
			lang = l
		case strings.HasPrefix(a, "-"):
			return usageError(c.err, "explain", fmt.Errorf("unknown flag %s", a))
		default:
			codes = append(codes, a)
		}
	}
	if help {
		fmt.Fprint(stdout, explainUsage(lang))
		return exitOK
	}
	if len(codes) > 1 {
		return usageError(c.err, "explain", fmt.Errorf("explain takes at most one code"))
	}
	if len(codes) == 1 {
		code := exchange.Code(strings.ToLower(strings.TrimSpace(codes[0])))
		if !knownCode(code) {
			return usageError(c.err, "explain", fmt.Errorf("unknown code %q; run 'ewsconnect explain' for the list", codes[0]))
		}
		fmt.Fprint(stdout, explainCode(lang, code))
		return exitOK
	}
	for _, sec := range steps.Sections {
		fmt.Fprintf(stdout, "# %s\n\n", steps.SectionTitleIn(lang, sec))
		for _, code := range exchange.AllCodes {
			if steps.Lookup(code).Section == sec {
				fmt.Fprint(stdout, explainCode(lang, code))
			}
		}
	}
	return exitOK
}

func knownCode(code exchange.Code) bool {
	for _, c := range exchange.AllCodes {
		if c == code {
			return true
		}
	}
	return false
}

func explainCode(lang i18n.Lang, code exchange.Code) string {
	e := steps.LookupIn(lang, code)
	var b strings.Builder
	fmt.Fprintf(&b, "%s  (%s)\n  %s\n", code, steps.SectionTitleIn(lang, e.Section), e.Title)
	for i, f := range e.Fix {
		fmt.Fprintf(&b, "    %d. %s\n", i+1, f.WithFlag())
		if f.Command != "" {
			fmt.Fprintf(&b, "         %s\n", f.Command)
		}
	}
	b.WriteString("\n")
	return b.String()
}
