package steps

import (
	"context"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
)

// demo starts the simulator and returns a config for its healthy account.
func demo(t *testing.T) (*exchangesim.Server, Config) {
	t.Helper()
	sim, err := exchangesim.Start(exchangesim.Options{SlowDelay: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim, Config{
		URL:      "https://mail.contoso.test/EWS/Exchange.asmx",
		Email:    "alice@contoso.test",
		Password: exchangesim.DemoPassword,
		Network:  exchange.Network{Resolve: sim.Resolve(), Resolver: sim.Resolver(), RootCAs: sim.CAPool(), Timeout: 2 * time.Second},
	}
}

func statuses(rep Report) map[ID]Status {
	out := map[ID]Status{}
	for _, r := range rep.Steps {
		out[r.ID] = r.Status
	}
	return out
}

func TestRunnerHealthyRunPassesEveryStepAndSends(t *testing.T) {
	sim, cfg := demo(t)
	cfg.TestRecipient = "helpdesk@contoso.test"
	rep := NewRunner(cfg).RunAll(context.Background(), nil)
	if !rep.OK() || rep.Problem() != nil {
		t.Fatalf("want ok, got problem %+v", rep.Problem())
	}
	for _, id := range Order {
		want := Pass
		if id == Autodiscover {
			want = Skip // the URL was given
		}
		if got := statuses(rep)[id]; got != want {
			t.Errorf("step %s: %s, want %s", id, got, want)
		}
	}
	if rep.Mailbox != "alice@contoso.test" || rep.SentTo != "helpdesk@contoso.test" || rep.Login != "alice@contoso.test" {
		t.Errorf("mailbox %q, sent to %q, login %q", rep.Mailbox, rep.SentTo, rep.Login)
	}
	sent := sim.Sent()
	if len(sent) != 1 || len(sent[0].Bcc) != 1 || sent[0].Bcc[0] != "helpdesk@contoso.test" {
		t.Errorf("the simulator got %+v, want one message BCC helpdesk@contoso.test", sent)
	}
}

func TestRunnerNoSendSkipsOnlyTheMessage(t *testing.T) {
	sim, cfg := demo(t)
	cfg.NoSend = true
	rep := NewRunner(cfg).RunAll(context.Background(), nil)
	if !rep.OK() {
		t.Fatalf("want ok, got %+v", rep.Problem())
	}
	if got := statuses(rep)[Send]; got != Skip {
		t.Errorf("send: %s, want skip", got)
	}
	if n := len(sim.Sent()); n != 0 {
		t.Errorf("the simulator got %d messages, want none", n)
	}
}

func TestRunnerSkipsEverythingAfterTheFirstFailure(t *testing.T) {
	_, cfg := demo(t)
	cfg.Password = "wrong"
	var seen []ID
	rep := NewRunner(cfg).RunAll(context.Background(), func(r Result) { seen = append(seen, r.ID) })
	if len(seen) != len(Order) {
		t.Errorf("onResult saw %v, want every step", seen)
	}
	if rep.OK() || rep.Problem() == nil || rep.Problem().Code != exchange.CodeAuthFailed {
		t.Fatalf("want auth-failed, got %+v", rep.Problem())
	}
	if rep.Problem().SectionTitle != "Unauthorized" || len(rep.Problem().Fix) == 0 {
		t.Errorf("problem not joined with the catalog: %+v", rep.Problem())
	}
	for _, id := range []ID{Version, Mailbox, Send} {
		if got := statuses(rep)[id]; got != Skip {
			t.Errorf("step %s: %s, want skip", id, got)
		}
	}
	if rep.Suggestions.Username != `CONTOSO\alice` {
		t.Errorf("suggested login %q, want CONTOSO\\alice", rep.Suggestions.Username)
	}
}

func TestRunnerCancelledMarksTheRunInterrupted(t *testing.T) {
	_, cfg := demo(t)
	cfg.URL = "https://slow.contoso.test/EWS/Exchange.asmx"
	cfg.Network.Timeout = 10 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	r := NewRunner(cfg)
	for r.Current() != Endpoint {
		if res := r.Next(ctx); res.Status != Pass && res.ID != Autodiscover {
			t.Fatalf("step %s: %s %+v", res.ID, res.Status, res.Problem)
		}
	}
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	rep := r.RunAll(ctx, nil)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("cancel took %v to stop the slow step", took)
	}
	if !rep.Interrupted || rep.OK() || rep.Problem() != nil {
		t.Errorf("want interrupted without a problem, got interrupted=%v ok=%v problem=%+v", rep.Interrupted, rep.OK(), rep.Problem())
	}
}

func TestCheckURLForm(t *testing.T) {
	const ews = "https://mail.contoso.test/EWS/Exchange.asmx"
	for _, tt := range []struct {
		typed      string
		use        string
		code       exchange.Code
		suggestion string
		email      bool
	}{
		{typed: ews, use: ews},
		{typed: "https://mail.contoso.test/ews/exchange.asmx", use: "https://mail.contoso.test/ews/exchange.asmx"},
		{typed: "mail.contoso.test", use: ews},
		{typed: "mail.contoso.test:444", use: "https://mail.contoso.test:444/EWS/Exchange.asmx"},
		{typed: "https://mail.contoso.test", use: ews},
		{typed: "https://mail.contoso.test/", use: ews},
		{typed: "https://mail.contoso.test/owa/", code: exchange.CodeURLOWA, suggestion: ews},
		{typed: "http://mail.contoso.test/EWS/Exchange.asmx", code: exchange.CodeURLNotHTTPS, suggestion: ews},
		{typed: "alice@contoso.test", code: exchange.CodeURLMalformed, email: true},
		{typed: "https://alice:pw@mail.contoso.test/EWS/Exchange.asmx", code: exchange.CodeURLMalformed, suggestion: ews},
	} {
		f := CheckURLForm(tt.typed)
		code := exchange.Code("")
		if f.Problem != nil {
			code = f.Problem.Code
		}
		if f.Use != tt.use || code != tt.code || f.Suggestion != tt.suggestion || f.Email != tt.email {
			t.Errorf("%q: use %q, problem %q, suggestion %q, email %v; want %q, %q, %q, %v",
				tt.typed, f.Use, code, f.Suggestion, f.Email, tt.use, tt.code, tt.suggestion, tt.email)
		}
	}
}

// The address field's problem comes in the wizard's language.
func TestCheckURLFormIn(t *testing.T) {
	f := CheckURLFormIn(i18n.PL, "http://mail.contoso.test/EWS/Exchange.asmx")
	if f.Problem == nil {
		t.Fatal("no problem for an http:// address")
	}
	want := LookupIn(i18n.PL, exchange.CodeURLNotHTTPS)
	if f.Problem.Title != want.Title || f.Problem.SectionTitle != SectionTitleIn(i18n.PL, SectionInvalidURL) {
		t.Errorf("got %q (%q), want the Polish %q", f.Problem.Title, f.Problem.SectionTitle, want.Title)
	}
	if en := CheckURLForm("http://mail.contoso.test/EWS/Exchange.asmx"); en.Problem.Title != Lookup(exchange.CodeURLNotHTTPS).Title {
		t.Errorf("CheckURLForm: %q, want English", en.Problem.Title)
	}
}

// A bare server name given to check is completed, and the URL step says so.
func TestBareHostIsCompleted(t *testing.T) {
	_, cfg := demo(t)
	cfg.URL, cfg.NoSend = "mail.contoso.test", true
	rep := NewRunner(cfg).RunAll(context.Background(), nil)
	if !rep.OK() || rep.URL != "https://mail.contoso.test/EWS/Exchange.asmx" {
		t.Fatalf("ok %v, url %q, problem %+v", rep.OK(), rep.URL, rep.Problem())
	}
	if s := rep.Steps[1].Summary; !strings.Contains(s, "completed from mail.contoso.test") {
		t.Errorf("url step summary %q does not say it was completed", s)
	}
}

// An Exchange Online address passes the URL step with a warning (it takes
// no password for EWS and EWS is being retired there), without touching
// the network: the URL step is pure.
func TestExchangeOnlineURLWarns(t *testing.T) {
	r := NewRunner(Config{URL: "https://outlook.office365.com/EWS/Exchange.asmx", Email: "a@contoso.com"})
	defer r.Close()
	if res := r.Next(context.Background()); res.ID != Autodiscover || res.Status != Skip {
		t.Fatalf("with a URL, autodiscover should be skipped: %+v", res)
	}
	res := r.Next(context.Background())
	if res.ID != URL || res.Status != Warn || !strings.Contains(res.Note, "OAuth") || !strings.Contains(res.Note, "1 October 2026") {
		t.Errorf("got %+v, want a warning about OAuth and the 1 October 2026 block", res)
	}
}

// EWS turned off for carol: the sign-in is accepted (step auth passes) and
// the 403 is reported by the step that needed the first EWS answer.
func TestRunnerEWSDisabledPassesSignInAndFailsVersion(t *testing.T) {
	_, cfg := demo(t)
	cfg.Email = "carol@contoso.test"
	rep := NewRunner(cfg).RunAll(context.Background(), nil)
	st := statuses(rep)
	if st[Auth] != Pass || st[Version] != Fail {
		t.Fatalf("auth %s, version %s; want pass, then fail", st[Auth], st[Version])
	}
	for _, r := range rep.Steps {
		if r.ID == Auth && r.Summary != "signed in as carol@contoso.test (NTLM)" {
			t.Errorf("auth summary %q", r.Summary)
		}
	}
	if rep.Problem() == nil || rep.Problem().Code != exchange.CodeEWSDisabled ||
		!strings.Contains(rep.Problem().Detail, "HTTP 403 Forbidden to GetFolder after signing in as carol@contoso.test (NTLM)") {
		t.Errorf("problem %+v", rep.Problem())
	}
	if rep.Login != "carol@contoso.test" {
		t.Errorf("login %q, want the accepted carol@contoso.test", rep.Login)
	}
}

// The recipient's part in a failed test message reaches the steps' problem.
func TestRunnerCarriesRecipientAtFault(t *testing.T) {
	_, cfg := demo(t)
	for _, tt := range []struct {
		email, recipient string
		atFault          bool
	}{
		{"alice@contoso.test", "helpdesk-at-contoso", true},
		{"grace@contoso.test", "", false},
	} {
		cfg.Email, cfg.TestRecipient = tt.email, tt.recipient
		rep := NewRunner(cfg).RunAll(context.Background(), nil)
		if rep.Problem() == nil || rep.Problem().Code != exchange.CodeSendFailed || rep.Problem().RecipientAtFault != tt.atFault {
			t.Errorf("%s to %q: got %+v, want send-failed with RecipientAtFault %v", tt.email, tt.recipient, rep.Problem(), tt.atFault)
		}
	}
}

// A discovery the wizard ran on its own reports the proxy it went through,
// as a full run does: help desks read the report's proxy line.
func TestDiscoveryFailedNamesTheProxy(t *testing.T) {
	p, err := proxy.New("http://user:secret@proxy.contoso.test:3128", proxy.SourceFlag)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Email: "alice@contoso.test", Network: exchange.Network{Proxy: p}}
	rep := DiscoveryFailed(cfg, autodiscover.Result{Email: cfg.Email}, &Problem{Code: exchange.CodeProxyFailed}, 0)
	if rep.Proxy != "http://proxy.contoso.test:3128" {
		t.Errorf("proxy %q, want the proxy's URL without its user info", rep.Proxy)
	}
	if rep.Steps[0].Status != Fail || rep.Problem().Code != exchange.CodeProxyFailed {
		t.Errorf("steps %+v", rep.Steps)
	}
}

