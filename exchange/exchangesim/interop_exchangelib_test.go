package exchangesim

import (
	"context"
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// exchangelibScript logs in with exchangelib, reads the inbox and sends
// two messages; it prints one JSON object.
//
//go:embed testdata/exchangelib_interop.py
var exchangelibScript []byte

// needExchangelib returns a Python that can import exchangelib (Debian's
// python3-exchangelib lives under /usr/bin/python3, which is not always
// the first python3 on PATH). exchangelib is an independent EWS client,
// so in CI (CI set) a missing one fails the test; elsewhere it skips.
func needExchangelib(t *testing.T) string {
	t.Helper()
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, py := range candidates {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		err := exec.CommandContext(ctx, py, "-c", "import exchangelib").Run()
		cancel()
		if err == nil {
			return py
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("no python3 (tried %v) can import exchangelib; the EWS interop test needs it in CI (apt-get install -y python3-exchangelib)", candidates)
	}
	t.Skip("exchangelib is not installed (apt-get install -y python3-exchangelib; set CI to make this a failure)")
	return ""
}

// exchangelibResult is the script's output.
type exchangelibResult struct {
	Build      string   `json:"build"`
	APIVersion string   `json:"api_version"`
	InboxName  string   `json:"inbox_name"`
	InboxTotal int      `json:"inbox_total"`
	InboxFirst []string `json:"inbox_first"`
	Sent       bool     `json:"sent"`
	Error      string   `json:"error"`
	Message    string   `json:"message"`
}

func TestExchangelibInterop(t *testing.T) {
	py := needExchangelib(t)
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	s, err := Start(Options{CAFile: caFile, SlowDelay: 300 * time.Millisecond})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	script := filepath.Join(dir, "exchangelib_interop.py")
	if err := os.WriteFile(script, exchangelibScript, 0o644); err != nil {
		t.Fatal(err)
	}

	// The inbox count as the simulator reports it to any EWS client.
	_, body := soapCall(t, ntlmClient(s), "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2016", getInbox))
	count := parseXML(t, body).find(nsTypes, "TotalCount")
	if count == nil {
		t.Fatalf("no TotalCount in GetFolder answer:\n%s", body)
	}
	wantTotal, _ := strconv.Atoi(count.Text)

	run := func(t *testing.T, login, password, subject string, options ...string) exchangelibResult {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, py, append([]string{script, s.Addr(), login, password, subject}, options...)...)
		cmd.Dir = dir
		cmd.Env = append(withoutProxies(os.Environ()),
			"REQUESTS_CA_BUNDLE="+caFile, "NO_PROXY=*", "no_proxy=*", "PYTHONDONTWRITEBYTECODE=1")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", py, script, err, out, stderr.String())
		}
		var res exchangelibResult
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("script output is not JSON (%v):\n%s\nstderr:\n%s", err, out, stderr.String())
		}
		return res
	}

	signIns := []struct {
		name, host, login string
		release           release
	}{
		{`CONTOSO\alice`, "mail.contoso.test", `CONTOSO\alice`, exchange2019CU14},
		{"alice@contoso.test", "mail.contoso.test", "alice@contoso.test", exchange2019CU14},
		// Extended Protection: the sign-in must carry a channel binding
		// to exse's certificate, which requests_ntlm computes itself.
		{`extended protection, CONTOSO\alice`, "exse.contoso.test", `CONTOSO\alice`, exchangeSE},
	}
	for _, tt := range signIns {
		t.Run(tt.name, func(t *testing.T) {
			login := tt.login
			subject := "exchangelib interop as " + tt.name
			res := run(t, login, DemoPassword, subject, "--host", tt.host)
			if res.Error != "" {
				t.Fatalf("exchangelib failed: %s: %s", res.Error, res.Message)
			}
			// exchangelib guesses Exchange2019 first (refused: not in the
			// schema), then Exchange2016, and keeps the build from the header.
			if res.Build != tt.release.buildString() || res.APIVersion != "Exchange2016" {
				t.Errorf("version: build %s API %s, want %s Exchange2016", res.Build, res.APIVersion, tt.release.buildString())
			}
			if res.InboxName != "Inbox" || res.InboxTotal != wantTotal {
				t.Errorf("inbox %q total %d, want Inbox %d", res.InboxName, res.InboxTotal, wantTotal)
			}
			if len(res.InboxFirst) != 5 || slices.Contains(res.InboxFirst, "") {
				t.Errorf("inbox.all()[:5] subjects = %q, want 5", res.InboxFirst)
			}
			if !res.Sent {
				t.Fatal("the script did not report sending")
			}

			var sendOnly, saved *Message
			for _, m := range s.Sent() {
				switch m.Subject {
				case subject:
					sendOnly = &m
				case subject + " (saved)":
					saved = &m
				}
			}
			if sendOnly == nil || saved == nil {
				t.Fatalf("Sent() lacks the messages (send %v, send_and_save %v): %+v", sendOnly != nil, saved != nil, s.Sent())
			}
			if !slices.Equal(sendOnly.Bcc, []string{"helpdesk@contoso.test"}) || len(sendOnly.To) != 0 {
				t.Errorf("send(): To %q Bcc %q, want Bcc helpdesk@contoso.test only", sendOnly.To, sendOnly.Bcc)
			}
			if !slices.Equal(saved.To, []string{"bob@contoso.test"}) {
				t.Errorf("send_and_save(): To %q, want bob@contoso.test", saved.To)
			}
			for _, m := range []*Message{sendOnly, saved} {
				if m.Login != login || m.From != "alice@contoso.test" || m.Host != tt.host {
					t.Errorf("%q: login %q from %q host %q", m.Subject, m.Login, m.From, m.Host)
				}
			}
		})
	}

	refusals := []struct {
		name, host, password string
		options              []string
	}{
		{"wrong password", "mail.contoso.test", wrongPassword, nil},
		{"extended protection, wrong password", "exse.contoso.test", wrongPassword, nil},
		// The right password without a binding is refused: what makes the
		// sign-in above work is exchangelib's channel binding.
		{"extended protection, no channel binding", "exse.contoso.test", DemoPassword, []string{"--no-channel-binding"}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			subject := "exchangelib interop, " + tt.name
			res := run(t, `CONTOSO\alice`, tt.password, subject, append([]string{"--host", tt.host}, tt.options...)...)
			if res.Error != "UnauthorizedError" {
				t.Errorf("error %q (%s), want UnauthorizedError", res.Error, res.Message)
			}
			for _, m := range s.Sent() {
				if strings.HasPrefix(m.Subject, subject) {
					t.Errorf("a message was sent without a valid sign-in: %+v", m)
				}
			}
		})
	}
}

