package exchangesim

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"ewsconnect/i18n"
	"ewsconnect/internal/lockedbuf"

	"github.com/Azure/go-ntlmssp"
	"github.com/miekg/dns"
)

// runCommand starts ServeCommand and returns its stdout lines as they
// come, a cancel func, and a channel with the exit status.
func runCommand(t *testing.T, args ...string) (lines <-chan string, stop func(), exit <-chan int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	out := make(chan string, 100)
	done := make(chan int, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			out <- sc.Text()
		}
		close(out)
	}()
	go func() {
		code := ServeCommand(ctx, args, pw, io.Discard)
		pw.Close()
		done <- code
	}()
	t.Cleanup(cancel)
	return out, cancel, done
}

func nextLine(t *testing.T, lines <-chan string) string {
	t.Helper()
	select {
	case l, ok := <-lines:
		if !ok {
			t.Fatal("output ended")
		}
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("no output within 10s")
	}
	return ""
}

func TestServeCommandJSON(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	lines, stop, exit := runCommand(t, "--json", "--ca-file", caFile)

	var info struct {
		Addr      string     `json:"addr"`
		DNS       string     `json:"dns"`
		CAFile    string     `json:"ca_file"`
		Domain    string     `json:"domain"`
		Scenarios []Scenario `json:"scenarios"`
	}
	first := nextLine(t, lines)
	if err := json.Unmarshal([]byte(first), &info); err != nil {
		t.Fatalf("first line is not the JSON object: %v\n%s", err, first)
	}
	if info.CAFile != caFile || info.Domain != "contoso.test" || !strings.HasPrefix(info.Addr, "127.0.0.1:") || len(info.Scenarios) < 17 {
		t.Errorf("got %+v", info)
	}
	if info.Scenarios[0].Name != "healthy" {
		t.Errorf("first scenario %q", info.Scenarios[0].Name)
	}
	// The DNS address answers, and the autodiscover rows carry their args.
	_, port, _ := net.SplitHostPort(info.Addr)
	if !strings.HasPrefix(info.DNS, "127.0.0.1:") {
		t.Errorf("dns %q", info.DNS)
	}
	q := new(dns.Msg)
	q.SetQuestion("autodiscover.contoso.test.", dns.TypeA)
	if in, err := dns.Exchange(q, info.DNS); err != nil || len(in.Answer) != 1 {
		t.Errorf("the JSON's dns %s does not answer: %v %v", info.DNS, in, err)
	}
	var autodiscoverRows int
	for _, sc := range info.Scenarios {
		if !sc.Autodiscover {
			continue
		}
		autodiscoverRows++
		want := []string{"--connect-to", ":443::" + port, "--connect-to", ":80::" + port}
		if sc.Host != "" || len(sc.Args) < 4 || !slices.Equal(sc.Args[:4], want) {
			t.Errorf("%s: host %q args %q, want no host and args starting %q", sc.Name, sc.Host, sc.Args, want)
		}
		if sc.Name == "autodiscover-redirect-allowed" && !slices.Equal(sc.Args[4:], []string{"--allow-redirect", "hostedmail.test"}) {
			t.Errorf("%s: args %q", sc.Name, sc.Args)
		}
	}
	if autodiscoverRows < 13 {
		t.Errorf("%d autodiscover rows", autodiscoverRows)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil || !bytes.Contains(pem, []byte("BEGIN CERTIFICATE")) {
		t.Errorf("CA file: %v %q", err, pem)
	}

	// A test message sent to it is reported as a JSON line.
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	c := &http.Client{Transport: ntlmssp.Negotiator{RoundTripper: transportTo(info.Addr, roots)}}
	status, body := soapCall(t, c, "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", sendTest("", "alice@contoso.test")))
	if status != 200 {
		t.Fatalf("send through the command's server: %d %s", status, body)
	}
	var event map[string]any
	line := nextLine(t, lines)
	if err := json.Unmarshal([]byte(line), &event); err != nil || event["event"] != "message" || event["subject"] != "Connection test" {
		t.Errorf("message line %q", line)
	}

	stop()
	if code := <-exit; code != 0 {
		t.Errorf("exit %d after cancel, want 0", code)
	}
}

