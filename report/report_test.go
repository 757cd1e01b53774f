package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

func failingReport() steps.Report {
	p := &steps.Problem{
		Code: exchange.CodeAuthFailed, Section: steps.SectionUnauthorized, SectionTitle: "Unauthorized",
		Title: "The server did not accept the sign-in", Detail: "NTLM sign-in refused | <b>401</b>",
		Fix: []steps.FixStep{{Text: "Check the password."}, {Text: "Allow more time.", Setting: steps.SettingTimeout},
			{Text: "Ask IT to run:", Command: "Set-CASMailbox -Identity 'a@b' -EWSEnabled $true"}},
		Field: exchange.FieldCredentials,
	}
	return steps.Report{
		URL: "https://mail.contoso.test/EWS/Exchange.asmx",
		Steps: []steps.Result{
			{ID: steps.URL, Status: steps.Pass, Summary: "https://mail.contoso.test/EWS/Exchange.asmx"},
			{ID: steps.Auth, Status: steps.Fail, Duration: 41 * time.Millisecond, Problem: p},
			{ID: steps.Version, Status: steps.Skip, Note: "not run: an earlier step failed"},
		},
		Server:      exchange.ServerInfo{Build: "15.1.2507.6", Version: "Exchange Server 2016 CU23", AuthSchemes: []string{"Negotiate", "NTLM"}, NetBIOSDomain: "CONTOSO"},
		Suggestions: exchange.Suggestions{Username: `CONTOSO\alice`},
	}
}

// The JSON of the contract: the keys scripts read, with their types.
func TestJSONFollowsTheContract(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, failingReport()); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["ok"] != false || got["url"] != "https://mail.contoso.test/EWS/Exchange.asmx" {
		t.Errorf("ok/url: %v %v", got["ok"], got["url"])
	}
	stepsJSON := got["steps"].([]any)
	auth := stepsJSON[1].(map[string]any)
	if auth["id"] != "auth" || auth["status"] != "fail" || auth["ms"] != float64(41) {
		t.Errorf("auth step: %v", auth)
	}
	prob := got["problem"].(map[string]any)
	for _, k := range []string{"code", "section", "title", "detail", "fix", "field"} {
		if _, ok := prob[k]; !ok {
			t.Errorf("problem lacks %q: %v", k, prob)
		}
	}
	if prob["code"] != "auth-failed" || prob["section"] != "unauthorized" || prob["field"] != "credentials" {
		t.Errorf("problem: %v", prob)
	}
	fix := prob["fix"].([]any)
	if fix[1] != "Allow more time (--timeout 30s)." || !strings.HasSuffix(fix[2].(string), "Set-CASMailbox -Identity 'a@b' -EWSEnabled $true") {
		t.Errorf("fix lines: %q", fix)
	}
	srv := got["server"].(map[string]any)
	if srv["version"] != "Exchange2016" || srv["build"] != "15.1.2507.6" || srv["netbios_domain"] != "CONTOSO" {
		t.Errorf("server: %v", srv)
	}
	if sug := got["suggestions"].(map[string]any); sug["username"] != `CONTOSO\alice` {
		t.Errorf("suggestions: %v", sug)
	}
	if _, ok := stepsJSON[0].(map[string]any)["problem"]; ok {
		t.Error("a passing step must have no problem key")
	}
}

