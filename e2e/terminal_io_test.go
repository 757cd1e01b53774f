//go:build linux

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Ctrl+C at the plain flow's hidden password prompt ends the program with
// 130 and leaves the terminal echoing.
func TestCtrlCAtHiddenPasswordRestoresEcho(t *testing.T) {
	tm := startTerminal(t, "--accessible", "--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test", "--demo")
	tm.waitFor("Demo account", 10*time.Second)
	tm.send(keyEnter) // type our own answers
	tm.waitFor("Password (input is hidden)", 5*time.Second)
	if tm.echoOn() {
		t.Fatal("echo should be off while the password is read")
	}
	tm.send(keyCtrlC)
	if code := tm.waitExit(5 * time.Second); code != 130 {
		t.Errorf("exit %d after Ctrl+C, want 130", code)
	}
	if !tm.echoOn() {
		t.Error("the terminal was left with echo off")
	}
}

// check on a terminal without a password asks for it unseen, as gh does,
// instead of stopping with a usage error.
func TestCheckAsksForThePasswordOnATerminal(t *testing.T) {
	tm := startTerminal(t, "check", "--demo", "--no-send", "--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test")
	tm.waitFor("Password for alice@contoso.test:", 10*time.Second)
	tm.typeText("Demo-Pa55word!")
	if strings.Contains(tm.screen(), "Demo-Pa55word!") {
		t.Fatal("the password is echoed")
	}
	tm.send(keyEnter)
	tm.waitFor("All checks passed", 20*time.Second)
	if code := tm.waitExit(5 * time.Second); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if !tm.echoOn() {
		t.Error("the terminal was left with echo off")
	}
}

// With standard output redirected, the wizard still draws on the terminal
// (standard error) and the outcome lands in the file, without escapes.
func TestRedirectedStdoutKeepsTheWizardOnScreen(t *testing.T) {
	out, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	tm := startTerminalWith(t, setup{stdout: out}, "--demo", "--no-send")
	tm.waitFor("Demo", 10*time.Second)
	tm.send(keyEnter) // the healthy row
	for i := 0; i < 2; i++ {
		tm.waitFor("enter", 5*time.Second)
		tm.send(keyEnter) // its answers, as filled in
	}
	tm.waitFor("Connected", 20*time.Second)
	tm.send("q")
	if code := tm.waitExit(5 * time.Second); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	tm.restored()
	got, _ := os.ReadFile(out.Name())
	if !strings.Contains(string(got), "Connected") || strings.Contains(string(got), "\x1b") || strings.Contains(string(got), "Email address") {
		t.Errorf("the file should hold the outcome only, without escapes or questions:\n%q", got)
	}
}

// TERM=dumb gets the plain prompts, never the full-screen wizard's escapes.
func TestDumbTerminalGetsPlainPrompts(t *testing.T) {
	tm := startTerminalWith(t, setup{term: "dumb"}, "--demo")
	tm.waitFor("Demo account", 10*time.Second)
	tm.send(keyCtrlC)
	tm.waitExit(5 * time.Second)
	if raw := tm.rawOutput(); strings.Contains(raw, "\x1b[?1049h") || strings.Contains(raw, "\x1b[") {
		t.Errorf("escape sequences on a dumb terminal: %q", raw)
	}
}
