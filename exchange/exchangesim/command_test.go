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
	"sync"
	"testing"
	"time"

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
	var buf lockedBuffer
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
	// The table and the command lines fit a trainer's 100-column screen
	// (the CA file's path aside, which is the machine's).
	for _, line := range strings.Split(strings.ReplaceAll(out, caFile, "CA"), "\n") {
		if len([]rune(line)) > 100 {
			t.Errorf("line wider than 100 columns: %q", line)
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

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
