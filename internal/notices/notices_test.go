package notices

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite THIRD_PARTY_LICENSES.md")

const file = "../../THIRD_PARTY_LICENSES.md"

// The committed file lists every module compiled in on any release
// platform, each with its licence, and Go's own: a new or upgraded
// dependency fails this test until the file is rewritten.
func TestThirdPartyLicensesUpToDate(t *testing.T) {
	ctx := context.Background()
	// go list runs in a subprocess, which go test's cache cannot see:
	// reading go.mod and go.sum here makes a change to them rerun the test.
	for _, f := range []string{"../../go.mod", "../../go.sum"} {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	mods, err := Modules(ctx, "../..")
	if err != nil {
		t.Fatal(err)
	}
	stdlib, err := StdlibLicence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Render(stdlib, mods)
	if *update {
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date: run go test ./internal/notices -update", filepath.Base(file))
	}
	for _, m := range []string{"charm.land/bubbletea/v2", "github.com/Azure/go-ntlmssp", "golang.org/x/sys"} {
		if !strings.Contains(want, "## "+m+" ") {
			t.Errorf("no licence of %s", m)
		}
	}
}

func TestLicenceFiles(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"LICENSE.txt": "MIT", "COPYING": "BSD", "NOTICE": "Apache notice", "license-check.go": "package x", "LICENSE-APACHE": "Apache", "README.md": "readme"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "LICENSES"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := licenceFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		names = append(names, l.Name)
	}
	if strings.Join(names, ",") != "COPYING,LICENSE-APACHE,LICENSE.txt,NOTICE" {
		t.Errorf("got %v", names)
	}
}
