package main

import (
	"fmt"
	"strings"

	"ewsconnect/i18n"
	"ewsconnect/internal/buildinfo"
)

// runVersion is `ewsconnect version [--lang en|pl]` (and `--version`):
// this build's version, commit, date and Go (internal/buildinfo).
func runVersion(args []string, c console) int {
	lang, err := c.language(args)
	if err != nil {
		return usageError(c, lang, "version", err)
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			fmt.Fprint(c.out, i18n.T(lang, "usage.version"))
			return exitOK
		case a == "--lang" || a == "-lang":
			if i+1 == len(args) {
				return usageError(c, lang, "version", i18n.NewError("usage.error.needs-value", i18n.Data{"Flag": "--lang"}))
			}
			i++ // the value was read by c.language
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
		case strings.HasPrefix(a, "-"):
			return usageError(c, lang, "version", i18n.NewError("usage.error.unknown-flag", i18n.Data{"Flag": a}))
		default:
			return usageError(c, lang, "version", i18n.NewError("usage.error.unexpected-argument", i18n.Data{"Arg": a}))
		}
	}
	fmt.Fprint(c.out, buildinfo.Current().Text(lang))
	return exitOK
}
