package report

import (
	"cmp"
	"os"
	"runtime"
	"slices"
)

// Places are the folders a saved report may go to, as the operating
// system names them for this user ("" when it has none).
type Places struct {
	GOOS      string
	WorkDir   string // where ewsconnect was started
	Home      string
	Documents string // Windows: the Documents known folder (OneDrive's when redirected)
	Temp      string
}

// SaveDirs is where a report is saved, the first writable of them, in the
// order a person would look:
//   - Windows: Documents, the folder a user finds in Explorer, wherever
//     ewsconnect was started (a double-click starts it in Downloads, an
//     administrator's console in C:\Windows\System32). Then the working
//     directory, the home folder.
//   - macOS and Linux: the working directory, as a command line's output
//     goes (Terminal opens in the home folder; Documents would need the
//     Terminal's permission on macOS and ask for it mid-run). Then home.
//
// The temporary folder is always last. Paths are not joined or cleaned
// here, so the Windows order is tested anywhere.
func SaveDirs(p Places) []string {
	var dirs []string
	if p.GOOS == "windows" {
		dirs = []string{p.Documents, p.WorkDir, p.Home}
	} else {
		dirs = []string{p.WorkDir, p.Home}
	}
	var out []string
	for _, d := range append(dirs, p.Temp) {
		if d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// SystemPlaces are this user's folders.
func SystemPlaces() Places {
	wd, _ := os.Getwd()
	home, _ := os.UserHomeDir()
	return Places{GOOS: runtime.GOOS, WorkDir: wd, Home: home, Documents: documentsFolder(), Temp: os.TempDir()}
}

// SaveNewIn saves md as a new file (SaveNew) in the first of dirs where
// that works, and returns its path; the error is the first folder's when
// none does.
func SaveNewIn(dirs []string, base, ext, md string) (string, error) {
	if len(dirs) == 0 {
		dirs = []string{os.TempDir()}
	}
	var first error
	for _, dir := range dirs {
		path, err := SaveNew(dir, base, ext, md)
		if err == nil {
			return path, nil
		}
		first = cmp.Or(first, err)
	}
	return "", first
}