func TestServeCommandText(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	var buf lockedbuf.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- ServeCommand(ctx, []string{"--ca-file", caFile, "--latency", "1ms"}, &buf, io.Discard) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(buf.String(), "Serving until interrupted") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	out := buf.String()
	for _, want := range []string{"127.0.0.1:", caFile, DemoPassword, "healthy", "mail.contoso.test", "send-as-denied", `login CONTOSO\frank`,
		"--dns-server 127.0.0.1:", "(autodiscover)          alice@northwind.test", "args --allow-redirect hostedmail.test;",
		"ewsconnect check \\\n      --url https://mail.contoso.test:", "--resolve mail.contoso.test:127.0.0.1\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	checkWidth(t, out, caFile)
}

// checkWidth fails for a line of out wider than a trainer's 100-column
// screen (the CA file's path aside, which is the machine's), counting
// display columns, not bytes.
func checkWidth(t *testing.T, out, caFile string) {
	t.Helper()
	for _, line := range strings.Split(strings.ReplaceAll(out, caFile, "CA"), "\n") {
		if utf8.RuneCountInString(line) > tableWidth {
			t.Errorf("line wider than %d columns: %q", tableWidth, line)
		}
	}
}

// serveText runs demo-server with args until it says it is serving, in
// the language of lang, and returns its stdout.
func serveText(t *testing.T, lang i18n.Lang, args ...string) string {
	t.Helper()
	var buf lockedbuf.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- ServeCommand(ctx, args, &buf, io.Discard) }()
	serving := i18n.T(lang, "demo.server.serving")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(buf.String(), serving) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	return buf.String()
}

// With --lang pl every text demo-server writes is Polish: the banner, the
// table's headings and each row's about text, the instructions; the
// values (addresses, rows' names, codes, commands) are the same.
func TestServeCommandPolish(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	out := serveText(t, i18n.PL, "--lang", "pl", "--ca-file", caFile)
	words := strings.Join(strings.Fields(out), " ") // the about texts wrap
	for _, want := range []string{"127.0.0.1:", caFile, DemoPassword, "mail.contoso.test", `CONTOSO\frank`,
		"SCENARIUSZ", "OCZEKIWANY KOD", "ADRES E-MAIL", "serwer demonstracyjny ewsconnect", "nasłuchuje",
		"hasło         " + DemoPassword, "logowanie jako CONTOSO\\frank;", "argumenty --allow-redirect hostedmail.test;",
		"(Autodiscover)          alice@northwind.test", "Serwer działa do przerwania (Ctrl+C)",
		"ewsconnect check \\\n      --url https://mail.contoso.test:", "--resolve mail.contoso.test:127.0.0.1\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, row := range scenarioRows {
		about := i18n.T(i18n.PL, "demo.about."+row.Name)
		if about == row.About || !strings.Contains(words, strings.Join(strings.Fields(about), " ")) {
			t.Errorf("%s: the Polish about text %q is not in the output", row.Name, about)
		}
		if strings.Contains(words, row.About) {
			t.Errorf("%s: the English about text is in the Polish output", row.Name)
		}
	}
	for _, english := range []string{"a simulated Exchange organisation", "listening on", "for every demo account",
		"as the proxy rows' args do", "opens tunnels", "SCENARIO ", "EXPECT", "EMAIL", "Run a row", "For another row",
		"An autodiscover row has no URL", "adding the row's own arguments", "Or with curl", "Serving until interrupted",
		"(autodiscover)", "args --", "login CONTOSO"} {
		if strings.Contains(out, english) {
			t.Errorf("the Polish output has the English %q", english)
		}
	}
	checkWidth(t, out, caFile)
}

// The table is 100 columns wide in every language, its about texts
// wrapped by columns (runes), not bytes: a Polish line is not cut short.
func TestTableWidthInEveryLanguage(t *testing.T) {
	srv := startServer(t)
	for _, l := range i18n.Supported {
		var b bytes.Buffer
		printTable(&b, l, srv.Scenarios(true), len(srv.ConnectArgs()))
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) < 2*len(scenarioRows)+1 {
			t.Errorf("%s: %d lines for %d rows", l, len(lines), len(scenarioRows))
		}
		for _, line := range lines {
			if n := utf8.RuneCountInString(line); n > tableWidth {
				t.Errorf("%s: %d columns: %q", l, n, line)
			}
		}
	}
	// 96 columns of Polish are one line, though more than 96 bytes.
	text := strings.Repeat("żółć ", 18) + "ąęśćźż"
	if got := wrapWords(text, 96); len(got) != 1 || utf8.RuneCountInString(got[0]) != 96 {
		t.Errorf("wrapWords cut a line of 96 columns: %q", got)
	}
	if got := wrapWords(text+" x", 96); len(got) != 2 || got[1] != "x" {
		t.Errorf("wrapWords did not wrap at 96 columns: %q", got)
	}
}

