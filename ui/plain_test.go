package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"ewsconnect/steps"
)

// The plain mode reads a pipe: every answer is one line, and the end of the
// input ends the wizard without hanging.
func TestPlainFlowThroughAProblemToSuccess(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{authFailed, healthy}}
	in := strings.NewReader(strings.Join([]string{
		"https://mail.contoso.test/owa/", // an OWA address...
		"",                               // ...and yes, use the EWS address instead
		"bob@contoso.test",
		"S3cret-pw",
		"",  // no custom login
		"",  // send a test message
		"",  // to the email address
		"1", // the problem's first action: try CONTOSO\alice
	}, "\n") + "\n")
	var out bytes.Buffer
	rep, err := runPlain(context.Background(), Options{}, in, &out, fd.deps())
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !rep.OK {
		t.Errorf("the last report should be the successful one:\n%s", text)
	}
	for _, want := range []string{
		"Outlook Web App", "Use " + demoURL + " instead?",
		"Unauthorized", "How to fix it:", `Try CONTOSO\alice as the login and check again`,
		"✓ " + tx.SuccessTitle, "Sign in as", "Email address: bob@contoso.test\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "S3cret") {
		t.Error("the password was printed")
	}
	if strings.Contains(text, "\x1b") {
		t.Error("escape sequences in plain output")
	}
	if len(fd.configs) != 2 {
		t.Fatalf("%d checks, want 2", len(fd.configs))
	}
	cfg := fd.configs[1]
	if cfg.URL != demoURL || cfg.Username != `CONTOSO\alice` || cfg.Password != "S3cret-pw" || cfg.Email != "bob@contoso.test" {
		t.Errorf("second check's answers: %+v", cfg)
	}
}

func TestPlainSkipsGivenAnswers(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}}
	var out bytes.Buffer
	_, err := runPlain(context.Background(), Options{
		Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "pw", NoSend: true},
		Given:  Given{URL: true, Email: true, Password: true, Username: true, NoSend: true},
	}, strings.NewReader(""), &out, fd.deps())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), tx.PlainPromptURL) || strings.Contains(out.String(), tx.PlainPromptPassword) {
		t.Errorf("asked for a given answer:\n%s", out.String())
	}
	if len(fd.configs) != 1 {
		t.Errorf("%d checks, want 1", len(fd.configs))
	}
}

func TestPlainEndOfInputBeforeAnswers(t *testing.T) {
	var out bytes.Buffer
	rep, err := runPlain(context.Background(), Options{}, strings.NewReader(""), &out, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	if err != nil || len(rep.Steps) != 0 {
		t.Errorf("empty input: err %v, %d steps; want a quiet stop", err, len(rep.Steps))
	}
}

func TestPlainCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	rep, err := runPlain(ctx, Options{}, strings.NewReader(""), &out, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	if err != context.Canceled || !rep.Interrupted {
		t.Errorf("got err %v, interrupted %v; want context.Canceled and true", err, rep.Interrupted)
	}
}

func TestReportNeverHasThePassword(t *testing.T) {
	cfg := steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "S3cret-pw"}
	rep := (&fakeRunner{script: authFailed, i: index(steps.Auth) + 1}).Report()
	if md := reportMarkdown(rep, cfg, time.Now()); strings.Contains(md, "S3cret") {
		t.Error("the report names the password")
	}
}
