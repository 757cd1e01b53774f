package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The contract's --demo form without --url: the server is found from the
// email address, and the report says where from.
func TestDemoCheckFindsTheServerFromTheEmail(t *testing.T) {
	code, stdout, stderr := runCLI(t, "Demo-Pa55word!\n", "check", "--demo", "--email", "alice@contoso.test", "--password-stdin")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"ewsconnect check · alice@contoso.test (finding the server by autodiscover)",
		"✓ pass Find server   https://mail.contoso.test/EWS/Exchange.asmx from autodiscover.contoso.test (https-autodiscover-domain)",
		"├─ https-root-domain  https://contoso.test/autodiscover/autodiscover.xml",
		"All checks passed",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("missing %q in:\n%s", want, stdout)
		}
	}
}

// A login that autodiscover's server refused is auth-failed at the
// autodiscover step, with the DOMAIN\user login its challenge taught.
func TestAutodiscoverRefusedLoginSuggestsTheDomainLogin(t *testing.T) {
	code, stdout, _ := runCLI(t, "Demo-Pa55word!\n", "check", "--demo", "--json", "--email", "bob@contoso.test", "--password-stdin")
	var got checkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != exitProblem {
		t.Fatalf("exit %d, %v: %s", code, err, stdout)
	}
	if got.Problem == nil || got.Problem.Code != "auth-failed" || got.Steps[0].ID != "autodiscover" || got.Steps[0].Status != "fail" {
		t.Fatalf("want auth-failed at autodiscover, got %+v %+v", got.Problem, got.Steps)
	}
	if got.Suggestions.Username != `CONTOSO\bob` {
		t.Errorf("suggested login %q, want CONTOSO\\bob", got.Suggestions.Username)
	}
	// And with that login, the same discovery finds the server.
	code, stdout, _ = runCLI(t, "Demo-Pa55word!\n", "check", "--demo", "--json", "--email", "bob@contoso.test", "--username", `CONTOSO\bob`, "--password-stdin")
	if code != exitOK {
		t.Fatalf("with CONTOSO\\bob: exit %d\n%s", code, stdout)
	}
}

// The JSON carries the contract's autodiscover object, every attempt with
// its method, URL, result and time.
func TestCheckJSONCarriesTheAutodiscoverAttempts(t *testing.T) {
	_, stdout, _ := runCLI(t, "Demo-Pa55word!\n", "check", "--demo", "--json", "--email", "alice@proseware.test", "--password-stdin")
	var got struct {
		OK           bool `json:"ok"`
		Autodiscover struct {
			Email    string `json:"email"`
			Attempts []struct {
				Method, URL, Result string
			} `json:"attempts"`
		} `json:"autodiscover"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	methods := map[string]string{}
	for _, a := range got.Autodiscover.Attempts {
		methods[a.Method] = a.Result
	}
	if got.OK || got.Autodiscover.Email != "alice@proseware.test" {
		t.Fatalf("ok %v, email %q", got.OK, got.Autodiscover.Email)
	}
	for _, m := range []string{"https-root-domain", "https-autodiscover-domain", "http-redirect", "srv", "json-v2"} {
		if methods[m] == "" || methods[m] == "found" {
			t.Errorf("method %s: result %q, want what it met", m, methods[m])
		}
	}
}
