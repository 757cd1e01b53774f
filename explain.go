package main

import (
	"fmt"
	"strings"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// runExplain is `ewsconnect explain [CODE]`: the catalog, by the article's
// sections, or one code.
func runExplain(args []string, c console) int {
	stdout := c.out
	for _, a := range args {
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			fmt.Fprint(stdout, explainUsage)
			return exitOK
		case strings.HasPrefix(a, "-"):
			return usageError(c.err, "explain", fmt.Errorf("unknown flag %s", a))
		}
	}
	if len(args) > 1 {
		return usageError(c.err, "explain", fmt.Errorf("explain takes at most one code"))
	}
	if len(args) == 1 {
		code := exchange.Code(strings.ToLower(strings.TrimSpace(args[0])))
		if !knownCode(code) {
			return usageError(c.err, "explain", fmt.Errorf("unknown code %q; run 'ewsconnect explain' for the list", args[0]))
		}
		fmt.Fprint(stdout, explainCode(code))
		return exitOK
	}
	for _, sec := range steps.Sections {
		fmt.Fprintf(stdout, "# %s\n\n", steps.SectionTitle(sec))
		for _, code := range exchange.AllCodes {
			if steps.Lookup(code).Section == sec {
				fmt.Fprint(stdout, explainCode(code))
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

func explainCode(code exchange.Code) string {
	e := steps.Lookup(code)
	var b strings.Builder
	fmt.Fprintf(&b, "%s  (%s)\n  %s\n", code, steps.SectionTitle(e.Section), e.Title)
	for i, f := range e.Fix {
		fmt.Fprintf(&b, "    %d. %s\n", i+1, f.WithFlag())
		if f.Command != "" {
			fmt.Fprintf(&b, "         %s\n", f.Command)
		}
	}
	b.WriteString("\n")
	return b.String()
}
