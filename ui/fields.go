package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// newInput is a text field as the answer screens use it: no prompt (the
// box and the label say what it is), a steady cursor (a blinking one would
// redraw the screen twice a second for nothing), passwords masked.
func newInput(value, placeholder string, password bool) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	st := textinput.DefaultStyles(true)
	st.Cursor.Blink = false
	st.Focused.Placeholder = lipgloss.NewStyle().Faint(true)
	st.Blurred.Placeholder = st.Focused.Placeholder
	st.Blurred.Text = lipgloss.NewStyle()
	in.SetStyles(st)
	if password {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
	}
	in.SetValue(value)
	in.CursorEnd()
	return in
}

// fieldView draws a labelled text field in a box. The focused field's
// label is marked with ›, so focus never depends on colour.
func fieldView(st styles, label string, in textinput.Model, focused bool, width int) string {
	box := st.BoxBlur
	mark := "  "
	if focused {
		box = st.BoxFocus
		mark = st.Accent.Render("› ")
	}
	// The box's border and padding take 4 columns; the input needs one more
	// for the cursor at the end.
	in.SetWidth(max(10, width-2-4-1))
	return mark + st.Label.Render(label) + "\n" + indent(box.Width(width-2).Render(in.View()), 2)
}

// checkboxView draws an on/off choice: [x] or [ ], marked › when focused.
func checkboxView(st styles, label string, on, focused bool) string {
	mark := "  "
	if focused {
		mark = st.Accent.Render("› ")
	}
	box := "[ ] "
	if on {
		box = "[x] "
	}
	text := box + label
	if focused {
		text = st.Accent.Render(text)
	}
	return mark + text
}

// indent prefixes every non-empty line of s with n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}

// wrap breaks text to width and indents it by n.
func wrap(text string, width, n int) string {
	return indent(wrapAt(text, max(10, width-n)), n)
}

// wrapAt wraps text to width at spaces only. The wrapper also breaks at
// every hyphen, which splits a flag (--no-proxy), a code (auth-failed) or
// an address over two lines, where it can no longer be copied or read as
// one; so hyphens are swapped for non-breaking ones while it works. A word
// longer than the line is still cut.
func wrapAt(text string, width int) string {
	const nonBreaking = "\u2011"
	if strings.Contains(text, nonBreaking) {
		return lipgloss.NewStyle().Width(width).Render(text)
	}
	out := lipgloss.NewStyle().Width(width).Render(strings.ReplaceAll(text, "-", nonBreaking))
	return strings.ReplaceAll(out, nonBreaking, "-")
}

// hanging wraps text with a prefix (like "1. ") on the first line and the
// following lines aligned under the text.
func hanging(prefix, text string, width, n int) string {
	pw := lipgloss.Width(prefix)
	body := wrapAt(text, max(10, width-n-pw))
	lines := strings.Split(body, "\n")
	pad := strings.Repeat(" ", n)
	for i, l := range lines {
		if i == 0 {
			lines[i] = pad + prefix + l
		} else {
			lines[i] = pad + strings.Repeat(" ", pw) + l
		}
	}
	return strings.Join(lines, "\n")
}

// typeInto passes msg to a text field; typed reports a key press, after
// which a screen's complaint about the field no longer applies.
func typeInto(in *textinput.Model, msg tea.Msg) (cmd tea.Cmd, typed bool) {
	*in, cmd = in.Update(msg)
	_, typed = msg.(tea.KeyPressMsg)
	return cmd, typed
}
