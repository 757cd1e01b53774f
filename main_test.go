package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// checkJSON is the part of check --json the tests read.
type checkJSON struct {
	OK       bool          `json:"ok"`
	URL      string        `json:"url"`
	Proxy    string        `json:"proxy"`
	Problem  *jsonProblem  `json:"problem"`
	Warnings []jsonProblem `json:"warnings"`
	Steps    []struct {
		ID      string       `json:"id"`
		Status  string       `json:"status"`
		Summary string       `json:"summary"`
		Problem *jsonProblem `json:"problem"`
	} `json:"steps"`
	Server struct {
		Version       string   `json:"version"`
		Build         string   `json:"build"`
		AuthSchemes   []string `json:"auth_schemes"`
		NetBIOSDomain string   `json:"netbios_domain"`
	} `json:"server"`
	Suggestions struct {
		URL      string `json:"url"`
		Username string `json:"username"`
	} `json:"suggestions"`
}

// runCLI runs the command in-process as a user would from a shell, with
// no proxy settings (whatever this machine's HTTPS_PROXY or Windows
// setting says): the demo-server rows are reached directly.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runIn(context.Background(), environment{getenv: func(string) string { return "" }}, args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// startSim runs the demo server as demo-server does and writes its CA.
func startSim(t *testing.T) (*exchangesim.Server, string) {
	t.Helper()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	sim, err := exchangesim.Start(exchangesim.Options{CAFile: caFile, SlowDelay: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim, caFile
}

// scenarioArgs is the command line the contract gives for a scenario row
// of demo-server: the URL with the server's port, its CA file, and
// --resolve for the row's host when the demo maps it (a row about an
// unknown host has no mapping).
func scenarioArgs(sim *exchangesim.Server, sc exchangesim.Scenario, caFile string) []string {
	if sc.Autodiscover {
		// Found from the email address: the demo's DNS and its port, as
		// the row's args say (the contract's form for autodiscover rows).
		args := []string{"check", "--json", "--email", sc.Email, "--password-stdin",
			"--ca-file", caFile, "--timeout", "2s", "--dns-server", sim.DNSAddr()}
		if sc.Username != "" {
			args = append(args, "--username", sc.Username)
		}
		return append(args, sc.Args...)
	}
	url := "https://" + sc.Host + ":" + port(sim.Addr()) + "/EWS/Exchange.asmx"
	if sc.URL != "" {
		url = sc.URL
	}
	args := []string{"check", "--json", "--url", url, "--email", sc.Email, "--password-stdin",
		"--ca-file", caFile, "--timeout", "2s"}
	if _, ok := sim.Resolve()[sc.Host]; ok {
		args = append(args, "--resolve", sc.Host+":127.0.0.1")
	}
	if sc.Username != "" {
		args = append(args, "--username", sc.Username)
	}
	return append(args, sc.Args...) // e.g. a proxy row's --proxy and --resolve, or the AIA host's --resolve
}

// demoArgs is the --demo form of the same row: host names as a user types
// them, no port, the in-process simulator's resolver (never real DNS).
func demoArgs(sc exchangesim.Scenario) []string {
	args := []string{"check", "--demo", "--json", "--email", sc.Email, "--password-stdin", "--timeout", "2s"}
	if !sc.Autodiscover {
		url := "https://" + sc.Host + "/EWS/Exchange.asmx"
		if sc.URL != "" {
			url = sc.URL
		}
		args = append(args, "--url", url)
	}
	if sc.Username != "" {
		args = append(args, "--username", sc.Username)
	}
	return append(args, sc.Args...)
}

func port(addr string) string { return addr[strings.LastIndex(addr, ":")+1:] }

// jsonProblem is a problem as check --json writes it.
type jsonProblem struct {
	Code    string   `json:"code"`
	Section string   `json:"section"`
	Title   string   `json:"title"`
	Detail  string   `json:"detail"`
	Fix     []string `json:"fix"`
	Field   string   `json:"field"`
}

// matrix is what check must say for each of the simulator's scenarios: the
// step that fails, the code, the article section and field of the
// contract, and a piece of the evidence. A scenario without a row here
// fails TestScenarioMatrix.
var matrix = map[string]struct{ step, code, section, field, evidence string }{
	"healthy":                     {"", "ok", "", "", ""},
	"exchange-2016-basic":         {"", "ok", "", "", ""},
	"extended-protection":         {"", "ok", "", "", ""},
	"domain-login":                {"", "ok", "", "", ""},
	"extended-protection-offload": {"auth", "auth-failed", "unauthorized", "credentials", "Extended Protection"},
	"ntlm-blocked":                {"auth", "auth-ntlm-refused", "unauthorized", "server", "NEGOTIATE message with HTTP 401 Unauthorized without a CHALLENGE"},
	"no-affinity":                 {"auth", "auth-connection-lost", "unauthorized", "server", "Connection: close"},
	"exchange-2010-sp1":           {"version", "version-too-old", "unsupported-version", "server", "14.1.218.15"},
	"exchange-2007":               {"version", "version-too-old", "unsupported-version", "server", "8.0.685.24"},
	"owa-url":                     {"url", "url-owa", "invalid-url", "url", "Outlook Web App"},
	"login-proxy":                 {"endpoint", "url-owa", "invalid-url", "url", "CookieAuth.dll"},
	"url-not-https":               {"url", "url-not-https", "invalid-url", "url", "http://"},
	"url-not-ews":                 {"url", "url-not-ews", "invalid-url", "url", "/EWS/Exchange.asmx"},
	"url-malformed":               {"url", "url-malformed", "invalid-url", "url", "htps://"},
	"unknown-host":                {"dns", "dns-failed", "cannot-connect", "url", "nohost.contoso.test"},
	"port-closed":                 {"connect", "connect-refused", "cannot-connect", "url", "refused"},
	"slow-server":                 {"endpoint", "connect-timeout", "cannot-connect", "url", "within 2 seconds"},
	"not-tls":                     {"tls", "tls-failed", "cannot-connect", "server", "plain HTTP"},
	"wrong-cert-name":             {"tls", "tls-name-mismatch", "cannot-connect", "url", "exch01.contoso.local"},
	"legacy-cn-cert":              {"tls", "tls-name-mismatch", "cannot-connect", "url", "common name"},
	"expired-cert":                {"tls", "tls-expired", "cannot-connect", "server", "expired on"},
	"unknown-ca":                  {"tls", "tls-untrusted", "cannot-connect", "server", "CONTOSO-DC01-CA"},
	"sha1-cert":                   {"tls", "tls-weak-certificate", "cannot-connect", "server", "signed with SHA-1 (ECDSA-SHA1)"},
	"old-tls":                     {"tls", "tls-old-protocol", "cannot-connect", "server", "at most TLS 1.0"},
	"chain-incomplete":            {"tls", "tls-chain-incomplete", "cannot-connect", "server", "intermediate certificate ewsconnect Demo Issuing CA 1"},
	"cert-not-yet-valid":          {"tls", "tls-expired", "cannot-connect", "server", "not valid before"},
	"no-affinity-frontend":        {"auth", "auth-connection-lost", "unauthorized", "server", "X-FEServer"},
	"modern-auth-only":            {"auth", "auth-modern-only", "unauthorized", "server", "authorization_uri https://adfs.contoso.test/adfs/oauth2/authorize"},
	"server-error":                {"endpoint", "server-error", "cannot-connect", "server", "503"},
	"exchange-online":             {"auth", "auth-basic-disabled", "unauthorized", "server", "Bearer"},
	"wrong-password":              {"auth", "auth-failed", "unauthorized", "credentials", "HTTP 401"},
	"needs-domain-login":          {"auth", "auth-failed", "unauthorized", "credentials", "NetBIOS domain CONTOSO"},
	"ews-disabled":                {"version", "ews-disabled", "unauthorized", "server", "HTTP 403 Forbidden to GetFolder after signing in as carol@contoso.test (NTLM)"},
	"no-smtp-address":             {"mailbox", "mailbox-no-smtp", "cannot-connect", "server", "ErrorNameResolutionNoResults"},
	"send-as-denied":              {"send", "send-as-denied", "test-email-failed", "server", "CONTOSO\\frank"},
	"send-failed":                 {"send", "send-failed", "test-email-failed", "none", "ErrorQuotaExceeded"},
	"mailbox-moved":               {"mailbox", "mailbox-moved", "cannot-connect", "none", `ResponseCode ErrorNonExistentMailbox; mailbox GUID`},
	"shared-mailbox-denied":       {"mailbox", "mailbox-access-denied", "unauthorized", "username", `CONTOSO\frank signed in, but GetFolder(inbox of support@contoso.test as CONTOSO\frank) was refused: ResponseCode ErrorAccessDenied`},
	"mailbox-store-unavailable":   {"mailbox", "server-error", "cannot-connect", "server", "ResponseCode ErrorMailboxStoreUnavailable"},
	"server-busy-recovers":        {"", "ok", "", "", ""},
	"server-busy":                 {"version", "server-busy", "cannot-connect", "none", "GetFolder throttled: ErrorServerBusy, back-off 297749 ms"},
	"server-busy-again":           {"version", "server-busy", "cannot-connect", "none", "GetFolder throttled again after waiting 300 ms once as asked"},
	"proxy":                       {"", "ok", "", "", ""},
	"proxy-auth-required":         {"connect", "proxy-auth-required", "cannot-connect", "server", "offers NTLM, Basic"},
	"proxy-refused":               {"connect", "proxy-failed", "cannot-connect", "server", `the proxy said: "403 Forbidden`},

	// A sign-in that works with a warning (the matrix's step warns).
	"extended-protection-inspected": {"auth", "auth-channel-binding", "unauthorized", "server", "issuer Contoso TLS Inspection CA, SHA-256 "},
	"password-expiring":             {"auth", "password-expiring", "unauthorized", "none", "erin@contoso.test expires on"},

	"autodiscover":                  {"", "ok", "", "", ""},
	"autodiscover-web-site":         {"", "ok", "", "", ""},
	"autodiscover-http-redirect":    {"", "ok", "", "", ""},
	"autodiscover-srv":              {"", "ok", "", "", ""},
	"autodiscover-redirect-addr":    {"", "ok", "", "", ""},
	"autodiscover-redirect-allowed": {"", "ok", "", "", ""},
	"autodiscover-slow-web-site":    {"", "ok", "", "", ""},
	"autodiscover-redirect-url":     {"autodiscover", "autodiscover-redirect-unconfirmed", "autodiscover", "none", "hostedmail.test"},
	"autodiscover-exchange-online":  {"autodiscover", "auth-basic-disabled", "unauthorized", "server", "Exchange Online"},
	"autodiscover-internal-only":    {"autodiscover", "autodiscover-internal-only", "autodiscover", "url", "exch01.corp.wingtip.local"},
	"autodiscover-not-found":        {"autodiscover", "autodiscover-not-found", "autodiscover", "url", "proseware.test"},
	"autodiscover-loop":             {"autodiscover", "autodiscover-loop", "autodiscover", "url", "autodiscover.litware.test"},
	"autodiscover-wrong-login":      {"autodiscover", "auth-failed", "unauthorized", "credentials", "NetBIOS domain CONTOSO"},
}

// TestScenarioMatrix runs check --json against every scenario of the
// simulator, in both of the contract's forms (demo-server with its port,
// CA file and --resolve; --demo with host names as typed), and expects
// exactly the row of matrix. Every code of the contract must be reached.
func TestScenarioMatrix(t *testing.T) {
	sim, caFile := startSim(t)
	reached := map[string]bool{}
	for _, sc := range sim.Scenarios(true) {
		if _, mapped := sim.Resolve()[sc.Host]; !mapped && !sc.Autodiscover {
			continue // only --demo answers for an unmapped host without real DNS
		}
		t.Run("demo-server/"+sc.Name, func(t *testing.T) {
			checkScenario(t, sc, reached, scenarioArgs(sim, sc, caFile))
		})
	}
	for _, sc := range sim.Scenarios(false) {
		t.Run("demo/"+sc.Name, func(t *testing.T) {
			checkScenario(t, sc, reached, demoArgs(sc))
		})
	}
	for _, c := range exchange.AllCodes {
		if !reached[string(c)] {
			t.Errorf("no scenario reaches %s", c)
		}
	}
	if !reached["ok"] {
		t.Error("no healthy scenario passed")
	}
}

func checkScenario(t *testing.T, sc exchangesim.Scenario, reached map[string]bool, args []string) {
	t.Helper()
	want, ok := matrix[sc.Name]
	if !ok {
		t.Fatalf("scenario %q has no row in the matrix: add what check must say for it", sc.Name)
	}
	if want.code != sc.Expect {
		t.Fatalf("the simulator expects %s, the matrix %s", sc.Expect, want.code)
	}
	code, stdout, stderr := runCLI(t, sc.Password+"\n", args...)
	var got checkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s\nstderr: %s", err, stdout, stderr)
	}
	if steps.WarningCodes[exchange.Code(want.code)] {
		checkWarningScenario(t, want.step, want.code, want.evidence, got, code)
		reached[want.code] = true
		return
	}
	if want.code == "ok" {
		if !got.OK || code != exitOK {
			t.Fatalf("want ok and exit 0, got ok=%v exit %d problem %+v", got.OK, code, got.Problem)
		}
		if got.Server.Build == "" || len(got.Server.AuthSchemes) == 0 {
			t.Errorf("healthy run should report the server's build and schemes, got %+v", got.Server)
		}
		reached["ok"] = true
		return
	}
	if got.OK || got.Problem == nil || code != exitProblem {
		t.Fatalf("want problem %s and exit 1, got ok=%v exit %d problem %+v", want.code, got.OK, code, got.Problem)
	}
	p := got.Problem
	if p.Code != want.code || p.Section != want.section || p.Field != want.field {
		t.Fatalf("got %s/%s/%s (%s), want %s/%s/%s", p.Code, p.Section, p.Field, p.Detail, want.code, want.section, want.field)
	}
	if !strings.Contains(p.Detail, want.evidence) {
		t.Errorf("detail %q does not show %q", p.Detail, want.evidence)
	}
	failedAt := ""
	for _, st := range got.Steps {
		if st.Status == "fail" {
			failedAt = st.ID
			break
		}
	}
	if failedAt != want.step {
		t.Errorf("the problem is shown at step %q, want %q: %+v", failedAt, want.step, got.Steps)
	}
	if p.Title == "" || len(p.Fix) == 0 {
		t.Errorf("problem lacks its title or fix: %+v", p)
	}
	reached[p.Code] = true
}

// checkWarningScenario expects a connection (exit 0, ok) whose step warns
// with code, showing evidence, listed in the top-level warnings too.
func checkWarningScenario(t *testing.T, step, code, evidence string, got checkJSON, exit int) {
	t.Helper()
	if !got.OK || exit != exitOK || got.Problem != nil {
		t.Fatalf("want ok with a warning and exit 0, got ok=%v exit %d problem %+v", got.OK, exit, got.Problem)
	}
	var warned *jsonProblem
	for _, st := range got.Steps {
		if st.ID == step && st.Status == "warn" {
			warned = st.Problem
		}
	}
	if warned == nil || warned.Code != code {
		t.Fatalf("step %s does not warn with %s: %+v", step, code, got.Steps)
	}
	if !strings.Contains(warned.Detail, evidence) || warned.Title == "" || len(warned.Fix) == 0 {
		t.Errorf("warning %+v lacks its title, fix or the evidence %q", warned, evidence)
	}
	if len(got.Warnings) == 0 || got.Warnings[0].Code != code {
		t.Errorf("top-level warnings %+v do not list %s", got.Warnings, code)
	}
}

func TestHealthyCheckReportsTheServer(t *testing.T) {
	sim, caFile := startSim(t)
	var healthy exchangesim.Scenario
	for _, sc := range sim.Scenarios(true) {
		if sc.Name == "healthy" {
			healthy = sc
		}
	}
	if healthy.Host != "mail.contoso.test" || healthy.Email != "alice@contoso.test" {
		t.Fatalf("the contract's healthy row is missing: %+v", healthy)
	}
	code, stdout, _ := runCLI(t, healthy.Password+"\n", scenarioArgs(sim, healthy, caFile)...)
	var got checkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != exitOK {
		t.Fatalf("exit %d, %v: %s", code, err, stdout)
	}
	if got.Server.NetBIOSDomain != "CONTOSO" || got.Server.Version == "" {
		t.Errorf("server = %+v, want version and NetBIOS domain CONTOSO", got.Server)
	}
	if len(got.Steps) != 10 {
		t.Errorf("got %d steps, want 10", len(got.Steps))
	}
	for _, s := range got.Steps {
		if s.ID == "autodiscover" && s.Status == "skip" {
			continue // the URL was given
		}
		if s.Status != "pass" {
			t.Errorf("step %s: %s, want pass", s.ID, s.Status)
		}
	}
}

// TestDemoCheckWithoutPort is the contract's --demo form of check: host
// names as a user types them, no port, no CA file.
func TestDemoCheckWithoutPort(t *testing.T) {
	code, stdout, stderr := runCLI(t, "Demo-Pa55word!\n", "check", "--demo", "--json",
		"--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test", "--password-stdin")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestPasswordNeverPrinted runs failing and passing checks with a
// distinctive password through every output: text, JSON and Markdown.
func TestPasswordNeverPrinted(t *testing.T) {
	sim, _ := startSim(t)
	const secret = "Zq9-unlikely-S3cret"
	for _, sc := range sim.Scenarios(false) {
		for _, format := range []string{"text", "json"} {
			reportFile := filepath.Join(t.TempDir(), "report.md")
			args := demoArgs(sc)
			if format == "text" {
				args = slices.DeleteFunc(args, func(a string) bool { return a == "--json" })
			}
			args = append(args, "--report", reportFile)
			pw := secret
			if sc.Expect == "ok" {
				pw = sc.Password // a passing run must not print it either
			}
			_, stdout, stderr := runCLI(t, pw+"\n", args...)
			md, _ := os.ReadFile(reportFile)
			for name, text := range map[string]string{"stdout": stdout, "stderr": stderr, "report": string(md)} {
				if strings.Contains(text, pw) {
					t.Errorf("%s/%s: the password appears in %s", sc.Name, format, name)
				}
			}
		}
	}
}

// A password typed into the URL itself must not come back either.
func TestPasswordInURLNeverPrinted(t *testing.T) {
	const secret = "Url-S3cret-9"
	for _, format := range []string{"--json", "--no-send"} {
		_, stdout, stderr := runCLI(t, "Demo-Pa55word!\n", "check", "--demo", format, "--password-stdin",
			"--url", "https://alice:"+secret+"@mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test")
		if strings.Contains(stdout+stderr, secret) {
			t.Errorf("%s: the URL's password appears in the output:\n%s%s", format, stdout, stderr)
		}
		if !strings.Contains(stdout, "mail.contoso.test") {
			t.Errorf("%s: the URL's host should still be shown:\n%s", format, stdout)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"password in a flag is refused", []string{"check", "--url", "https://x/EWS/Exchange.asmx", "--email", "a@b", "--password", "pw"}, "--password is not accepted"},
		{"no email", []string{"check", "--url", "https://x/EWS/Exchange.asmx", "--password-stdin"}, "--email"},
		{"bad resolve", []string{"check", "--resolve", "nocolon"}, "HOST:ADDR"},
		{"unknown flag", []string{"check", "--nope"}, "nope"},
		{"unknown code", []string{"explain", "no-such-code"}, "unknown code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "pw\n", tt.args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, stderr, tt.want)
			}
		})
	}
}

