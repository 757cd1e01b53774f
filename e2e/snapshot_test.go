package e2e

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// The release snapshot that scripts/release-snapshot.sh makes with
// GoReleaser, tested as a user and a package manager meet it. The test
// needs that snapshot (GoReleaser is built from the module proxy, which
// takes minutes): .ci/run makes it and names its dist folder in
// EWSCONNECT_SNAPSHOT_DIST. Without it the test skips, except under CI,
// where a missing snapshot is a broken CI script.

// releaseTargets are the platforms a release ships for.
var releaseTargets = []string{"windows/amd64", "windows/arm64", "darwin/arm64", "darwin/amd64", "linux/amd64", "linux/arm64"}

// artifact is an entry of GoReleaser's dist/artifacts.json.
type artifact struct {
	Name   string `json:"name"`
	Path   string `json:"path"` // relative to the project, e.g. dist/…
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	Type   string `json:"type"`
}

type snapshot struct {
	dist      string
	meta      struct{ Version, Commit, Date string }
	artifacts []artifact
}

func openSnapshot(t *testing.T) *snapshot {
	t.Helper()
	dist := os.Getenv("EWSCONNECT_SNAPSHOT_DIST")
	if dist == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("EWSCONNECT_SNAPSHOT_DIST is not set: .ci/run makes the snapshot before the tests")
		}
		t.Skip("no release snapshot: run scripts/release-snapshot.sh, then set EWSCONNECT_SNAPSHOT_DIST=$PWD/dist")
	}
	s := &snapshot{dist: dist}
	readJSON(t, filepath.Join(dist, "metadata.json"), &s.meta)
	readJSON(t, filepath.Join(dist, "artifacts.json"), &s.artifacts)
	return s
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// file is where an artifact is: its path is relative to the project,
// which is the dist folder's parent.
func (s *snapshot) file(a artifact) string {
	return filepath.Join(filepath.Dir(s.dist), filepath.FromSlash(a.Path))
}

func (s *snapshot) ofType(typ string) []artifact {
	var out []artifact
	for _, a := range s.artifacts {
		if a.Type == typ {
			out = append(out, a)
		}
	}
	return out
}

func (s *snapshot) only(t *testing.T, typ string) artifact {
	t.Helper()
	as := s.ofType(typ)
	if len(as) != 1 {
		t.Fatalf("%d artifacts of type %q, want 1", len(as), typ)
	}
	return as[0]
}

// The snapshot's binary for this machine says the stamped version, commit
// and build date, and the Go that built it.
func TestSnapshotVersion(t *testing.T) {
	s := openSnapshot(t)
	if s.meta.Commit == "" || s.meta.Commit == "none" || !strings.Contains(s.meta.Version, "SNAPSHOT") {
		t.Fatalf("metadata %+v: want a snapshot of a known commit", s.meta)
	}
	var bin string
	for _, a := range s.ofType("Binary") {
		if a.GOOS == runtime.GOOS && a.GOARCH == runtime.GOARCH {
			bin = s.file(a)
		}
	}
	if bin == "" {
		t.Fatalf("no binary for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	out, err := exec.Command(bin, "version", "--lang", "en").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("version printed %q", out)
	}
	built, err := time.Parse(time.RFC3339, s.meta.Date)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"ewsconnect " + s.meta.Version,
		"commit:          " + s.meta.Commit,
		"built:           " + built.UTC().Format(time.RFC3339),
		"Go:              " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
	}
	for i, w := range want {
		if got := strings.TrimSpace(lines[i]); got != w {
			t.Errorf("line %d: %q, want %q", i+1, got, w)
		}
	}
}

// Every target is built without cgo, with -trimpath and the stamp, for
// the platform it is named after (read from each binary's own build
// record, so the Windows and macOS binaries are checked here too).
func TestSnapshotBinaries(t *testing.T) {
	s := openSnapshot(t)
	var targets []string
	for _, a := range s.ofType("Binary") {
		target := a.GOOS + "/" + a.GOARCH
		targets = append(targets, target)
		bi, err := buildinfo.ReadFile(s.file(a))
		if err != nil {
			t.Errorf("%s: %v", target, err)
			continue
		}
		settings := map[string]string{}
		for _, kv := range bi.Settings {
			settings[kv.Key] = kv.Value
		}
		for key, want := range map[string]string{"GOOS": a.GOOS, "GOARCH": a.GOARCH, "CGO_ENABLED": "0", "-trimpath": "true"} {
			if settings[key] != want {
				t.Errorf("%s: %s=%q, want %q", target, key, settings[key], want)
			}
		}
		// -trimpath leaves -ldflags out of the build record: look for the
		// stamped strings in the binary itself.
		exe, err := os.ReadFile(s.file(a))
		if err != nil {
			t.Fatal(err)
		}
		for _, stamp := range []string{s.meta.Version, s.meta.Commit} {
			if !bytes.Contains(exe, []byte(stamp)) {
				t.Errorf("%s: the stamp %q is not in the binary", target, stamp)
			}
		}
		if wantName := "ewsconnect" + map[bool]string{true: ".exe"}[a.GOOS == "windows"]; a.Name != wantName {
			t.Errorf("%s: binary %q, want %q", target, a.Name, wantName)
		}
	}
	slices.Sort(targets)
	want := slices.Sorted(slices.Values(releaseTargets))
	if !slices.Equal(targets, want) {
		t.Errorf("targets %v, want %v", targets, want)
	}
}