// withoutProxies drops proxy settings so that Python's requests connects
// to the loopback simulator directly.
func withoutProxies(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasSuffix(strings.ToLower(name), "_proxy") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// exchangelib, an independent client, finds the EWS URL by POX
// autodiscover against the simulator, then uses it. The script points
// only DNS and the ports 443/80 at the simulator (see the script's
// docstring); every candidate, redirect and SRV lookup is exchangelib's own.
func TestExchangelibAutodiscover(t *testing.T) {
	py := needExchangelib(t)
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	s, err := Start(Options{CAFile: caFile})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	script := filepath.Join(dir, "exchangelib_interop.py")
	if err := os.WriteFile(script, exchangelibScript, 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, email, login     string
		wantURL, wantSMTP      string
		wantError              string
		wantQuery, signInsHost string
	}{
		{"autodiscover.D", "alice@contoso.test", "alice@contoso.test", contosoEWS, "alice@contoso.test", "",
			"A autodiscover.contoso.test", "autodiscover.contoso.test"},
		{"DNS SRV", "alice@northwind.test", "alice@northwind.test", "https://mail.northwind.test/EWS/Exchange.asmx", "alice@northwind.test", "",
			"SRV _autodiscover._tcp.northwind.test", "mail.northwind.test"},
		{"HTTP redirect past a shared web host", "alice@tailspin.test", "alice@tailspin.test", "https://mail.tailspin.test/EWS/Exchange.asmx", "alice@tailspin.test", "",
			"A autodiscover.tailspin.test", "mail.tailspin.test"},
		{"redirectAddr", "alice@sales.contoso.test", "alice@sales.contoso.test", contosoEWS, "alice@contoso.test", "",
			"A autodiscover.sales.contoso.test", "autodiscover.sales.contoso.test"},
		{"no such mailbox: error 500", "nobody@contoso.test", "alice@contoso.test", "", "", "ErrorNonExistentMailbox",
			"A autodiscover.contoso.test", "autodiscover.contoso.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.HostStats(tt.signInsHost).SignIns
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			subject := "exchangelib autodiscover, " + tt.name
			cmd := exec.CommandContext(ctx, py, script, s.Addr(), tt.login, DemoPassword, subject,
				"--autodiscover", tt.email, "--dns", s.DNSAddr())
			cmd.Dir = dir
			// TMPDIR: exchangelib keeps an autodiscover cache file in the
			// temp folder; each run starts without one.
			cmd.Env = append(withoutProxies(os.Environ()), "REQUESTS_CA_BUNDLE="+caFile, "NO_PROXY=*", "no_proxy=*",
				"PYTHONDONTWRITEBYTECODE=1", "TMPDIR="+t.TempDir())
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, out, stderr.String())
			}
			var res struct {
				exchangelibResult
				EWSURL string `json:"ews_url"`
				SMTP   string `json:"smtp"`
			}
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("script output is not JSON (%v):\n%s\nstderr:\n%s", err, out, stderr.String())
			}
			if res.Error != tt.wantError {
				t.Fatalf("error %q (%s), want %q", res.Error, res.Message, tt.wantError)
			}
			if got := s.HostStats(tt.signInsHost).SignIns; got <= before {
				t.Errorf("no sign-in at %s", tt.signInsHost)
			}
			queries := s.DNSQueries()
			if !slices.Contains(queries, tt.wantQuery) {
				t.Errorf("exchangelib did not ask %q; asked %q", tt.wantQuery, queries)
			}
			for _, q := range queries {
				if strings.HasSuffix(q, " autodiscover.test") {
					t.Errorf("exchangelib asked for autodiscover.<TLD>: %q", q)
				}
			}
			if st := s.Stats(); st.PlainAuthorization != 0 {
				t.Errorf("credentials over plain HTTP: %+v", st)
			}
			if tt.wantError != "" {
				return
			}
			if res.EWSURL != tt.wantURL || res.SMTP != tt.wantSMTP {
				t.Errorf("found %s for %s, want %s for %s", res.EWSURL, res.SMTP, tt.wantURL, tt.wantSMTP)
			}
			if res.InboxName != "Inbox" || !res.Sent {
				t.Errorf("after autodiscover: inbox %q, sent %v", res.InboxName, res.Sent)
			}
			var sent bool
			for _, m := range s.Sent() {
				if m.Subject == subject && m.Host == hostOf(tt.wantURL) && m.From == tt.wantSMTP {
					sent = true
				}
			}
			if !sent {
				t.Errorf("no message %q through %s from %s: %+v", subject, hostOf(tt.wantURL), tt.wantSMTP, s.Sent())
			}
		})
	}
}
