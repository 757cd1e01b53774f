package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"ewsconnect/exchange/exchangesim"
)

// runCLILang is runCLI with these environment variables and these
// languages as the system's user languages (Windows, macOS).
func runCLILang(t *testing.T, vars map[string]string, system []string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := environment{
		getenv:      func(k string) string { return vars[k] },
		osLanguages: func() []string { return system },
	}
	var out, errOut bytes.Buffer
	code = runIn(context.Background(), env, args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// Every command speaks the language the contract's order chooses.
func TestEveryCommandChoosesItsLanguage(t *testing.T) {
	healthy := []string{"check", "--demo", "--email", "alice@contoso.test", "--url", "mail.contoso.test", "--password-stdin", "--no-send"}
	polishEnv := map[string]string{"LANG": "pl_PL.UTF-8"}
	for _, tt := range []struct {
		name   string
		vars   map[string]string
		system []string
		args   []string
		want   string // in stdout
	}{
		{"LANG speaks Polish", polishEnv, nil, healthy, "Wszystkie testy zakończone powodzeniem"},
		{"--lang wins over LANG", polishEnv, nil, append(healthy, "--lang", "en"), "All checks passed"},
		{"EWSCONNECT_LANG wins over LC_ALL", map[string]string{"EWSCONNECT_LANG": "pl", "LC_ALL": "en_US.UTF-8"}, nil, healthy, "Wszystkie testy"},
		{"the system's language without locale variables", nil, []string{"pl-PL"}, healthy, "Wszystkie testy"},
		{"C locale is English, not the system's", map[string]string{"LC_ALL": "C"}, []string{"pl-PL"}, healthy, "All checks passed"},
		{"explain follows LANG", polishEnv, nil, []string{"explain", "auth-failed"}, "Nieautoryzowane"},
		{"the wizard's help follows LANG", polishEnv, nil, []string{"--help"}, "Użycie"},
		{"check's help follows LANG", polishEnv, nil, []string{"check", "--help"}, "Użycie: ewsconnect check"},
		{"demo-server's help follows LANG", polishEnv, nil, []string{"demo-server", "--help"}, "Użycie"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, stdout, stderr := runCLILang(t, tt.vars, tt.system, exchangesim.DemoPassword+"\n", tt.args...)
			if !strings.Contains(stdout, tt.want) {
				t.Errorf("want %q in stdout:\n%s\nstderr: %s", tt.want, stdout, stderr)
			}
		})
	}
}

// check --json is for scripts: its texts are English unless --lang asks.
func TestJSONIsEnglishUnlessAsked(t *testing.T) {
	args := []string{"check", "--demo", "--json", "--email", "alice@contoso.test", "--url", "mail.contoso.test", "--password-stdin"}
	title := func(stdout string) string {
		var got checkJSON
		if err := json.Unmarshal([]byte(stdout), &got); err != nil || got.Problem == nil {
			t.Fatalf("not a problem's JSON (%v):\n%s", err, stdout)
		}
		return got.Problem.Title
	}
	polish := map[string]string{"LANG": "pl_PL.UTF-8"}
	if _, stdout, _ := runCLILang(t, polish, []string{"pl-PL"}, "wrong\n", args...); title(stdout) != "The server did not accept the sign-in" {
		t.Errorf("LANG=pl made the JSON Polish: %q", title(stdout))
	}
	if _, stdout, _ := runCLILang(t, nil, nil, "wrong\n", append(args, "--lang", "pl")...); title(stdout) != "Serwer nie przyjął logowania" {
		t.Errorf("--lang pl left the JSON English: %q", title(stdout))
	}
}

// A usage error is said in the user's language; a language that cannot be
// honoured is one, said in the language the environment would give.
func TestUsageErrorsInTheUsersLanguage(t *testing.T) {
	for _, tt := range []struct {
		vars map[string]string
		args []string
		want string
	}{
		{map[string]string{"LANG": "pl_PL.UTF-8"}, []string{"check", "--nope"}, "ewsconnect: nie ma takiej opcji: --nope\nUruchom 'ewsconnect check --help', aby zobaczyć sposób użycia.\n"},
		{map[string]string{"LANG": "pl_PL.UTF-8"}, []string{"--timeout", "soon"}, "ewsconnect: nieprawidłowa wartość \"soon\" opcji --timeout: ma niewłaściwą postać\n"},
		{map[string]string{"LANG": "pl_PL.UTF-8"}, []string{"check", "--email", "a@b.test", "--resolve", "nocolon"}, "ewsconnect: nieprawidłowa wartość \"nocolon\" opcji --resolve: oczekiwano HOST:ADRES"},
		{nil, []string{"check", "--email", "a@b.test", "--allow-redirect", "https://x.test"}, "ewsconnect: invalid value \"https://x.test\" for flag --allow-redirect: want a plain domain name such as contoso.com, without https://, a port or a path\n"},
		{map[string]string{"LANG": "pl_PL.UTF-8"}, []string{"check", "--lang", "de"}, "ewsconnect: --lang \"de\": dozwolone wartości to en|pl\n"},
		{map[string]string{"EWSCONNECT_LANG": "klingon"}, []string{"explain"}, "ewsconnect: EWSCONNECT_LANG=\"klingon\": want one of en|pl\n"},
		{nil, []string{"check", "--lang="}, "ewsconnect: --lang needs a value\n"},
	} {
		code, stdout, stderr := runCLILang(t, tt.vars, nil, "", tt.args...)
		if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, tt.want) {
			t.Errorf("%v with %v: exit %d, stdout %q, stderr:\n%s\nwant it to start with:\n%s", tt.args, tt.vars, code, stdout, stderr, tt.want)
		}
	}
}
