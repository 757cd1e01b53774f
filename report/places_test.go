package report

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// Where a saved report goes, with the folders each system gives.
func TestSaveDirs(t *testing.T) {
	tests := []struct {
		name   string
		places Places
		want   []string
	}{
		{name: "Windows, started by a double-click in Downloads: Documents first",
			places: Places{GOOS: "windows", WorkDir: `C:\Users\Ola\Downloads\ewsconnect_1.4.0_windows_amd64`, Home: `C:\Users\Ola`,
				Documents: `C:\Users\Ola\OneDrive\Dokumenty`, Temp: `C:\Users\Ola\AppData\Local\Temp`},
			want: []string{`C:\Users\Ola\OneDrive\Dokumenty`, `C:\Users\Ola\Downloads\ewsconnect_1.4.0_windows_amd64`, `C:\Users\Ola`, `C:\Users\Ola\AppData\Local\Temp`}},
		{name: "Windows, an administrator's console in System32: still Documents first",
			places: Places{GOOS: "windows", WorkDir: `C:\Windows\System32`, Home: `C:\Users\Admin`, Documents: `C:\Users\Admin\Documents`, Temp: `C:\Users\Admin\AppData\Local\Temp`},
			want:   []string{`C:\Users\Admin\Documents`, `C:\Windows\System32`, `C:\Users\Admin`, `C:\Users\Admin\AppData\Local\Temp`}},
		{name: "Windows without a Documents folder (the known folder failed)",
			places: Places{GOOS: "windows", WorkDir: `C:\Users\Ola`, Home: `C:\Users\Ola`, Temp: `C:\Users\Ola\AppData\Local\Temp`},
			want:   []string{`C:\Users\Ola`, `C:\Users\Ola\AppData\Local\Temp`}},
		{name: "macOS, Terminal opens in home: the working directory, said once",
			places: Places{GOOS: "darwin", WorkDir: "/Users/ola", Home: "/Users/ola", Temp: "/var/folders/xy/T/"},
			want:   []string{"/Users/ola", "/var/folders/xy/T/"}},
		{name: "Linux, in a project folder",
			places: Places{GOOS: "linux", WorkDir: "/home/ola/tickets", Home: "/home/ola", Temp: "/tmp"},
			want:   []string{"/home/ola/tickets", "/home/ola", "/tmp"}},
		{name: "Linux, started in the temporary folder: it is not tried twice",
			places: Places{GOOS: "linux", WorkDir: "/tmp", Home: "/home/ola", Temp: "/tmp"},
			want:   []string{"/tmp", "/home/ola"}},
		{name: "no working directory (deleted under us)",
			places: Places{GOOS: "linux", Home: "/home/ola", Temp: "/tmp"},
			want:   []string{"/home/ola", "/tmp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SaveDirs(tt.places); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSystemPlaces(t *testing.T) {
	p := SystemPlaces()
	if p.GOOS != runtime.GOOS || p.Temp == "" || p.WorkDir == "" {
		t.Errorf("%+v: want this system's name, working and temporary folders", p)
	}
	if (p.Documents != "") != (runtime.GOOS == "windows") {
		t.Errorf("Documents %q: only Windows has one", p.Documents)
	}
}

// A folder that cannot take the report is passed over for the next; the
// path said is the full one; a second report never replaces the first.
func TestSaveNewIn(t *testing.T) {
	notAFolder := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notAFolder, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "gone")
	good := t.TempDir()
	dirs := []string{notAFolder, missing, good}

	first, err := SaveNewIn(dirs, "ewsconnect-report-20261128-120000", ".md", "one")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(good, "ewsconnect-report-20261128-120000.md"); first != want || !filepath.IsAbs(first) {
		t.Errorf("saved to %q, want %q", first, want)
	}
	second, err := SaveNewIn(dirs, "ewsconnect-report-20261128-120000", ".md", "two")
	if err != nil || !strings.HasSuffix(second, "-2.md") {
		t.Fatalf("second report %q (%v)", second, err)
	}
	if b, _ := os.ReadFile(first); string(b) != "one" {
		t.Errorf("the first report now reads %q", b)
	}
	if runtime.GOOS != "windows" {
		if st, err := os.Stat(second); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v (%v), want 0600: a report names the account", st.Mode().Perm(), err)
		}
	}

	if _, err := SaveNewIn([]string{notAFolder, missing}, "r", ".md", "x"); err == nil || !strings.Contains(err.Error(), notAFolder) {
		t.Errorf("error %v: want the first folder's", err)
	}
}
