package ui

import (
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"ewsconnect/report"
	"ewsconnect/steps"
)

// reportMarkdown is the report to save or copy. The password is blanked
// before report sees the answers, so it cannot leak there even by mistake.
func reportMarkdown(rep steps.Report, cfg steps.Config, now time.Time) string {
	cfg.Password = ""
	cfg.SendFailed = nil
	return report.Markdown(rep, cfg, now)
}

// saveReportCmd writes the report to path (--report), or else to a new
// file named after the time in the first of dirs where that works (an
// earlier report is never overwritten). It says where it wrote, in full.
func saveReportCmd(rep steps.Report, cfg steps.Config, path string, dirs []string) tea.Cmd {
	return func() tea.Msg {
		now := time.Now()
		md := reportMarkdown(rep, cfg, now)
		if path != "" {
			return reportSavedMsg{path: absPath(path), err: report.WriteFile(path, md)}
		}
		saved, err := report.SaveNewIn(dirs, "ewsconnect-report-"+now.Format("20060102-150405"), ".md", md)
		return reportSavedMsg{path: absPath(saved), err: err}
	}
}

// saveDirs are the folders a report is saved in, first choice first.
func (d deps) saveDirs() []string {
	if d.places == nil {
		return report.SaveDirs(report.SystemPlaces())
	}
	return report.SaveDirs(d.places())
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// copyReportCmd puts the report on the clipboard with OSC 52, which works
// over SSH and in most terminals a screen-share shows.
func copyReportCmd(rep steps.Report, cfg steps.Config) tea.Cmd {
	return func() tea.Msg {
		return tea.SetClipboard(reportMarkdown(rep, cfg, time.Now()))()
	}
}

// demoSentCmd asks the simulator which messages it received.
func demoSentCmd(sent func() []DemoMessage) tea.Cmd {
	return func() tea.Msg { return demoSentMsg{messages: sent()} }
}
