package ui

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The line prompts of the plain mode: one shared reader, each read in a
// goroutine so that ctx (Ctrl+C) ends a wait for input at once.

// errNoInput means the input ended before a required answer.
var errNoInput = errors.New("no more input")

// prompt writes text and reads one line. A password is read unseen from
// the terminal (its state restored on every way out, Ctrl+C included), or
// as a plain line from a pipe.
func (w *plainWizard) prompt(text string, secret bool) (string, error) {
	fmt.Fprint(w.ask, text+": ")
	if secret && w.tty != nil {
		pw, err := readSecret(w.ctx, w.tty)
		fmt.Fprintln(w.ask)
		return pw, err
	}
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
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
			fmt.Fprintln(w.ask)
			return "", errNoInput
		}
		if w.tty == nil && r.err == nil {
			// Piped answers are not echoed by a terminal: write them (never a
			// password) so the transcript reads as a conversation.
			if secret {
				fmt.Fprintln(w.ask)
			} else {
				fmt.Fprintln(w.ask, r.line)
			}
		}
		return r.line, r.err
	}
}

// question asks for a text answer; an empty line keeps def. An answer is
// required when def is empty.
func (w *plainWizard) question(text, def string, secret bool) (string, error) {
	for {
		shown := text
		if def != "" && !secret {
			shown = fmt.Sprintf("%s [%s]", text, def)
		}
		line, err := w.prompt(shown, secret)
		if errors.Is(err, errNoInput) && def != "" {
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
func (w *plainWizard) confirm(text string, def bool) (bool, error) {
	hint := tx.PlainHintNo
	if def {
		hint = tx.PlainHintYes
	}
	for {
		line, err := w.prompt(text+" "+hint, false)
		if errors.Is(err, errNoInput) {
			return def, nil
		}
		if err != nil {
			return def, err
		}
		switch a := strings.ToLower(strings.TrimSpace(line)); {
		case a == "":
			return def, nil
		case slices.Contains(tx.PlainYesWords, a):
			return true, nil
		case slices.Contains(tx.PlainNoWords, a):
			return false, nil
		}
	}
}
