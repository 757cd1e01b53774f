package ui

import "testing"

// How the wizard talks to a person, decided from the console's facts, with
// the values Windows, macOS and Linux give.
func TestDecideConsole(t *testing.T) {
	tests := []struct {
		name       string
		facts      consoleFacts
		accessible bool
		want       consoleDecision
	}{
		{name: "Windows Terminal or PowerShell: consoles, no TERM",
			facts: consoleFacts{goos: "windows", stdin: true, stdout: true, stderr: true}, want: consoleDecision{fullScreen: true}},
		{name: "Windows console with the output redirected to a file: draws on stderr",
			facts: consoleFacts{goos: "windows", stdin: true, stderr: true}, want: consoleDecision{fullScreen: true}},
		{name: "Windows, Git Bash's mintty without a console: a pipe, said before asking",
			facts: consoleFacts{goos: "windows", term: "xterm", msystem: "MINGW64"}, want: consoleDecision{pipedWindowsTerminal: true}},
		{name: "Windows, Git Bash with a pseudo console (winpty, or ConPTY on)",
			facts: consoleFacts{goos: "windows", stdin: true, stdout: true, term: "xterm-256color", msystem: "MINGW64"}, want: consoleDecision{fullScreen: true}},
		{name: "Windows, a script piping in without Git Bash: prompts, nothing to say",
			facts: consoleFacts{goos: "windows", stdout: true}, want: consoleDecision{}},
		{name: "Windows, --accessible",
			facts: consoleFacts{goos: "windows", stdin: true, stdout: true}, accessible: true, want: consoleDecision{}},
		{name: "macOS Terminal",
			facts: consoleFacts{goos: "darwin", stdin: true, stdout: true, stderr: true, term: "xterm-256color"}, want: consoleDecision{fullScreen: true}},
		{name: "Linux, TERM=dumb (an editor's shell)",
			facts: consoleFacts{goos: "linux", stdin: true, stdout: true, term: "dumb"}, want: consoleDecision{}},
		{name: "Linux, both outputs redirected",
			facts: consoleFacts{goos: "linux", stdin: true, term: "xterm"}, want: consoleDecision{}},
		{name: "Linux, MSYSTEM set by chance is not Windows",
			facts: consoleFacts{goos: "linux", term: "xterm", msystem: "MINGW64"}, want: consoleDecision{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decideConsole(tt.facts, tt.accessible); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
