package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"ewsconnect/internal/lockedbuf"
)

// In a window that closes with ewsconnect (a double-click on Windows),
// the wizard waits for Enter after its last screen, keeps its exit status,
// and Ctrl+C ends the wait at once.
func TestWizardWaitsForEnterWhenItsWindowCloses(t *testing.T) {
	for _, ctrlC := range []bool{false, true} {
		name := map[bool]string{false: "Enter", true: "Ctrl+C"}[ctrlC]
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stdin, typed := io.Pipe()
			defer typed.Close()
			var out, errOut lockedbuf.Buffer
			env := environment{getenv: func(string) string { return "" }, windowClosesOnExit: func() bool { return true }}
			done := make(chan int, 1)
			go func() {
				done <- runIn(ctx, env, []string{"--accessible", "--demo", "--password-stdin", "--no-send",
					"--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test"}, stdin, &out, &errOut)
			}()
			// the password, no demo row; then, connected, the menu's Quit
			io.WriteString(typed, "Demo-Pa55word!\n\n")
			waitFor(t, &out, "4. Quit")
			io.WriteString(typed, "4\n")
			waitFor(t, &errOut, "Press Enter to close this window.")
			select {
			case code := <-done:
				t.Fatalf("exited (%d) without waiting for Enter", code)
			case <-time.After(100 * time.Millisecond):
			}
			if ctrlC {
				cancel()
			} else {
				io.WriteString(typed, "\n")
			}
			select {
			case code := <-done:
				if code != exitOK {
					t.Errorf("exit %d, want the connection's %d", code, exitOK)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("still waiting after " + name)
			}
		})
	}
}

func waitFor(t *testing.T, buf *lockedbuf.Buffer, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(buf.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in:\n%s", want, buf.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
