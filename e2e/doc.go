// Package e2e tests the real ewsconnect binary end to end: built once,
// run in a pseudo-terminal of 80x24 whose output feeds a VT emulator (the
// "screen" the tests read), and driven with the bytes a keyboard sends.
// It needs nothing installed beyond Go. Pseudo-terminals are Unix-only.
package e2e