// No password, or an empty EWSCONNECT_PASSWORD, is a usage error for check.
func TestNoPasswordIsAUsageError(t *testing.T) {
	t.Setenv("EWSCONNECT_PASSWORD", "")
	code, _, stderr := runCLI(t, "", "check", "--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "a@b")
	if code != exitUsage || !strings.Contains(stderr, "no password") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

func TestPasswordFromTheEnvironment(t *testing.T) {
	t.Setenv("EWSCONNECT_PASSWORD", "Demo-Pa55word!")
	code, stdout, stderr := runCLI(t, "", "check", "--demo", "--no-send",
		"--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test")
	if code != exitOK {
		t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
	}
}

func TestExplain(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "explain")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, c := range exchange.AllCodes {
		if !strings.Contains(stdout, string(c)) {
			t.Errorf("explain does not list %s", c)
		}
	}
	code, stdout, _ = runCLI(t, "", "explain", "send-as-denied")
	if code != exitOK || !strings.Contains(stdout, "Testing the email failed") || !strings.Contains(stdout, "1. ") {
		t.Errorf("explain send-as-denied: exit %d\n%s", code, stdout)
	}
}

// Ctrl+C (a cancelled context) during a slow step ends check at once with
// exit 130, not after the step's timeout.
func TestCheckInterruptedExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	var out, errOut bytes.Buffer
	start := time.Now()
	code := run(ctx, []string{"check", "--demo", "--password-stdin", "--timeout", "10s",
		"--url", "https://slow.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test"},
		strings.NewReader("Demo-Pa55word!\n"), &out, &errOut)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v; the interrupt should end the run at once", took)
	}
	if code != exitInterrupted || !strings.Contains(out.String(), "Interrupted.") {
		t.Errorf("exit %d, want 130 and 'Interrupted.':\n%s", code, out.String())
	}
}

