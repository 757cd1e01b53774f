package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// styles are named by the role text plays, so that screens never pick
// colours. Every role that carries meaning (ok, failed, warning) is always
// paired with an icon and a word: colour only reinforces it. Colours are
// downsampled (or dropped under NO_COLOR) by bubbletea's colour profile.
type styles struct {
	isDark bool

	AppName  lipgloss.Style // "ewsconnect" in the header
	Title    lipgloss.Style // the screen's title
	Heading  lipgloss.Style // section headings inside a screen
	Text     lipgloss.Style
	Muted    lipgloss.Style // hints, placeholders, waiting steps
	Label    lipgloss.Style // field labels and setting names
	Value    lipgloss.Style // values the user should copy
	Accent   lipgloss.Style // the focused field marker, the current step
	OK       lipgloss.Style
	Fail     lipgloss.Style
	Warn     lipgloss.Style
	Key      lipgloss.Style // a key name inside running text ("press tab")
	Code     lipgloss.Style // a problem code
	Status   lipgloss.Style // the one-line status above the help
	BoxFocus lipgloss.Style // the border of the focused text field
	BoxBlur  lipgloss.Style // the border of other text fields
	Help     help.Styles
}

func newStyles(isDark bool) styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#1F5FBF"), lipgloss.Color("#8AB4F8"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	green := ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#6BD88A"))
	red := ld(lipgloss.Color("#C0262D"), lipgloss.Color("#FF7B72"))
	amber := ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#E3B341"))
	border := ld(lipgloss.Color("#B0B0B0"), lipgloss.Color("#5C5C5C"))

	s := styles{isDark: isDark}
	s.AppName = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Title = lipgloss.NewStyle().Bold(true)
	s.Heading = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Text = lipgloss.NewStyle()
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Label = lipgloss.NewStyle().Bold(true)
	s.Value = lipgloss.NewStyle()
	s.Accent = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.OK = lipgloss.NewStyle().Bold(true).Foreground(green)
	s.Fail = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.Warn = lipgloss.NewStyle().Bold(true).Foreground(amber)
	s.Key = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Code = lipgloss.NewStyle().Foreground(muted)
	s.Status = lipgloss.NewStyle().Foreground(accent)
	s.BoxFocus = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1)
	s.BoxBlur = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(border).Padding(0, 1)

	s.Help = help.DefaultStyles(isDark)
	s.Help.ShortKey = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Help.FullKey = s.Help.ShortKey
	s.Help.ShortDesc = lipgloss.NewStyle().Foreground(muted)
	s.Help.FullDesc = s.Help.ShortDesc
	return s
}
