package ui

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ewsconnect/steps"
)

// pipe is a Console as a pipe gives it: answers on standard input, and one
// buffer for questions and results (a transcript).
func pipe(input string) (Console, *bytes.Buffer) {
	var out bytes.Buffer
	return Console{In: bufio.NewReader(strings.NewReader(input)), Out: &out, Err: &out}, &out
}

func lines(answers ...string) string { return strings.Join(answers, "\n") + "\n" }

// The plain mode reads a pipe: every answer is one line, and the end of the
// input ends the wizard without hanging.
func TestPlainFlowThroughAProblemToSuccess(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{authFailed, healthy}, finds: []fakeFind{findNothing}}
	c, out := pipe(lines(
		"alice@contoso.test",
		"S3cret-pw",
		"",                               // no custom login; then nothing is found
		"https://mail.contoso.test/owa/", // an OWA address...
		"",                               // ...and yes, use the EWS address instead
		"",                               // send a test message
		"",                               // to the email address
		"2",                              // the problem's second offer: try CONTOSO\alice
	))
	rep, err := runPlain(context.Background(), Options{}, c, fd.deps())
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !rep.OK() {
		t.Errorf("the last report should be the successful one:\n%s", text)
	}
	for _, want := range []string{
		"Outlook Web App", "Use " + demoURL + " instead?",
		"Unauthorized", "How to fix it:",
		"1. Re-enter the password and check again",
		`2. Try CONTOSO\alice as the login and check again (the server names its Windows domain CONTOSO`,
		"✓ " + tx.SuccessTitle, "Sign in as", "Email address: alice@contoso.test\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "S3cret") || strings.Contains(text, "\x1b") || strings.Contains(text, "--username") {
		t.Errorf("the password, an escape sequence or a command-line flag was printed:\n%s", text)
	}
	if len(fd.configs) != 2 {
		t.Fatalf("%d checks, want 2", len(fd.configs))
	}
	cfg := fd.configs[1]
	if cfg.URL != demoURL || cfg.Username != `CONTOSO\alice` || cfg.Password != "S3cret-pw" || cfg.Email != "alice@contoso.test" {
		t.Errorf("second check's answers: %+v", cfg)
	}
}

func TestPlainSkipsGivenAnswers(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}}
	c, out := pipe("")
	_, err := runPlain(context.Background(), Options{
		Config: steps.Config{URL: demoURL, Email: "alice@contoso.test", Password: "pw", NoSend: true},
		Given:  Given{URL: true, Email: true, Password: true, Username: true, NoSend: true},
	}, c, fd.deps())
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
	c, _ := pipe("")
	rep, err := runPlain(context.Background(), Options{}, c, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
	if err != nil || len(rep.Steps) != 0 {
		t.Errorf("empty input: err %v, %d steps; want a quiet stop", err, len(rep.Steps))
	}
}

func TestPlainCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, _ := pipe("")
	rep, err := runPlain(ctx, Options{}, c, (&fakeDeps{scenarios: []scenario{healthy}}).deps())
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

// A trainer picks a demo row by number; the list is printed on request,
// not before the first question.
func TestPlainDemoPickByNumber(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{healthy}}
	c, out := pipe(lines("l", "2"))
	opts := Options{Demo: &Demo{Accounts: demoAccounts}}
	if _, err := runPlain(context.Background(), opts, c, fd.deps()); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	prompt := strings.Index(text, "Demo account:")
	list := strings.Index(text, " 1. "+demoAccounts[0].Name)
	if prompt < 0 || list < prompt {
		t.Errorf("the list must come only after asking, on request:\n%s", text)
	}
	want := demoAccounts[1]
	if cfg := fd.lastConfig(t); cfg.URL != want.URL || cfg.Email != want.Email || cfg.Password != want.Password {
		t.Errorf("checked %+v, want the answers of row 2 (%s)", cfg, want.Name)
	}
	if strings.Contains(text, tx.PlainPromptEmail) {
		t.Errorf("a chosen demo row answers every question:\n%s", text)
	}
}

// Flags win over a demo row's answers.
func TestPlainDemoRowWithFlags(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{authFailed}}
	c, _ := pipe(lines("healthy")) // then the input ends: no menu choice
	opts := Options{Demo: &Demo{Accounts: demoAccounts},
		Config: steps.Config{Email: "bob@contoso.test", Password: "wrong"}, Given: Given{Email: true, Password: true}}
	if _, err := runPlain(context.Background(), opts, c, fd.deps()); err != nil {
		t.Fatal(err)
	}
	if cfg := fd.lastConfig(t); cfg.Email != "bob@contoso.test" || cfg.Password != "wrong" || cfg.URL != demoURL {
		t.Errorf("checked %+v: the flags' email and password must win, the row gives the URL", cfg)
	}
}

// With standard output redirected, the questions go to the terminal side
// (standard error) and only the results to the file.
func TestPlainQuestionsAndResultsApart(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var questions bytes.Buffer
	c := Console{In: bufio.NewReader(strings.NewReader(lines("pw", "", "n", "3"))), Out: f, Err: &questions}
	opts := Options{Config: steps.Config{URL: demoURL, Email: "alice@contoso.test"}, Given: Given{URL: true, Email: true}}
	if _, err := runPlain(context.Background(), opts, c, (&fakeDeps{scenarios: []scenario{healthy}}).deps()); err != nil {
		t.Fatal(err)
	}
	results, _ := os.ReadFile(f.Name())
	if !strings.Contains(string(results), tx.SuccessTitle) || strings.Contains(string(results), tx.PlainPromptPassword) {
		t.Errorf("the file should hold the results only:\n%s", results)
	}
	if !strings.Contains(questions.String(), tx.PlainPromptPassword) || strings.Contains(questions.String(), tx.SuccessTitle) {
		t.Errorf("the questions should go to the terminal only:\n%s", questions.String())
	}
}

// A test message that failed and was then skipped gives "reading works,
// sending does not", never "Connected".
func TestPlainSkippingAFailedSendIsNotConnected(t *testing.T) {
	fd := &fakeDeps{scenarios: []scenario{sendAsDenied, sendAsDenied}}
	c, out := pipe(lines("", "", "1")) // send, to the email; then the first offer: check without the test message
	opts := Options{Config: steps.Config{URL: demoURL, Email: "sales@contoso.test", Username: `CONTOSO\frank`, Password: "pw"},
		Given: Given{URL: true, Email: true, Username: true, Password: true}}
	rep, err := runPlain(context.Background(), opts, c, fd.deps())
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if rep.Outcome() != steps.OutcomeConnectedNoSend || strings.Contains(text, tx.SuccessTitle) || !strings.Contains(text, tx.PartialTitle) {
		t.Errorf("outcome %v:\n%s", rep.Outcome(), text)
	}
	if strings.Contains(text, tx.OfferRecipientMenu) {
		t.Errorf("changing the recipient cannot fix send-as-denied, yet it is offered:\n%s", text)
	}
}
