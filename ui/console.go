package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/term"
)

// Console is the standard streams as the wizard uses them. Questions and
// the full-screen wizard go to the terminal; results (the outcome, the
// report's path) go to Out, so that `ewsconnect > out.txt` keeps the
// results in the file and the questions on the screen.
type Console struct {
	In     *bufio.Reader       // the one reader of standard input (--password-stdin read from it too)
	InFile *os.File            // standard input, when it is a file: terminal checks, the TUI's keys
	Out    io.Writer           // results
	Err    io.Writer           // messages; also the questions when Out is not a terminal
	Getenv func(string) string // the environment (TERM, MSYSTEM); nil: the process's
}

// interactive reports whether the input is a terminal a person types at.
func (c Console) interactive() bool { return c.InFile != nil && isTerminal(c.InFile) }

// screen is the terminal to draw on or ask at: standard output when it is
// one, else standard error when that is one, else nil.
func (c Console) screen() *os.File {
	for _, w := range []io.Writer{c.Out, c.Err} {
		if f := terminalFile(w); f != nil {
			return f
		}
	}
	return nil
}

// prompts is where the questions go: the terminal, else standard error
// when standard output is redirected, else standard output (a transcript).
func (c Console) prompts() io.Writer {
	if s := c.screen(); s != nil {
		return s
	}
	if f, ok := c.Out.(*os.File); ok && f != nil && !isTerminal(f) && c.Err != nil {
		return c.Err
	}
	return c.Out
}

// isTerminal reports whether f is a terminal; a nil file is not.
func isTerminal(f *os.File) bool { return f != nil && term.IsTerminal(f.Fd()) }

// terminalFile is w when it is a terminal's file, else nil.
func terminalFile(w io.Writer) *os.File {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return f
	}
	return nil
}

// ErrNotATerminal: a secret can only be asked for where a person types.
var ErrNotATerminal = errors.New("standard input is not a terminal")

// AskPassword asks for a secret on the terminal without echo. The
// terminal's state is restored on every way out, Ctrl+C (ctx) included:
// the reading goroutine may be left blocked, the terminal never is.
func AskPassword(ctx context.Context, c Console, prompt string) (string, error) {
	if !c.interactive() {
		return "", ErrNotATerminal
	}
	w := c.prompts()
	fmt.Fprint(w, prompt)
	defer fmt.Fprintln(w)
	return readSecret(ctx, c.InFile)
}

// readSecret reads one line from the terminal f with echo off.
func readSecret(ctx context.Context, f *os.File) (string, error) {
	fd := f.Fd()
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	defer term.Restore(fd, state)
	type result struct {
		pw  []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		pw, err := term.ReadPassword(fd)
		ch <- result{pw, err}
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-ch:
		return string(r.pw), r.err
	}
}
