package main

import (
	"fmt"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// runExplain is `ewsconnect explain [--lang en|pl] [CODE]`: the catalog,
// by the article's sections, or one code, in the language chosen as for
// every command.
func runExplain(args []string, c console) int {
	lang, err := c.language(args)
	if err != nil {
		return usageError(c, lang, "explain", err)
	}
	codes, help, err := langOnlyArgs(args)
	if err != nil {
		return usageError(c, lang, "explain", err)
	}
	if help {
		fmt.Fprint(c.out, explainUsage(lang))
		return exitOK
	}
	if len(codes) > 1 {
		return usageError(c, lang, "explain", i18n.NewError("usage.error.explain-one-code"))
	}
	if len(codes) == 1 {
		code := exchange.Code(strings.ToLower(strings.TrimSpace(codes[0])))
		if !knownCode(code) {
			return usageError(c, lang, "explain", i18n.NewError("usage.error.explain-unknown-code", i18n.Data{"Code": fmt.Sprintf("%q", codes[0])}))
		}
		fmt.Fprint(c.out, explainCode(lang, code))
		return exitOK
	}
	for _, sec := range steps.Sections {
		fmt.Fprintf(c.out, "# %s\n\n", steps.SectionTitleIn(lang, sec))
		for _, code := range exchange.AllCodes {
			if steps.Lookup(code).Section == sec {
				fmt.Fprint(c.out, explainCode(lang, code))
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
