package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"ewsconnect/internal/buildinfo"
)

// `ewsconnect version` and `--version` print this build's version (the
// one the User-Agent carries), its commit, date and Go toolchain, in the
// user's language; the first line is the same in every language.
func TestVersionCommand(t *testing.T) {
	want := buildinfo.Current()
	for _, tt := range []struct {
		name  string
		vars  map[string]string
		args  []string
		label string
	}{
		{"version", nil, []string{"version"}, "commit:"},
		{"--version", nil, []string{"--version"}, "commit:"},
		{"version in Polish by LANG", map[string]string{"LANG": "pl_PL.UTF-8"}, []string{"version"}, "rewizja:"},
		{"--version --lang pl", nil, []string{"--version", "--lang", "pl"}, "rewizja:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLILang(t, tt.vars, nil, "", tt.args...)
			if code != exitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != 4 {
				t.Fatalf("want 4 lines, got %q", out)
			}
			if lines[0] != "ewsconnect "+want.Version {
				t.Errorf("first line %q, want %q", lines[0], "ewsconnect "+want.Version)
			}
			if !strings.HasPrefix(strings.TrimSpace(lines[1]), tt.label) {
				t.Errorf("commit line %q, want the label %q", lines[1], tt.label)
			}
			goLine := "Go:              " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
			if strings.TrimSpace(lines[3]) != goLine {
				t.Errorf("Go line %q, want %q", lines[3], goLine)
			}
		})
	}
}

// version takes only --lang and --help: anything else is bad usage (2),
// said in the user's language, as every command does.
func TestVersionUsage(t *testing.T) {
	for _, tt := range []struct {
		name       string
		args       []string
		code       int
		out, isErr string
	}{
		{"help", []string{"version", "--help"}, exitOK, "Usage: ewsconnect version", ""},
		{"help in Polish", []string{"--version", "-h", "--lang", "pl"}, exitOK, "Użycie: ewsconnect version", ""},
		{"an unknown flag", []string{"version", "--json"}, exitUsage, "", "unknown flag --json"},
		{"an argument", []string{"version", "1.4.0"}, exitUsage, "", "unexpected argument 1.4.0"},
		{"an unknown language", []string{"version", "--lang", "de"}, exitUsage, "", `--lang "de": want one of en|pl`},
		{"--lang without its value", []string{"version", "--lang"}, exitUsage, "", "--lang needs a value"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLILang(t, nil, nil, "", tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errOut, tt.isErr) {
				t.Errorf("exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", code, tt.code, out, tt.out, errOut, tt.isErr)
			}
			if tt.code == exitUsage && (out != "" || !strings.Contains(errOut, "ewsconnect version --help")) {
				t.Errorf("a usage error prints nothing on stdout and points to the help: %q / %q", out, errOut)
			}
		})
	}
}

// The text and JSON reports and the Markdown report name the version the
// User-Agent carried, so that a ticket and the server's log agree.
func TestReportsNameTheVersion(t *testing.T) {
	v := buildinfo.Current().Version
	ua := buildinfo.UserAgent()
	const password = "Demo-Pa55word!\n"
	args := []string{"check", "--demo", "--email", "alice@contoso.test", "--password-stdin", "--no-send"}

	_, text, _ := runCLILang(t, nil, nil, password, args...)
	if want := "ewsconnect " + v + " (User-Agent " + ua + ")\n"; !strings.HasSuffix(text, want) {
		t.Errorf("the text report does not end with %q:\n%s", want, text)
	}

	_, out, _ := runCLILang(t, nil, nil, password, append(args, "--json")...)
	var rep struct {
		Tool struct{ Name, Version, Commit string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Tool.Name != "ewsconnect" || rep.Tool.Version != v || rep.Tool.Commit != buildinfo.Current().Commit {
		t.Errorf("JSON tool %+v, want ewsconnect %s", rep.Tool, v)
	}

	md := filepath.Join(t.TempDir(), "report.md")
	runCLILang(t, nil, nil, password, append(args, "--report", md)...)
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Made by ewsconnect " + v + " (User-Agent " + ua + ")."; !strings.Contains(string(b), want) {
		t.Errorf("the Markdown report lacks %q", want)
	}
}
