//go:build !windows

package ui

// consoleProcesses: only Windows consoles close with their last process.
func consoleProcesses() int { return 0 }
