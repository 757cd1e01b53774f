//go:build !windows

package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// binary is the ewsconnect built for this test run, by the first test that
// starts it.
var (
	binary    string
	buildOnce sync.Once
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ewsconnect-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "ewsconnect")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildBinary builds ewsconnect once. It runs inside a test, not in
// TestMain, so that statSources is seen by go test's cache.
func buildBinary(t *testing.T) {
	t.Helper()
	buildOnce.Do(func() {
		statSources("..")
		build := exec.Command("go", "build", "-o", binary, ".")
		build.Dir = ".." // the module root
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		buildErr = build.Run()
	})
	if buildErr != nil {
		t.Fatalf("building ewsconnect: %v", buildErr)
	}
}

// statSources looks at every Go source and module file of the module, so
// that go test's cache knows this package depends on them: the binary is
// built by a subprocess the cache cannot see, and a changed source must
// not leave a stale pass behind.
func statSources(root string) {
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if name := d.Name(); strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum" {
			os.Stat(path)
		}
		return nil
	})
}

// Keys as a terminal sends them.
const (
	keyEnter    = "\r"
	keyTab      = "\t"
	keyShiftTab = "\x1b[Z"
	keyCtrlC    = "\x03"
	keyCtrlU    = "\x15"
	keyEscape   = "\x1b"
)

// terminal is the binary running in a pseudo-terminal, with a VT emulator
// as its screen. The emulator's answers to terminal queries go back to the
// program, as a real terminal's would; reading them also keeps the
// emulator from blocking (it writes them to a pipe).
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	emu  *vt.Emulator
	done chan struct{} // closed when the program's output ends

	emuMu sync.Mutex // the emulator is not safe for concurrent use

	mu        sync.Mutex
	raw       bytes.Buffer // every byte the program wrote
	altScreen bool
	waitErr   error
	exited    chan struct{}
}

func startTerminal(t *testing.T, args ...string) *terminal {
	t.Helper()
	return startTerminalWith(t, setup{}, args...)
}

// setup changes how the program is started: its TERM, and a file in place
// of the terminal for its standard output (as `ewsconnect > out.txt`).
type setup struct {
	term   string
	stdout *os.File
	env    []string // more NAME=VALUE, e.g. LANG=pl_PL.UTF-8
}

func startTerminalWith(t *testing.T, s setup, args ...string) *terminal {
	t.Helper()
	buildBinary(t)
	cmd := exec.Command(binary, args...)
	cmd.Dir = t.TempDir() // a saved report lands here
	if s.term == "" {
		s.term = "xterm-256color"
	}
	// No password from the environment (it would skip the wizard's
	// question) and no language but the one a test asks for.
	cmd.Env = append(environWithout("EWSCONNECT_PASSWORD", "EWSCONNECT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"),
		"TERM="+s.term, "COLORTERM=truecolor")
	cmd.Env = append(cmd.Env, s.env...)
	if s.stdout != nil {
		cmd.Stdout = s.stdout // pty.Start gives the terminal only to the streams left nil
	}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, cmd: cmd, pty: f, emu: vt.NewEmulator(80, 24),
		done: make(chan struct{}), exited: make(chan struct{})}
	term.emu.SetCallbacks(vt.Callbacks{AltScreen: func(on bool) {
		term.mu.Lock()
		term.altScreen = on
		term.mu.Unlock()
	}})
	go func() { _, _ = io.Copy(f, term.emu) }() // answers to queries
	go func() {
		defer close(term.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				term.mu.Lock()
				term.raw.Write(buf[:n])
				term.mu.Unlock()
				term.emuMu.Lock()
				_, _ = term.emu.Write(buf[:n])
				term.emuMu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		err := cmd.Wait()
		term.mu.Lock()
		term.waitErr = err
		term.mu.Unlock()
		close(term.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-term.exited
		f.Close()
		// The emulator is not closed: Close races with the Read that
		// forwards its answers, and that goroutine ending with the test
		// binary is harmless.
	})
	return term
}

// environWithout is this process's environment less the named variables.
func environWithout(names ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(names, name) {
			env = append(env, kv)
		}
	}
	return env
}

// screen is the emulator's text, as a person would read it.
func (tm *terminal) screen() string {
	tm.emuMu.Lock()
	defer tm.emuMu.Unlock()
	return tm.emu.String()
}

// waitFor polls the screen until it shows want.
func (tm *terminal) waitFor(want string, timeout time.Duration) {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(tm.screen(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("the screen never showed %q; it shows:\n%s", want, tm.screen())
}

// waitForAny polls the screen until it shows one of wants.
func (tm *terminal) waitForAny(timeout time.Duration, wants ...string) {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		screen := tm.screen()
		for _, w := range wants {
			if strings.Contains(screen, w) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("the screen never showed any of %q; it shows:\n%s", wants, tm.screen())
}

// send types keys or text.
func (tm *terminal) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := tm.pty.Write([]byte(k)); err != nil {
			tm.t.Fatal(err)
		}
		// one key at a time, as fingers do: an escape sequence split across
		// reads is still parsed, but a burst of keys and text can be taken
		// for a paste
		time.Sleep(15 * time.Millisecond)
	}
}

// typeText types s one character at a time.
func (tm *terminal) typeText(s string) {
	tm.t.Helper()
	for _, r := range s {
		tm.send(string(r))
	}
}

// waitExit waits for the program to end and returns its exit code.
func (tm *terminal) waitExit(timeout time.Duration) int {
	tm.t.Helper()
	select {
	case <-tm.exited:
	case <-time.After(timeout):
		tm.t.Fatalf("still running after %v; screen:\n%s", timeout, tm.screen())
	}
	select { // the last output, written before the exit, is read by now or soon
	case <-tm.done:
	case <-time.After(time.Second):
	}
	tm.mu.Lock()
	defer tm.mu.Unlock()
	var exit *exec.ExitError
	if errors.As(tm.waitErr, &exit) {
		return exit.ExitCode()
	}
	if tm.waitErr != nil {
		tm.t.Fatal(tm.waitErr)
	}
	return 0
}

func (tm *terminal) rawLen() int {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.Len()
}

// rawSince is what the program wrote after the first n bytes.
func (tm *terminal) rawSince(n int) string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.String()[n:]
}

// raw is every byte the program wrote to the terminal.
func (tm *terminal) rawOutput() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.String()
}

// restored checks that the program gave the terminal back: the alternate
// screen left and the cursor visible.
func (tm *terminal) restored() {
	tm.t.Helper()
	tm.mu.Lock()
	raw := tm.raw.String()
	alt := tm.altScreen
	tm.mu.Unlock()
	if alt {
		tm.t.Error("the alternate screen is still on")
	}
	tm.emuMu.Lock()
	hidden := tm.emu.CursorHidden()
	tm.emuMu.Unlock()
	if hidden {
		tm.t.Error("the cursor is still hidden")
	}
	if !strings.Contains(raw, "\x1b[?1049h") {
		tm.t.Error("the wizard never used the alternate screen: was it in a terminal?")
	}
}

// demoPassword reads the demo password off the welcome screen, where the
// demo shows it for the chosen account.
func (tm *terminal) demoPassword() string {
	tm.t.Helper()
	for _, line := range strings.Split(tm.screen(), "\n") {
		if f := strings.Fields(line); len(f) == 2 && (f[0] == "Password" || f[0] == "Hasło") {
			return f[1]
		}
	}
	tm.t.Fatalf("no demo password on the welcome screen:\n%s", tm.screen())
	return ""
}
