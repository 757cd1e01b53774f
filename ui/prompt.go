package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/term"
)

// The line prompts of the plain mode: one shared reader, each read in a
// goroutine so that ctx (Ctrl+C) ends a wait for input at once.

// errNoInput means the input ended before a required answer.
var errNoInput = errors.New("no more input")

func nonEmpty(values []string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// readLine reads one line, or returns when ctx is cancelled.
func (w *plainWizard) readLine(secret bool) (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		if secret && w.tty {
			b, err := term.ReadPassword(w.fd)
			fmt.Fprintln(w.out)
			ch <- result{string(b), err}
			return
		}
		line, err := w.in.ReadString('\n')
		if err == io.EOF && line != "" {
			err = nil
		}
		ch <- result{strings.TrimRight(line, "\r\n"), err}
	}()
	select {
	case <-w.ctx.Done():
		return "", w.ctx.Err()
	case r := <-ch:
		if r.err == io.EOF {
			return "", errNoInput
		}
		if !w.tty && r.err == nil {
			// Piped answers are not echoed by a terminal: write them (never a
			// password) so the transcript reads as a conversation.
			if secret {
				w.println()
			} else {
				w.println(r.line)
			}
		}
		return r.line, r.err
	}
}

// ask prompts for a text answer; an empty line keeps def. An answer is
// required when def is empty.
func (w *plainWizard) ask(prompt, def string, secret bool) (string, error) {
	for {
		if def != "" && !secret {
			w.printf("%s [%s]: ", prompt, def)
		} else {
			w.printf("%s: ", prompt)
		}
		line, err := w.readLine(secret)
		if errors.Is(err, errNoInput) && def != "" {
			w.println()
			return def, nil
		}
		if err != nil {
			return "", err
		}
		if v := strings.TrimSpace(line); v != "" || secret && line != "" {
			if secret {
				return line, nil
			}
			return v, nil
		}
		if def != "" {
			return def, nil
		}
	}
}

// confirm asks a yes/no question; an empty line or the end of input is def.
func (w *plainWizard) confirm(prompt string, def bool) (bool, error) {
	hint := "[y/N]"
	if def {
		hint = "[Y/n]"
	}
	for {
		w.printf("%s %s: ", prompt, hint)
		line, err := w.readLine(false)
		if errors.Is(err, errNoInput) {
			w.println()
			return def, nil
		}
		if err != nil {
			return def, err
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "":
			return def, nil
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
	}
}
