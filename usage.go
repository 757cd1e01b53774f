package main

import "ewsconnect/i18n"

// The help texts, one per command, printed to stdout by --help, from the
// language catalogs (usage.*). Every flag a command accepts is in its
// text, and nothing else is.

// sharedFlags are the flags of the wizard and check alike.
func sharedFlags(l i18n.Lang) string { return i18n.T(l, "usage.shared-flags") }

func wizardUsage(l i18n.Lang) string {
	return i18n.T(l, "usage.wizard", map[string]any{"SharedFlags": sharedFlags(l)})
}

func checkUsage(l i18n.Lang) string {
	return i18n.T(l, "usage.check", map[string]any{"SharedFlags": sharedFlags(l)})
}

func explainUsage(l i18n.Lang) string { return i18n.T(l, "usage.explain") }