// Each archive (a zip for Windows) holds the binary, README, LICENSE and
// the third-party licences in one folder, and checksums.txt has its SHA-256 as `sha256sum -c` reads it.
func TestSnapshotArchivesAndChecksums(t *testing.T) {
	s := openSnapshot(t)
	sums := readChecksums(t, s.file(s.only(t, "Checksum")))
	archives := s.ofType("Archive")
	if len(archives) != len(releaseTargets) {
		t.Errorf("%d archives, want %d", len(archives), len(releaseTargets))
	}
	for _, a := range archives {
		name := s.file(a)
		if got, want := sums[a.Name], sha256File(t, name); got != want {
			t.Errorf("%s: checksums.txt says %q, the file is %q", a.Name, got, want)
		}
		bin, ext := "ewsconnect", ".tar.gz"
		if a.GOOS == "windows" {
			bin, ext = "ewsconnect.exe", ".zip"
		}
		if !strings.HasSuffix(a.Name, ext) {
			t.Errorf("%s: want a %s for %s", a.Name, ext, a.GOOS)
		}
		osName := map[string]string{"darwin": "macos"}[a.GOOS]
		if osName == "" {
			osName = a.GOOS
		}
		folder := "ewsconnect_" + s.meta.Version + "_" + osName + "_" + a.GOARCH
		if a.Name != folder+ext {
			t.Errorf("archive %q, want %q", a.Name, folder+ext)
		}
		got := archiveEntries(t, name)
		for _, want := range []string{bin, "README.md", "LICENSE", "THIRD_PARTY_LICENSES.md"} {
			if !slices.Contains(got, path.Join(folder, want)) {
				t.Errorf("%s lacks %s/%s: %v", a.Name, folder, want, got)
			}
		}
	}
}

// The Homebrew cask and the Scoop manifest name the version and pin each
// download to its checksum.
func TestSnapshotPackageManagerFiles(t *testing.T) {
	s := openSnapshot(t)
	sums := readChecksums(t, s.file(s.only(t, "Checksum")))
	cask, err := os.ReadFile(s.file(s.only(t, "Homebrew Cask")))
	if err != nil {
		t.Fatal(err)
	}
	var scoop struct {
		Version      string
		License      string
		Architecture map[string]struct {
			URL  string
			Bin  []string
			Hash string
		}
	}
	readJSON(t, s.file(s.only(t, "Scoop Manifest")), &scoop)
	if !strings.Contains(string(cask), `version "`+s.meta.Version+`"`) || scoop.Version != s.meta.Version {
		t.Errorf("cask or scoop manifest lacks the version %q (scoop: %q)", s.meta.Version, scoop.Version)
	}
	if scoop.License != "MIT" {
		t.Errorf("scoop licence %q, want MIT", scoop.License)
	}
	for _, a := range s.ofType("Archive") {
		sum := sums[a.Name]
		switch a.GOOS {
		case "darwin":
			if !strings.Contains(string(cask), `sha256 "`+sum+`"`) {
				t.Errorf("the cask lacks %s's checksum", a.Name)
			}
		case "windows":
			arch := map[string]string{"amd64": "64bit", "arm64": "arm64"}[a.GOARCH]
			m := scoop.Architecture[arch]
			if m.Hash != sum || !strings.HasSuffix(m.URL, "/"+a.Name) || len(m.Bin) != 1 || !strings.HasSuffix(m.Bin[0], "/ewsconnect.exe") {
				t.Errorf("scoop %s: %+v, want %s with hash %s", arch, m, a.Name, sum)
			}
		}
	}
}

// readChecksums reads checksums.txt: "<sha256>  <name>" a line.
func readChecksums(t *testing.T, name string) map[string]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, file, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("checksums.txt: %q is not \"<sha256>  <name>\"", sc.Text())
		}
		sums[file] = sum
	}
	return sums
}

func sha256File(t *testing.T, name string) string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// archiveEntries lists a .zip's or a .tar.gz's files.
func archiveEntries(t *testing.T, name string) []string {
	t.Helper()
	var names []string
	if strings.HasSuffix(name, ".zip") {
		z, err := zip.OpenReader(name)
		if err != nil {
			t.Fatal(err)
		}
		defer z.Close()
		for _, f := range z.File {
			names = append(names, f.Name)
		}
		return names
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		names = append(names, h.Name)
	}
}