// A run in Polish says what each step saw, and why one was not run, in
// Polish: the summaries and notes come from the run's language.
func TestRunInPolishSaysWhatItSawInPolish(t *testing.T) {
	_, cfg := demo(t)
	cfg.Lang = i18n.PL
	rep := NewRunner(cfg).RunAll(context.Background(), nil)
	if !rep.OK() {
		t.Fatalf("healthy run failed: %+v", rep.Problem())
	}
	want := map[ID]string{
		Autodiscover: "nie uruchomiono: podano adres URL usług EWS",
		DNS:          "przypisany, bez zapytania DNS",
		Connect:      "połączono z ",
		TLS:          "certyfikat dla mail.contoso.test, ważny do ",
		Endpoint:     "usługa EWS odpowiada; oferuje NTLM",
		Auth:         "zalogowano jako alice@contoso.test (NTLM)",
		Send:         "wysłano z alice@contoso.test, UDW alice@contoso.test",
	}
	for _, res := range rep.Steps {
		if w, ok := want[res.ID]; ok && !strings.Contains(res.Summary+res.Note, w) {
			t.Errorf("%s: %q, want %q", res.ID, res.Summary+res.Note, w)
		}
	}

	cfg.Password = "wrong"
	rep = NewRunner(cfg).RunAll(context.Background(), nil)
	if p := rep.Problem(); p == nil || p.Title != "Serwer nie przyjął logowania" {
		t.Fatalf("problem %+v, want auth-failed in Polish", p)
	}
	for _, res := range rep.Steps[len(rep.Steps)-3:] {
		if res.Note != "nie uruchomiono: wcześniejszy krok zakończył się błędem" {
			t.Errorf("%s: note %q", res.ID, res.Note)
		}
	}
}

// The certificate's days left follow Polish plural rules.
func TestCertificateExpiryInPolishPlurals(t *testing.T) {
	for n, want := range map[int]string{1: "za 1 dzień", 2: "za 2 dni", 5: "za 5 dni", 22: "za 22 dni"} {
		if got := i18n.N(i18n.PL, "warning.certificate-expires", n); !strings.Contains(got, want) {
			t.Errorf("%d days: %q, want %q", n, got, want)
		}
	}
	if got := i18n.N(i18n.EN, "warning.certificate-expires", 1); got != "the certificate expires in 1 day: ask your IT department to renew it" {
		t.Errorf("English, 1 day: %q", got)
	}
}
