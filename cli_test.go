package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ewsconnect/i18n"
)

// Answers piped after the password are not lost: --password-stdin reads
// through the one reader the wizard's questions read from too.
func TestPasswordStdinLeavesTheAnswers(t *testing.T) {
	// password, no demo row, the email, a custom login: yes, which
	code, stdout, stderr := runCLI(t, "Demo-Pa55word!\n\nalice@contoso.test\ny\nCONTOSO\\alice\n",
		"--accessible", "--demo", "--password-stdin", "--no-send",
		"--url", "https://mail.contoso.test/EWS/Exchange.asmx")
	all := stdout + stderr
	if code != exitOK || !strings.Contains(all, `signed in as CONTOSO\alice`) {
		t.Errorf("exit %d; the custom login piped after the password was not used:\n%s", code, all)
	}
}

// With the email and the password given, the plain wizard asks no sign-in
// question, the custom login's neither, as the full-screen one skips its
// sign-in screen.
func TestGivenSignInAsksNoLogin(t *testing.T) {
	code, stdout, stderr := runCLI(t, "Demo-Pa55word!\n\n", "--accessible", "--demo", "--password-stdin", "--no-send",
		"--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test")
	all := stdout + stderr
	if code != exitOK || strings.Contains(all, "custom login") {
		t.Errorf("exit %d; want a connection without the custom login's question:\n%s", code, all)
	}
}

// An empty password from --password-stdin is a usage error, not a sign-in.
func TestEmptyPasswordStdinIsAUsageError(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--demo", "--password-stdin", "--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test"},
		{"--accessible", "--demo", "--password-stdin"},
	} {
		code, stdout, stderr := runCLI(t, "\n", args...)
		if code != exitUsage || !strings.Contains(stderr, "--password-stdin") || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 naming --password-stdin", args, code, stderr, stdout)
		}
	}
}

// Each command's --help goes to stdout with exit 0 and shows its own
// flags, all with two dashes; every flag a command takes is in its help.
func TestHelpPerCommand(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"ewsconnect [flags]", "--accessible", "--url", "Exit status"}},
		{[]string{"check", "--help"}, []string{"Usage: ewsconnect check", "--json", "--password-stdin", "--timeout"}},
		{[]string{"explain", "--help"}, []string{"Usage: ewsconnect explain [CODE]"}},
		{[]string{"demo-server", "--help"}, []string{"Usage: ewsconnect demo-server", "--listen", "--slow-delay"}},
	} {
		code, stdout, stderr := runCLI(t, "", tt.args...)
		if code != exitOK || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v: help lacks %q:\n%s", tt.args, w, stdout)
			}
		}
		if regexp.MustCompile(`(^|\s)-[a-z]{2,}`).MatchString(stdout) {
			t.Errorf("%v: a single-dash flag in the help:\n%s", tt.args, stdout)
		}
	}
	// Every flag the parser takes is documented in the command's help.
	for _, l := range i18n.Supported {
		for name, help := range map[string]string{"check": checkUsage(l), "ewsconnect": wizardUsage(l)} {
			fs, _ := newFlagSet(name)
			fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(help, "--"+f.Name+" ") && !strings.Contains(help, "--"+f.Name+"\n") {
					t.Errorf("%s (%s): --%s is not in its help", name, l, f.Name)
				}
			})
		}
	}
}

// A bad flag is one line saying what, and where the help is; not the usage.
func TestBadFlagIsOneLine(t *testing.T) {
	for _, args := range [][]string{{"check", "--nope"}, {"--nope"}, {"demo-server", "--nope"}, {"explain", "--nope"}, {"check", "--timeout", "soon"}} {
		code, stdout, stderr := runCLI(t, "", args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != exitUsage || len(lines) != 2 || !strings.Contains(lines[1], "--help") || stdout != "" {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, stderr)
		}
		if strings.Contains(stderr, " -nope") || strings.Contains(stderr, " -timeout") {
			t.Errorf("%v: single-dash flag name in %q", args, stderr)
		}
	}
}

