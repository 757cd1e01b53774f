package main

import (
	"strings"
	"testing"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// explain --lang pl lists every problem in Polish: every code, every
// Polish heading, title and fix, and none of the English sentences.
func TestExplainInPolish(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "explain", "--lang", "pl")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, sec := range steps.Sections {
		if h := "# " + steps.SectionTitleIn(i18n.PL, sec) + "\n"; !strings.Contains(stdout, h) {
			t.Errorf("no heading %q", h)
		}
		if en := steps.SectionTitle(sec); strings.Contains(stdout, en) {
			t.Errorf("the English heading %q", en)
		}
	}
	for _, c := range exchange.AllCodes {
		pl, en := steps.LookupIn(i18n.PL, c), steps.Lookup(c)
		for _, want := range []string{string(c) + "  (" + steps.SectionTitleIn(i18n.PL, pl.Section) + ")", pl.Title} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s: %q is missing", c, want)
			}
		}
		if strings.Contains(stdout, en.Title) {
			t.Errorf("%s: the English title %q", c, en.Title)
		}
		for i, f := range pl.Fix {
			if !strings.Contains(stdout, f.WithFlag()) {
				t.Errorf("%s: the Polish fix step %d is missing: %q", c, i+1, f.WithFlag())
			}
			if f.Command != "" && !strings.Contains(stdout, "\n         "+f.Command+"\n") {
				t.Errorf("%s: the command %q is missing", c, f.Command)
			}
		}
		for i, f := range en.Fix {
			if strings.Contains(stdout, f.Text) {
				t.Errorf("%s: the English fix step %d: %q", c, i+1, f.Text)
			}
		}
	}
}

func TestExplainLangFlag(t *testing.T) {
	plTitle := steps.LookupIn(i18n.PL, exchange.CodeAuthFailed).Title
	enTitle := steps.Lookup(exchange.CodeAuthFailed).Title
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"explain", "auth-failed"}, enTitle},
		{[]string{"explain", "--lang", "en", "auth-failed"}, enTitle},
		{[]string{"explain", "--lang=pl", "auth-failed"}, plTitle},
		{[]string{"explain", "auth-failed", "--lang", "pl"}, plTitle},
		{[]string{"explain", "--lang", "pl_PL.UTF-8", "auth-failed"}, plTitle},
	} {
		code, stdout, stderr := runCLI(t, "", tt.args...)
		if code != exitOK || stderr != "" || !strings.Contains(stdout, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q in:\n%s", tt.args, code, stderr, tt.want, stdout)
		}
	}
	for _, args := range [][]string{{"explain", "--lang", "de"}, {"explain", "--lang"}, {"explain", "--lang=", "auth-failed"}} {
		code, stdout, stderr := runCLI(t, "", args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != exitUsage || stdout != "" || len(lines) != 2 || !strings.Contains(lines[0], "--lang") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 naming --lang", args, code, stdout, stderr)
		}
	}
	if _, stdout, _ := runCLI(t, "", "explain", "--help"); !strings.Contains(stdout, "--lang en|pl") {
		t.Errorf("explain --help does not name --lang:\n%s", stdout)
	}
}
