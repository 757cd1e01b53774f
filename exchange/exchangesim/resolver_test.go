package exchangesim

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
)

func TestResolver(t *testing.T) {
	s := startServer(t)
	r := s.Resolver()
	tests := []struct {
		name     string
		host     string
		wantAddr string // "" = not found
	}{
		{"demo host", "mail.contoso.test", "127.0.0.1"},
		{"demo host, upper case with trailing dot", "MAIL.contoso.test.", "127.0.0.1"},
		{"closed-port host resolves", "down.contoso.test", "127.0.0.1"},
		{"unresolvable demo host", "nohost.contoso.test", ""},
		{"unknown name in the demo domain", "typo.contoso.test", ""},
		{"name outside the demo domain", "example.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addrs, err := r.LookupHost(context.Background(), tt.host)
			if tt.wantAddr != "" {
				if err != nil || len(addrs) != 1 || addrs[0] != tt.wantAddr {
					t.Errorf("got %v, %v; want [%s]", addrs, err, tt.wantAddr)
				}
				return
			}
			var dnsErr *net.DNSError
			if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
				t.Errorf("got %v, %v; want *net.DNSError{IsNotFound: true}", addrs, err)
			}
		})
	}
}

func TestResolveMap(t *testing.T) {
	s := startServer(t)
	m := s.Resolve()
	if m["mail.contoso.test"] != s.Addr() || m["exse.contoso.test"] != s.Addr() {
		t.Errorf("demo hosts must map to %s: %v", s.Addr(), m)
	}
	if _, ok := m["nohost.contoso.test"]; ok {
		t.Error("the unresolvable host must not be in Resolve()")
	}
	conn, err := net.Dial("tcp", m["down.contoso.test"])
	if err == nil {
		conn.Close()
		t.Errorf("%s accepted a connection; the port-closed host must refuse", m["down.contoso.test"])
	}
}

