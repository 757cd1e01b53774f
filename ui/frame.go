package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The frame around every screen: header, scrolling body, footer.

// Layout: a calm margin, and a text width that stays readable on a wide
// shared screen.
const (
	marginLeft      = 2
	maxContentWidth = 100
	minContentWidth = 30
)

// View draws the header, the current screen's body and the footer, and
// keeps the wizard in the alternate screen.
func (a *app) View() tea.View {
	var v tea.View
	if a.quitting {
		return v // leave nothing behind: the summary is printed after exit
	}
	v.SetContent(a.render())
	v.AltScreen = true
	v.WindowTitle = tx.AppName
	return v
}

func (a *app) contentWidth() int {
	return max(minContentWidth, min(maxContentWidth, a.width-2*marginLeft))
}

// render lays out the frame at the terminal's size.
func (a *app) render() string {
	w := a.contentWidth()
	header := a.headerLines(w)
	body := a.bodyLines(w) // before the footer: the body decides some keys (pan)
	footer := a.footerLines(w)
	avail := a.bodyHeightFor(len(header), len(footer))
	scroll := min(a.scroll, max(0, len(body)-avail))
	if len(body) > avail {
		more := scroll+avail < len(body)
		body = body[scroll : scroll+avail]
		if more && avail > 0 {
			body[avail-1] = a.st.Muted.Render(tx.MoreBelow)
		}
	}
	lines := make([]string, 0, a.height)
	lines = append(lines, header...)
	lines = append(lines, "")
	lines = append(lines, body...)
	for len(lines) < a.height-len(footer) {
		lines = append(lines, "")
	}
	lines = append(lines, footer...)
	if len(lines) > a.height && a.height > 0 {
		lines = lines[:a.height]
	}
	pad := strings.Repeat(" ", marginLeft)
	for i, l := range lines {
		// wrapped text comes padded to its width; trailing blanks only
		// make copy-and-paste from the terminal worse
		if l = strings.TrimRight(l, " "); l != "" {
			lines[i] = pad + l
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

func (a *app) bodyLines(w int) []string {
	return strings.Split(strings.TrimRight(a.current.View(a.st, w), "\n"), "\n")
}

// bodyHeightFor is the room between the header (and its blank line) and the
// footer (and its blank line).
func (a *app) bodyHeightFor(header, footer int) int {
	return max(1, a.height-header-1-footer-1)
}

func (a *app) bodyHeight() int {
	w := a.contentWidth()
	return a.bodyHeightFor(len(a.headerLines(w)), len(a.footerLines(w)))
}

func (a *app) clampScroll() {
	total := len(a.bodyLines(a.contentWidth()))
	a.scroll = max(0, min(a.scroll, total-a.bodyHeight()))
}

// headerLines: the app's name and tagline, the step of the flow on the
// right, and on the flow's screens the breadcrumb with the current step
// marked. Counter and breadcrumb both come from flowScreens, so that they
// cannot disagree.
func (a *app) headerLines(w int) []string {
	left := a.st.AppName.Render(tx.AppName) + a.st.Muted.Render(" · ") + a.st.Title.Render(tx.AppTagline)
	right := ""
	if n := a.flowIndex(); n >= 0 {
		right = fmt.Sprintf(tx.StepOfFmt, n+1, len(flowScreens))
	} else if a.id == screenWelcome && a.opts.Version != "" {
		right = a.opts.Version
	}
	lines := []string{spread(left, a.st.Muted.Render(right), w)}
	if a.flowIndex() >= 0 {
		lines = append(lines, a.flowLine())
	}
	return lines
}

// flowIndex is the current screen's place in flowScreens, or -1. The
// checks screen counts as its step only while it is the flow's step, not
// when viewed from an outcome.
func (a *app) flowIndex() int {
	if a.id == screenChecks && a.checks != nil && a.checks.reviewing {
		return -1
	}
	return flowPos(a.id)
}

// flowLine marks the steps: ✓ done (or given), ● here, ○ to come. The
// marks carry the meaning; colour only repeats it.
func (a *app) flowLine() string {
	here := a.flowIndex()
	parts := make([]string, len(flowScreens))
	for i, id := range flowScreens {
		name := tx.FlowSteps[i]
		switch {
		case i == here:
			parts[i] = a.st.Accent.Render("● " + name)
		case i < here, a.skipped(id):
			parts[i] = a.st.Muted.Render("✓ " + name)
		default:
			parts[i] = a.st.Muted.Render("○ " + name)
		}
	}
	return strings.Join(parts, a.st.Muted.Render("  ›  "))
}

// footerLines: the status message, if any, and the help.
func (a *app) footerLines(w int) []string {
	var lines []string
	if a.status != "" {
		lines = append(lines, strings.Split(lipgloss.NewStyle().Width(w).Render(a.st.Status.Render(a.status)), "\n")...)
	}
	h := a.help
	h.Styles = a.st.Help
	h.SetWidth(w)
	if h.ShowAll {
		return append(lines, strings.Split(h.View(a.current.KeyMap()), "\n")...)
	}
	return append(lines, shortHelpLines(h, a.current.KeyMap().ShortHelp(), w)...)
}

// shortHelpLines is the one-line help, wrapped onto a second line rather
// than cut: at 80 columns the problem screen's actions do not fit on one,
// and a hidden action is one nobody finds.
func shortHelpLines(h help.Model, bindings []key.Binding, w int) []string {
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	var lines []string
	line := ""
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		item := h.ShortHelpView([]key.Binding{b})
		switch {
		case line == "":
			line = item
		case lipgloss.Width(line)+lipgloss.Width(sep)+lipgloss.Width(item) <= w:
			line += sep + item
		default:
			lines = append(lines, line)
			line = item
		}
	}
	return append(lines, line)
}

// spread puts left and right on one line of width w.
func spread(left, right string, w int) string {
	if ansi.Strip(right) == "" {
		return left
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}
