package main

import (
	"fmt"

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
	rest, help, err := langOnlyArgs(args)
	switch {
	case err != nil:
		return usageError(c, lang, "version", err)
	case help:
		fmt.Fprint(c.out, i18n.T(lang, "usage.version"))
		return exitOK
	case len(rest) > 0:
		return usageError(c, lang, "version", i18n.NewError("usage.error.unexpected-argument", i18n.Data{"Arg": rest[0]}))
	}
	fmt.Fprint(c.out, buildinfo.Current().Text(lang))
	return exitOK
}