// Under --demo, flags win over a demo row: a wrong password given in the
// environment is the one used, whichever row is chosen.
func TestDemoFlagsWinOverTheRow(t *testing.T) {
	t.Setenv("EWSCONNECT_PASSWORD", "wrong")
	code, stdout, stderr := runCLI(t, "healthy\n", "--accessible", "--demo", "--no-send",
		"--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test")
	if code != exitProblem || !strings.Contains(stdout+stderr, "auth-failed") {
		t.Errorf("exit %d; the flags' password must win over the row's:\n%s%s", code, stdout, stderr)
	}
}

// README and go.mod name the same lowest Go version.
func TestReadmeNamesTheGoVersionOfGoMod(t *testing.T) {
	mod, _ := os.ReadFile("go.mod")
	readme, _ := os.ReadFile("README.md")
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil || !strings.Contains(string(readme), "Go ("+string(m[1])+" or newer)") {
		t.Errorf("go.mod says go %s; README must say \"Go (%s or newer)\"", m[1], m[1])
	}
}

// The --report file is written for the owner only.
func TestReportFileIsPrivate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "r.md")
	runCLI(t, "Demo-Pa55word!\n", "check", "--demo", "--password-stdin", "--no-send", "--report", file,
		"--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test")
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm()&0o077 != 0 {
		t.Errorf("report %v, mode %v; want readable by the owner only", err, st.Mode())
	}
}

// FuzzCheckNeverPrintsTheURLPassword: a password typed into the address,
// in any form, never reaches check's text, JSON or Markdown: nothing that
// is printed depends on it.
func FuzzCheckNeverPrintsTheURLPassword(f *testing.F) {
	for _, seed := range [][2]string{{"alice", "S3cret"}, {"alice", "Se/cret"}, {"alice", "a?b#c@d"}, {"a:b", "12/34"}, {"", "https://x"}} {
		f.Add(seed[0], seed[1])
	}
	timings := regexp.MustCompile(`\d+ ms|"ms": \d+|· \d{4}-\d\d-\d\d \d\d:\d\d \S+`)
	outputs := func(t *testing.T, url string) string {
		var all strings.Builder
		for _, format := range []string{"--json", "--no-send"} {
			file := filepath.Join(t.TempDir(), "r.md")
			_, stdout, stderr := runCLI(t, "Demo-Pa55word!\n", "check", format, "--password-stdin", "--report", file,
				"--url", url, "--email", "alice@contoso.test")
			md, _ := os.ReadFile(file)
			all.WriteString(stdout + stderr + string(md))
		}
		return timings.ReplaceAllString(all.String(), "")
	}
	f.Fuzz(func(t *testing.T, user, password string) {
		form := func(pw string) string { return "https://" + user + ":" + pw + "@mail.contoso.test/EWS/Exchange.asmx" }
		if got, other := outputs(t, form(password)), outputs(t, form("Zz9-other")); got != other {
			t.Fatalf("what check prints for %q depends on the password:\n%s\n--- with another:\n%s", form(password), got, other)
		}
	})
}

// The wizard lists the demo rows that go through a web proxy, and a chosen
// row brings its proxy: the checks go through it, as check's do.
func TestWizardDemoRowsBringTheirProxy(t *testing.T) {
	for _, tt := range []struct{ row, want string }{
		{"proxy", "via proxy http://proxy.contoso.test:3128"},
		{"proxy-refused", "proxy-failed"},
		{"proxy-auth-required", "proxy-auth-required"},
	} {
		code, stdout, stderr := runCLI(t, tt.row+"\n", "--accessible", "--demo", "--no-send")
		all := stdout + stderr
		wantExit := exitProblem
		if tt.row == "proxy" {
			wantExit = exitOK
		}
		if code != wantExit || !strings.Contains(all, tt.want) {
			t.Errorf("%s: exit %d, want %d and %q:\n%s", tt.row, code, wantExit, tt.want, all)
		}
	}
}

// README's demo tables name every scenario of the simulator, so that a
// trainer reading them sees every row the demo offers.
func TestReadmeListsEveryScenario(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	demo, err := startDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	for _, sc := range demo.Scenarios(false) {
		if !strings.Contains(string(readme), "\n| "+sc.Name+" | ") {
			t.Errorf("README's demo tables lack the row %s (%s)", sc.Name, sc.About)
		}
	}
}
