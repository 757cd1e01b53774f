package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ewsconnect/report"
)

// Saving the report from the plain wizard's menu writes it to the first
// folder that takes it, says the full path, and a second save makes a
// second file.
func TestPlainSavesTheReportWhereItSays(t *testing.T) {
	documents := t.TempDir()
	fd := &fakeDeps{scenarios: []scenario{authFailed}, finds: []fakeFind{findNothing}}
	d := fd.deps()
	d.places = func() report.Places {
		return report.Places{GOOS: "windows", Documents: documents, WorkDir: filepath.Join(documents, "missing"), Temp: os.TempDir()}
	}
	c, out := pipe(lines("alice@contoso.test", "S3cret-pw", "", demoURL, "", ""))
	if _, err := runPlain(context.Background(), Options{}, c, d); err != nil {
		t.Fatal(err)
	}
	menu := out.String()
	save := menuNumber(t, menu, tx.PlainActionSave)

	c, out = pipe(lines("alice@contoso.test", "S3cret-pw", "", demoURL, "", "", save, save))
	fd.configs = nil
	if _, err := runPlain(context.Background(), Options{}, c, d); err != nil {
		t.Fatal(err)
	}
	saved, _ := filepath.Glob(filepath.Join(documents, "ewsconnect-report-*.md"))
	if len(saved) != 2 {
		t.Fatalf("%d reports in Documents, want 2:\n%s", len(saved), out)
	}
	for _, path := range saved {
		if !strings.Contains(out.String(), strings.TrimSuffix(tx.ReportSavedFmt, "%s")+path+"\n") {
			t.Errorf("the wizard did not say %q:\n%s", path, out)
		}
		md, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(md), "alice@contoso.test") || strings.Contains(string(md), "S3cret") {
			t.Errorf("%s: %v; want the account's report without the password:\n%s", path, err, md)
		}
	}
}

// menuNumber is the number the plain wizard's menu gives an action.
func menuNumber(t *testing.T, transcript, action string) string {
	t.Helper()
	for _, line := range strings.Split(transcript, "\n") {
		if n, rest, ok := strings.Cut(strings.TrimSpace(line), ". "); ok && rest == action {
			return n
		}
	}
	t.Fatalf("no %q in the menu:\n%s", action, transcript)
	return ""
}
