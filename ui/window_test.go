package ui

import "testing"

func TestWindowClosesOnExit(t *testing.T) {
	tests := []struct {
		name      string
		goos      string
		processes int
		want      bool
	}{
		{"Windows, double-clicked in Explorer: a console of its own", "windows", 1, true},
		{"Windows, started from cmd or PowerShell: the shell shares the console", "windows", 2, false},
		{"Windows, started from a script in a shell", "windows", 3, false},
		{"Windows, no console (output redirected by a service) or the call failed", "windows", 0, false},
		{"macOS: a Terminal window stays", "darwin", 1, false},
		{"Linux", "linux", 0, false},
	}
	for _, tt := range tests {
		if got := windowClosesOnExit(tt.goos, tt.processes); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
