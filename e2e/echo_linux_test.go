//go:build linux

package e2e

import "golang.org/x/sys/unix"

// echoOn reports whether the terminal echoes what is typed: a program that
// read a password unseen must turn echo back on, even when interrupted.
func (tm *terminal) echoOn() bool {
	tm.t.Helper()
	tio, err := unix.IoctlGetTermios(int(tm.pty.Fd()), unix.TCGETS)
	if err != nil {
		tm.t.Fatal(err)
	}
	return tio.Lflag&unix.ECHO != 0
}
