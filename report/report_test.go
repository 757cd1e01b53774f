package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

func failingReport() steps.Report {
	p := &steps.Problem{
		Code: exchange.CodeAuthFailed, Section: steps.SectionUnauthorized, SectionTitle: "Unauthorized",
		Title: "The server did not accept the sign-in", Detail: "NTLM sign-in refused | <b>401</b>",
		Fix: []string{"Check the password."}, Field: exchange.FieldCredentials,
	}
	return steps.Report{
		URL: "https://mail.contoso.test/EWS/Exchange.asmx",
		Steps: []steps.Result{
			{ID: steps.URL, Status: steps.Pass, Summary: "https://mail.contoso.test/EWS/Exchange.asmx"},
			{ID: steps.Auth, Status: steps.Fail, Duration: 41 * time.Millisecond, Problem: p},
			{ID: steps.Version, Status: steps.Skip, Note: "not run: an earlier step failed"},
		},
		Problem:     p,
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

func TestJSONOmitsWhatWasNotLearned(t *testing.T) {
	var buf bytes.Buffer
	WriteJSON(&buf, steps.Report{OK: true, URL: "https://x/EWS/Exchange.asmx"})
	for _, k := range []string{`"problem"`, `"server"`, `"suggestions"`} {
		if strings.Contains(buf.String(), k) {
			t.Errorf("empty report has %s:\n%s", k, buf.String())
		}
	}
}

func TestMarkdownEscapesServerText(t *testing.T) {
	md := Markdown(failingReport(), steps.Config{Email: "alice@contoso.test"}, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	for _, want := range []string{"## Unauthorized", "(code `auth-failed`)", "1. Check the password.", "&lt;b&gt;401&lt;/b&gt;", `--username 'CONTOSO\alice'`, "| ✗ fail | Sign in |", "User-Agent ewsconnect/"} {
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
	version := strings.Index(out, "- skip Version")
	if auth < 0 || fix < auth || version < fix {
		t.Errorf("want the sign-in line, then its fix, then the skipped step:\n%s", out)
	}
	if !strings.Contains(out, "Problem found: auth-failed") {
		t.Errorf("no verdict:\n%s", out)
	}
}
