// Package ui owns the interactive wizard: the screens that collect the
// server address, the sign-in and the test recipient, run the checks one step
// at a time, and show either the verified settings or the problem with its
// fix from the help article. It renders results from package steps and never
// decides what they mean. When stdin or stdout is not a terminal (or with
// Options.Accessible) it runs the same flow as plain line prompts.
//
// Every word it writes comes from the i18n catalog (keys ui.<area>.<name>,
// see text.go) in Options.Lang; the goldens under testdata/ are English,
// those under testdata/pl/ the same screens in Polish.
package ui
