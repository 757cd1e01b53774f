// Package report turns a steps.Report into the forms people and scripts
// read: the JSON of the contract, the plain-text report of `check`, and the
// Markdown report that --report and the wizard's "save report" write. None
// of them ever contains the password: it is not part of what they receive.
package report
