package ui

import (
	"os"
	"runtime"
)

// consoleFacts is what decides how the wizard can talk to a person: which
// standard streams are terminals (Windows: consoles), and the variables
// that describe the terminal. It is gathered in one place and decided in
// another (decideConsole), so that Windows' cases are table-tested on any
// machine.
type consoleFacts struct {
	goos                  string // runtime.GOOS
	stdin, stdout, stderr bool   // each is a terminal
	term                  string // TERM: "dumb" cannot draw screens
	msystem               string // MSYSTEM: Git Bash or MSYS2 on Windows
}

// consoleDecision is how the wizard runs.
type consoleDecision struct {
	fullScreen bool // else line prompts (the plain wizard)
	// pipedWindowsTerminal: Windows' Git Bash or MSYS2 window (mintty)
	// without a console: keys come through a pipe, so nothing typed can
	// be hidden. The plain wizard says so before it asks anything.
	pipedWindowsTerminal bool
}

// decideConsole: the full-screen wizard needs keys from a terminal, a
// terminal to draw on (standard output, else standard error) and one that
// can draw; --accessible asks for prompts anyway. Key handling needs no
// signals: Ctrl+C arrives as a key in the full-screen wizard on every
// platform, and as os.Interrupt (CTRL_C_EVENT on Windows) at a prompt.
func decideConsole(f consoleFacts, accessible bool) consoleDecision {
	return consoleDecision{
		fullScreen:           !accessible && f.stdin && (f.stdout || f.stderr) && f.term != "dumb",
		pipedWindowsTerminal: f.goos == "windows" && f.msystem != "" && !f.stdin,
	}
}

// facts reads this console's: its streams, and the variables from getenv
// (os.Getenv when nil).
func (c Console) facts() consoleFacts {
	getenv := c.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	return consoleFacts{
		goos:    runtime.GOOS,
		stdin:   c.interactive(),
		stdout:  terminalFile(c.Out) != nil,
		stderr:  terminalFile(c.Err) != nil,
		term:    getenv("TERM"),
		msystem: getenv("MSYSTEM"),
	}
}