// --help is in the --lang given before or after it, and lists every flag.
func TestServeCommandHelp(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want i18n.Lang
	}{
		{[]string{"--help"}, i18n.EN},
		{[]string{"--lang", "pl", "--help"}, i18n.PL},
		{[]string{"--help", "--lang=pl"}, i18n.PL},
		{[]string{"--lang", "de", "--help"}, i18n.EN},
	} {
		var stdout, stderr bytes.Buffer
		if code := ServeCommand(context.Background(), tt.args, &stdout, &stderr); code != 0 || stdout.String() != Usage(tt.want) || stderr.Len() > 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want the %s usage", tt.args, code, stdout.String(), stderr.String(), tt.want)
		}
	}
	for _, l := range i18n.Supported {
		for _, flag := range []string{"--listen ", "--json ", "--ca-file ", "--slow-delay ", "--latency ", "--lang en|pl "} {
			if !strings.Contains(Usage(l), flag) {
				t.Errorf("%s: the usage lacks %s", l, flag)
			}
		}
	}
}

// A usage error is one line saying what, in the --lang given, and where
// the help is; an unknown --lang is one, in English.
func TestServeCommandUsageErrorsInTheLanguage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "de"}, "ewsconnect demo-server: invalid value \"de\" for flag --lang: want en|pl\nRun 'ewsconnect demo-server --help' for usage.\n"},
		{[]string{"--lang"}, "ewsconnect demo-server: flag needs an argument: --lang\nRun 'ewsconnect demo-server --help' for usage.\n"},
		{[]string{"--nope"}, "ewsconnect demo-server: unknown flag --nope\nRun 'ewsconnect demo-server --help' for usage.\n"},
		{[]string{"--slow-delay", "soon"}, "ewsconnect demo-server: invalid value \"soon\" for flag --slow-delay: parse error\nRun 'ewsconnect demo-server --help' for usage.\n"},
		{[]string{"extra"}, "ewsconnect demo-server: unexpected argument \"extra\"\nRun 'ewsconnect demo-server --help' for usage.\n"},
		{[]string{"--lang", "pl", "--nope"}, "ewsconnect demo-server: nie ma takiej opcji: --nope\nUruchom 'ewsconnect demo-server --help', aby zobaczyć sposób użycia.\n"},
		{[]string{"--lang=pl_PL.UTF-8", "--latency", "-1s"}, "ewsconnect demo-server: wartość --latency nie może być ujemna\nUruchom 'ewsconnect demo-server --help', aby zobaczyć sposób użycia.\n"},
		{[]string{"--slow-delay", "soon", "--lang", "pl"}, "ewsconnect demo-server: nieprawidłowa wartość \"soon\" opcji --slow-delay: błąd składni\nUruchom 'ewsconnect demo-server --help', aby zobaczyć sposób użycia.\n"},
	} {
		var stdout, stderr bytes.Buffer
		if code := ServeCommand(context.Background(), tt.args, &stdout, &stderr); code != 2 || stderr.String() != tt.want || stdout.Len() > 0 {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tt.args, code, stderr.String(), tt.want)
		}
	}
}

// A received test message is one line in the language; English as it was.
func TestPrintMessageInTheLanguage(t *testing.T) {
	m := Message{Host: "mail.contoso.test", Login: `CONTOSO\alice`, From: "alice@contoso.test", Subject: "Connection test",
		Time: time.Date(2026, 11, 28, 9, 5, 7, 0, time.UTC)}
	for _, tt := range []struct {
		lang i18n.Lang
		bcc  []string
		want string
	}{
		{i18n.EN, nil, `09:05:07  test message via mail.contoso.test, signed in as CONTOSO\alice: from alice@contoso.test, BCC (none), subject "Connection test"` + "\n"},
		{i18n.EN, []string{"a@x.test", "b@x.test"}, `09:05:07  test message via mail.contoso.test, signed in as CONTOSO\alice: from alice@contoso.test, BCC a@x.test, b@x.test, subject "Connection test"` + "\n"},
		{i18n.PL, nil, `09:05:07  wiadomość testowa przez mail.contoso.test, zalogowano jako CONTOSO\alice: od alice@contoso.test, UDW (brak), temat "Connection test"` + "\n"},
	} {
		var b bytes.Buffer
		m.Bcc = tt.bcc
		printMessage(&b, tt.lang, m, false)
		if b.String() != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, b.String(), tt.want)
		}
	}
}

func TestServeCommandBadUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"--nope"}},
		{"stray argument", []string{"extra"}},
		{"non-loopback listen address", []string{"--listen", "0.0.0.0:0", "--ca-file", ""}},
		{"bad duration", []string{"--slow-delay", "soon"}},
		{"bad latency", []string{"--latency", "fast"}},
		{"negative latency", []string{"--latency", "-1s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := ServeCommand(context.Background(), tt.args, io.Discard, &stderr); code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr.String())
			}
		})
	}
}
