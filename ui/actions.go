package ui

import (
	"os"
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

// saveReportCmd writes the report to path (--report), or to a new file
// named after the time in the working directory, falling back to the
// temporary directory when that is not writable. An earlier report is
// never overwritten. It says where it wrote.
func saveReportCmd(rep steps.Report, cfg steps.Config, path string) tea.Cmd {
	return func() tea.Msg {
		now := time.Now()
		md := reportMarkdown(rep, cfg, now)
		if path != "" {
			return reportSavedMsg{path: absPath(path), err: report.WriteFile(path, md)}
		}
		name := "ewsconnect-report-" + now.Format("20060102-150405")
		saved, err := report.SaveNew(".", name, ".md", md)
		if err != nil {
			saved, err = report.SaveNew(os.TempDir(), name, ".md", md)
		}
		return reportSavedMsg{path: absPath(saved), err: err}
	}
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