func TestScenarios(t *testing.T) {
	s := startServer(t)
	_, port, _ := net.SplitHostPort(s.Addr())
	rows := s.Scenarios(true)
	if rows[0].Name != "healthy" || rows[0].Host != "mail.contoso.test" || rows[0].Email != "alice@contoso.test" || rows[0].Expect != "ok" {
		t.Errorf("first row %+v, want the contract's healthy row", rows[0])
	}
	seen := map[string]bool{}
	for _, sc := range rows {
		if seen[sc.Name] {
			t.Errorf("duplicate scenario %s", sc.Name)
		}
		seen[sc.Name] = true
		if sc.About == "" || sc.Password == "" || sc.Email == "" || sc.Expect == "" {
			t.Errorf("%s: incomplete row %+v", sc.Name, sc)
		}
		if sc.Autodiscover {
			if sc.Host != "" || sc.URL != "" {
				t.Errorf("%s: an autodiscover row has host %q url %q, want neither", sc.Name, sc.Host, sc.URL)
			}
			if !slices.Equal(sc.Args[:4], s.ConnectArgs()) || !slices.Equal(sc.Args[:4], []string{"--connect-to", ":443::" + port, "--connect-to", ":80::" + port}) {
				t.Errorf("%s: withPort args %q, want the --connect-to pairs for port %s first", sc.Name, sc.Args, port)
			}
			continue
		}
		if !strings.HasSuffix(sc.Host, ".contoso.test") {
			t.Errorf("%s: host %q outside the demo domain", sc.Name, sc.Host)
		}
		switch {
		case sc.Proxy != "":
			// Through a demo proxy: --proxy, and the --resolve that finds
			// the proxy's own listener.
			name := strings.TrimSuffix(strings.TrimPrefix(sc.Proxy, "http://"), ":"+sc.Proxy[strings.LastIndex(sc.Proxy, ":")+1:])
			want := []string{"--proxy", sc.Proxy, "--resolve", name + ":" + s.ProxyAddrs()[name]}
			if !slices.Equal(sc.Args, want) || s.ProxyAddrs()[name] == "" {
				t.Errorf("%s: args %q, want %q", sc.Name, sc.Args, want)
			}
		default:
			// A URL row's only other arguments send other demo names it
			// reaches (an AIA host) to the server: --resolve HOST:ADDR:PORT.
			for i := 0; i < len(sc.Args); i += 2 {
				if sc.Args[i] != "--resolve" || i+1 == len(sc.Args) || !strings.HasSuffix(sc.Args[i+1], ".contoso.test:"+s.Addr()) {
					t.Errorf("%s: args %q", sc.Name, sc.Args)
					break
				}
			}
		}
		if sc.URL != "" && !strings.Contains(sc.URL, sc.Host+":") {
			t.Errorf("%s: withPort URL %q lacks a port", sc.Name, sc.URL)
		}
	}
	for _, want := range []string{"healthy", "exchange-2016-basic", "exchange-2010-sp1", "exchange-2007", "owa-url", "login-proxy",
		"wrong-cert-name", "expired-cert", "unknown-ca", "needs-domain-login", "domain-login", "wrong-password", "ews-disabled",
		"no-smtp-address", "send-as-denied", "exchange-online", "extended-protection", "slow-server"} {
		if !seen[want] {
			t.Errorf("missing scenario %s", want)
		}
	}
	for _, sc := range s.Scenarios(false) {
		if slices.Contains(sc.Args, "--connect-to") || slices.Contains(sc.Args, "--resolve") || !sc.Autodiscover && sc.Proxy == "" && len(sc.Args) != 0 {
			t.Errorf("%s: --demo args %q must be the row's own only", sc.Name, sc.Args)
		}
		_, rest, _ := strings.Cut(sc.URL, "://")
		if strings.Contains(sc.URL, ":"+port) || strings.Contains(rest, ":") {
			t.Errorf("%s: URL %q must have no port under --demo", sc.Name, sc.URL)
		}
	}

	b, err := json.Marshal(rows[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"url"`) || strings.Contains(string(b), `"username"`) {
		t.Errorf("empty url/username must be omitted: %s", b)
	}
	for _, key := range []string{`"name"`, `"host"`, `"email"`, `"password"`, `"expect"`, `"about"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
	if strings.Contains(string(b), `"autodiscover"`) || strings.Contains(string(b), `"args"`) {
		t.Errorf("a URL row's JSON must omit autodiscover and args: %s", b)
	}

	// The autodiscover rows: domain, expectation and own arguments.
	want := map[string]struct{ email, expect, args string }{
		"autodiscover":                  {"alice@contoso.test", "ok", ""},
		"autodiscover-web-site":         {"alice@fabrikam.test", "ok", ""},
		"autodiscover-http-redirect":    {"alice@tailspin.test", "ok", ""},
		"autodiscover-srv":              {"alice@northwind.test", "ok", ""},
		"autodiscover-redirect-addr":    {"alice@sales.contoso.test", "ok", ""},
		"autodiscover-redirect-url":     {"alice@adatum.test", "autodiscover-redirect-unconfirmed", ""},
		"autodiscover-redirect-allowed": {"alice@adatum.test", "ok", "--allow-redirect hostedmail.test"},
		"autodiscover-exchange-online":  {"alice@fourthcoffee.test", "auth-basic-disabled", ""},
		"autodiscover-internal-only":    {"alice@wingtip.test", "autodiscover-internal-only", ""},
		"autodiscover-not-found":        {"alice@proseware.test", "autodiscover-not-found", ""},
		"autodiscover-loop":             {"alice@litware.test", "autodiscover-loop", ""},
		"autodiscover-wrong-login":      {"bob@contoso.test", "auth-failed", ""},
		"autodiscover-slow-web-site":    {"alice@margiestravel.test", "ok", ""},
	}
	got := map[string]Scenario{}
	for _, sc := range s.Scenarios(false) {
		if sc.Autodiscover {
			got[sc.Name] = sc
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d autodiscover rows, want %d", len(got), len(want))
	}
	for name, w := range want {
		sc, ok := got[name]
		if !ok || sc.Email != w.email || sc.Expect != w.expect || strings.Join(sc.Args, " ") != w.args || sc.Username != "" {
			t.Errorf("row %s = %+v, want %+v", name, sc, w)
		}
	}
	b, err = json.Marshal(s.Scenarios(true)[len(rows)-1])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"autodiscover":true`) || !strings.Contains(string(b), `"args":["--connect-to"`) || strings.Contains(string(b), `"host"`) {
		t.Errorf("an autodiscover row's JSON: %s", b)
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:0", "nonsense"} {
		if s, err := Start(Options{Listen: addr}); err == nil {
			s.Close()
			t.Errorf("Start(%q) succeeded; want a refusal", addr)
		}
	}
	if _, err := Start(Options{Listen: "0.0.0.0:0"}); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("got %v, want ErrNotLoopback", err)
	}
	s, err := Start(Options{Listen: "localhost:0"})
	if err != nil {
		t.Fatalf("localhost: %v", err)
	}
	s.Close()
}