// Every demo account the wizard lists carries an address to fill in.
func TestDemoAccountsHaveAnAddress(t *testing.T) {
	demo, err := startDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	for _, a := range demo.forWizard(i18n.EN, demo.network(time.Second, nil)).Accounts {
		if a.Autodiscover {
			if a.URL != "" {
				t.Errorf("%s: address %q; the server is to be found from the email", a.Name, a.URL)
			}
			continue
		}
		if !strings.Contains(a.URL, "://") || strings.Contains(a.URL, port(demo.Addr())) {
			t.Errorf("%s: address %q, want a port-less URL as a user types it", a.Name, a.URL)
		}
	}
}

// The wizard shows each row's About in its language: in English the row's
// own About (the screens stay as they were), in Polish the catalog's.
func TestDemoAccountsAboutInTheWizardsLanguage(t *testing.T) {
	demo, err := startDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	scs := demo.Scenarios(false)
	for _, l := range i18n.Supported {
		accounts := demo.forWizard(l, demo.network(time.Second, nil)).Accounts
		if len(accounts) != len(scs) {
			t.Fatalf("%s: %d accounts for %d rows", l, len(accounts), len(scs))
		}
		for i, sc := range scs {
			a := accounts[i]
			want := sc.About
			if l != i18n.EN {
				want = i18n.T(l, "demo.about."+sc.Name)
				if want == sc.About || want == "demo.about."+sc.Name {
					t.Errorf("%s: %s has no about text of its own: %q", l, sc.Name, want)
				}
			}
			if a.About != want || demoAbout(l, sc) != want {
				t.Errorf("%s: %s: about %q, want %q", l, sc.Name, a.About, want)
			}
		}
	}
}

// The shared mailbox's fix names the mailbox and the login that was
// refused, ready to paste into the Exchange Management Shell.
func TestSharedMailboxDeniedFixNamesMailboxAndLogin(t *testing.T) {
	code, stdout, stderr := runCLI(t, exchangesim.DemoPassword+"\n", "check", "--demo", "--json", "--password-stdin", "--timeout", "2s",
		"--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "support@contoso.test", "--username", `CONTOSO\frank`)
	var got checkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != exitProblem || got.Problem == nil {
		t.Fatalf("exit %d, %v:\n%s\n%s", code, err, stdout, stderr)
	}
	want := `Add-MailboxPermission -Identity 'support@contoso.test' -User 'CONTOSO\frank' -AccessRights FullAccess`
	if !slices.ContainsFunc(got.Problem.Fix, func(f string) bool { return strings.Contains(f, want) }) {
		t.Errorf("fix %q lacks %q", got.Problem.Fix, want)
	}
}
