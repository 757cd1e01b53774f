package ui

import "runtime"

// WindowClosesOnExit reports whether the window ewsconnect runs in closes
// when it exits: on Windows, a console that no other process shares was
// made for ewsconnect alone (a double-click in Explorer, or the Run
// dialog), and takes the last screen with it. Then the wizard waits for
// Enter before it exits, so that the result can be read.
func WindowClosesOnExit() bool { return windowClosesOnExit(runtime.GOOS, consoleProcesses()) }

// windowClosesOnExit decides it from the system and the number of
// processes attached to the console (GetConsoleProcessList): 1 is
// ewsconnect alone; a console opened by cmd, PowerShell or a terminal
// has the shell too.
func windowClosesOnExit(goos string, processes int) bool {
	return goos == "windows" && processes == 1
}