func TestJSONWarnings(t *testing.T) {
	rep := failingReport()
	warn := &steps.Problem{Code: exchange.CodeTLSExpired, Section: steps.SectionCannotConnect, Title: "expires soon"}
	rep.Steps[0] = steps.Result{ID: steps.URL, Status: steps.Warn, Problem: warn, Note: "soon"}
	var buf bytes.Buffer
	WriteJSON(&buf, rep)
	var got struct {
		Warnings []struct{ Code string } `json:"warnings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil || len(got.Warnings) != 1 || got.Warnings[0].Code != "tls-expired" {
		t.Errorf("warnings %+v (%v):\n%s", got.Warnings, err, buf.String())
	}
}

func TestJSONOmitsWhatWasNotLearned(t *testing.T) {
	var buf bytes.Buffer
	WriteJSON(&buf, steps.Report{URL: "https://x/EWS/Exchange.asmx"})
	for _, k := range []string{`"problem"`, `"server"`, `"suggestions"`, `"warnings"`} {
		if strings.Contains(buf.String(), k) {
			t.Errorf("empty report has %s:\n%s", k, buf.String())
		}
	}
}

func TestMarkdownEscapesServerText(t *testing.T) {
	md := Markdown(failingReport(), steps.Config{Email: "alice@contoso.test"}, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	for _, want := range []string{"## Unauthorized", "(code `auth-failed`)", "1. Check the password.", "&lt;b&gt;401&lt;/b&gt;",
		"Try: `` --username \"CONTOSO\\alice\" ``", "| ✗ fail | Sign in |", "User-Agent ewsconnect/",
		"```powershell\n   Set-CASMailbox -Identity 'a@b' -EWSEnabled $true\n   ```"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "<b>") {
		t.Errorf("raw HTML from the server reached the Markdown:\n%s", md)
	}
}

func TestTextShowsTheProblemUnderItsStep(t *testing.T) {
	var buf bytes.Buffer
	WriteText(&buf, failingReport())
	out := buf.String()
	auth := strings.Index(out, "✗ fail Sign in")
	fix := strings.Index(out, "1. Check the password.")
	cmd := strings.Index(out, "\n                Set-CASMailbox -Identity 'a@b' -EWSEnabled $true\n")
	version := strings.Index(out, "- skip Version")
	if auth < 0 || fix < auth || cmd < fix || version < cmd {
		t.Errorf("want the sign-in line, then its fix with the command on a line of its own, then the skipped step:\n%s", out)
	}
	if !strings.Contains(out, "Problem found: auth-failed") || !strings.Contains(out, `Try: --username "CONTOSO\alice"`) {
		t.Errorf("no verdict or suggestion:\n%s", out)
	}
}

// In the wizard the menu offers the suggestions and settings: the step
// lines name no command-line flags.
func TestTextForTheWizardNamesNoFlags(t *testing.T) {
	var buf bytes.Buffer
	rep := failingReport()
	p := NewTextPrinter(&buf, steps.Config{URL: rep.URL}, true)
	for _, r := range rep.Steps {
		p.Step(r, rep)
	}
	if out := buf.String(); strings.Contains(out, "--") {
		t.Errorf("wizard text names a flag:\n%s", out)
	}
}

// The header is redacted by the printer itself, whoever calls it.
func TestTextPrinterRedactsTheURL(t *testing.T) {
	var buf bytes.Buffer
	NewTextPrinter(&buf, steps.Config{URL: "https://alice:Se/cret@mail.contoso.test/EWS/Exchange.asmx"}, false)
	if out := buf.String(); strings.Contains(out, "cret") || !strings.Contains(out, "mail.contoso.test") {
		t.Errorf("header %q", out)
	}
}

func TestVerdictOfASendSkippedAfterItFailed(t *testing.T) {
	var rep steps.Report
	for _, id := range steps.Order {
		rep.Steps = append(rep.Steps, steps.Result{ID: id, Status: steps.Pass})
	}
	rep.Steps[len(rep.Steps)-1] = steps.Result{ID: steps.Send, Status: steps.Skip,
		Problem: &steps.Problem{Code: exchange.CodeSendAsDenied, Title: "Your account may not send as this mailbox"}}
	if v := Verdict(rep); !strings.Contains(v, "sending does not") || strings.Contains(v, "All checks passed") {
		t.Errorf("verdict %q", v)
	}
	if md := Markdown(rep, steps.Config{}, time.Now()); !strings.Contains(md, "! Reading works, sending does not") || !strings.Contains(md, "send-as-denied") {
		t.Errorf("markdown:\n%s", md)
	}
}

func TestFlagLinesQuoteForEveryShell(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  []string
	}{
		{"https://mail.contoso.test/EWS/Exchange.asmx", []string{"--url https://mail.contoso.test/EWS/Exchange.asmx"}},
		{`CONTOSO\alice`, []string{`--username "CONTOSO\alice"`}},
		{`CONTOSO\alice smith`, []string{`--username "CONTOSO\alice smith"`}},
		{`X'; rm -rf ~; '`, []string{`--username 'X'\''; rm -rf ~; '\'''   (POSIX shell)`, `--username 'X''; rm -rf ~; '''   (PowerShell)`}},
		{`$(reboot)`, []string{`--username '$(reboot)'   (POSIX shell)`, `--username '$(reboot)'   (PowerShell)`}},
		{`a\\b`, []string{`--username 'a\\b'   (POSIX shell)`, `--username 'a\\b'   (PowerShell)`}},
		{"o’brien", []string{"--username 'o’brien'   (POSIX shell)", "--username 'o’’brien'   (PowerShell)"}},
	} {
		flag := "--username"
		if strings.HasPrefix(tt.value, "https:") {
			flag = "--url"
		}
		got := flagLines(flag, tt.value)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%q: got %q, want %q", tt.value, got, tt.want)
		}
	}
}

func TestSaveNewNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	first, err := SaveNew(dir, "r", ".md", "one")
	if err != nil {
		t.Fatal(err)
	}
	second, err := SaveNew(dir, "r", ".md", "two")
	if err != nil || second == first || !strings.HasSuffix(second, "r-2.md") {
		t.Fatalf("second report %q (%v), first %q", second, err, first)
	}
}

func TestOwnerOnlySDDL(t *testing.T) {
	if got := ownerOnlySDDL("S-1-5-21-1-2-3-1001"); got != "D:P(A;;FA;;;S-1-5-21-1-2-3-1001)" {
		t.Errorf("got %q", got)
	}
}

// warnedReport connected, with two coded warnings on the auth step.
func warnedReport() steps.Report {
	binding := &steps.Problem{Code: exchange.CodeAuthChannelBinding, SectionTitle: "Unauthorized",
		Title: "Extended Protection sees a different certificate", Detail: "we saw CN=mail.contoso.test",
		Fix: []steps.FixStep{{Text: "Ask IT to exempt the server from TLS inspection."}}}
	expiring := &steps.Problem{Code: exchange.CodePasswordExpiring, SectionTitle: "Unauthorized",
		Title: "Your password expires soon", Detail: "expires on 2026-12-03",
		Fix: []steps.FixStep{{Text: "Change your password."}}}
	return steps.Report{
		URL: "https://mail.contoso.test/EWS/Exchange.asmx",
		Steps: []steps.Result{{ID: steps.Auth, Status: steps.Warn, Summary: "signed in as alice (NTLM)",
			Note: binding.Title, Problem: binding, Warnings: []*steps.Problem{binding, expiring}}},
	}
}

func TestEveryCodedWarningIsPrintedWithItsFix(t *testing.T) {
	var text bytes.Buffer
	WriteText(&text, warnedReport())
	md := Markdown(warnedReport(), steps.Config{}, time.Now())
	var js bytes.Buffer
	WriteJSON(&js, warnedReport())
	for name, out := range map[string]string{"text": text.String(), "markdown": md, "json": js.String()} {
		for _, want := range []string{"auth-channel-binding", "we saw CN=mail.contoso.test", "exempt the server",
			"password-expiring", "expires on 2026-12-03", "Change your password."} {
			if !strings.Contains(out, want) {
				t.Errorf("%s report lacks %q:\n%s", name, want, out)
			}
		}
	}
	var got struct {
		Steps []struct {
			Warnings []struct{ Code string } `json:"warnings"`
		} `json:"steps"`
		Warnings []struct{ Code string } `json:"warnings"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil || len(got.Warnings) != 2 || len(got.Steps[0].Warnings) != 2 {
		t.Errorf("JSON warnings: %+v (%v)", got, err)
	}
}

// A report in Polish says every label of its own in Polish: none of the
// English labels is left (the problem's texts come from the catalog, the
// server's words stay as they were said).
func TestReportsInPolish(t *testing.T) {
	failing, warned := failingReport(), warnedReport()
	failing.Lang, warned.Lang = i18n.PL, i18n.PL
	var text bytes.Buffer
	WriteText(&text, failing)
	WriteText(&text, warned)
	cfg := steps.Config{Email: "alice@contoso.test", Username: `CONTOSO\alice`, Lang: i18n.PL}
	md := Markdown(failing, cfg, time.Now()) + Markdown(warned, cfg, time.Now())
	for name, out := range map[string]string{"text": text.String(), "markdown": md} {
		for _, want := range []string{"Co zobaczyliśmy:", "Jak to naprawić:", "auth-failed", "Logowanie"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s report lacks %q:\n%s", name, want, out)
			}
		}
		for _, key := range i18n.Keys(i18n.EN) {
			english := i18n.T(i18n.EN, key)
			if !strings.HasPrefix(key, "report.") || len(strings.Fields(english)) < 2 {
				continue // one word ("code", "Mailbox") also stands inside commands and names
			}
			if strings.Contains(out, english) {
				t.Errorf("%s report in Polish still says %q (%s):\n%s", name, english, key, out)
			}
		}
	}
	if !strings.Contains(text.String(), "Znaleziono problem: auth-failed. Więcej: ewsconnect explain --lang pl auth-failed") {
		t.Errorf("the verdict does not point at the Polish explanation:\n%s", text.String())
	}
	if !strings.Contains(text.String(), "✗ błąd      Logowanie") {
		t.Errorf("the status words are not padded to the longest Polish one:\n%s", text.String())
	}
}
