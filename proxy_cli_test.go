package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ewsconnect/exchange/exchangesim"
	"ewsconnect/exchange/proxy"
)

// runCLIEnv is runCLI with these environment variables and this Windows
// proxy setting for the proxy's choice, without touching the process's
// environment (no t.Setenv: the tests may run in parallel).
func runCLIEnv(t *testing.T, vars map[string]string, windows proxy.Settings, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := environment{
		getenv:      func(k string) string { return vars[k] },
		systemProxy: func() (proxy.Settings, error) { return windows, nil },
	}
	var out, errOut bytes.Buffer
	code = runIn(context.Background(), env, args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// row is the simulator's scenario called name, in the demo-server form.
func row(t *testing.T, sim *exchangesim.Server, name string) exchangesim.Scenario {
	t.Helper()
	for _, sc := range sim.Scenarios(true) {
		if sc.Name == name {
			return sc
		}
	}
	t.Fatalf("no scenario %s", name)
	return exchangesim.Scenario{}
}

// decode reads check --json's object.
func decode(t *testing.T, stdout, stderr string) checkJSON {
	t.Helper()
	var got checkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s\nstderr: %s", err, stdout, stderr)
	}
	return got
}

// summary is the summary of step id.
func (c checkJSON) summary(id string) string {
	for _, s := range c.Steps {
		if s.ID == id {
			return s.Summary
		}
	}
	return ""
}

// The proxy row, as demo-server gives it: the check passes through the
// demo proxy, the report names it, the proxy saw one CONNECT and nothing
// else in the clear, and the server one TCP connection and one TLS
// handshake.
func TestProxyRow(t *testing.T) {
	sim, caFile := startSim(t)
	sc := row(t, sim, "proxy")
	code, stdout, stderr := runCLI(t, sc.Password+"\n", scenarioArgs(sim, sc, caFile)...)
	got := decode(t, stdout, stderr)
	if code != exitOK || !got.OK {
		t.Fatalf("exit %d: %s", code, stdout)
	}
	if got.Proxy != "http://proxy.contoso.test:3128" {
		t.Errorf("JSON proxy = %q", got.Proxy)
	}
	want := "via proxy http://proxy.contoso.test:3128 (--proxy) → " + sim.ProxyAddrs()["proxy.contoso.test"] +
		" (mapped, no DNS lookup), CONNECT mail.contoso.test:" + port(sim.Addr())
	if s := got.summary("connect"); s != want {
		t.Errorf("connect summary %q, want %q", s, want)
	}
	if s := got.summary("dns"); !strings.Contains(s, "the proxy http://proxy.contoso.test:3128 (--proxy) resolves it") {
		t.Errorf("dns summary %q", s)
	}
	log := sim.ProxyLog()
	if len(log) != 1 || log[0].Method != "CONNECT" || strings.Contains(log[0].Header, sc.Password) || strings.Contains(log[0].Header, "\r\nAuthorization") {
		t.Errorf("the proxy saw %+v, want one CONNECT without credentials", log)
	}
	if st := sim.Stats(); st.Connections != 1 || st.Handshakes != 1 {
		t.Errorf("the server saw %d TCP connections and %d TLS handshakes, want 1 and 1", st.Connections, st.Handshakes)
	}
}

// proxyEnvArgs is the healthy row with the demo proxy's name mapped to its
// listener, for a proxy that comes from the environment.
func proxyEnvArgs(t *testing.T, sim *exchangesim.Server, caFile string, more ...string) []string {
	args := scenarioArgs(sim, row(t, sim, "healthy"), caFile)
	args = append(args, "--resolve", "proxy.contoso.test:"+sim.ProxyAddrs()["proxy.contoso.test"])
	return append(args, more...)
}

const envProxy = "http://proxy.contoso.test:3128"

// check takes HTTPS_PROXY from the environment, names it in every report,
// and --no-proxy turns it off.
func TestHTTPSProxyFromTheEnvironment(t *testing.T) {
	sim, caFile := startSim(t)
	vars := map[string]string{"HTTPS_PROXY": envProxy}
	code, stdout, stderr := runCLIEnv(t, vars, proxy.Settings{}, exchangesim.DemoPassword+"\n", proxyEnvArgs(t, sim, caFile)...)
	got := decode(t, stdout, stderr)
	if code != exitOK || got.Proxy != envProxy || !strings.HasPrefix(got.summary("connect"), "via proxy "+envProxy+" (HTTPS_PROXY) → ") {
		t.Fatalf("exit %d, proxy %q, connect %q", code, got.Proxy, got.summary("connect"))
	}
	if n := len(sim.ProxyLog()); n != 1 {
		t.Errorf("%d CONNECTs, want 1", n)
	}

	// The text report names it in its header, the Markdown report too.
	reportFile := filepath.Join(t.TempDir(), "report.md")
	args := slices.DeleteFunc(proxyEnvArgs(t, sim, caFile, "--report", reportFile), func(a string) bool { return a == "--json" })
	code, stdout, _ = runCLIEnv(t, map[string]string{"https_proxy": envProxy}, proxy.Settings{}, exchangesim.DemoPassword+"\n", args...)
	md, _ := os.ReadFile(reportFile)
	if code != exitOK || !strings.Contains(stdout, "https proxy: "+envProxy+" (https_proxy)\n") || !strings.Contains(string(md), "| Proxy (https) | "+envProxy+" |") {
		t.Errorf("exit %d; the reports do not name the proxy:\n%s\n%s", code, stdout, md)
	}

	// --no-proxy beats HTTPS_PROXY.
	before := len(sim.ProxyLog())
	code, stdout, stderr = runCLIEnv(t, vars, proxy.Settings{}, exchangesim.DemoPassword+"\n", proxyEnvArgs(t, sim, caFile, "--no-proxy")...)
	got = decode(t, stdout, stderr)
	if code != exitOK || got.Proxy != "" || !strings.HasPrefix(got.summary("connect"), "connected to 127.0.0.1:") || len(sim.ProxyLog()) != before {
		t.Errorf("--no-proxy: exit %d, proxy %q, connect %q, %d CONNECTs", code, got.Proxy, got.summary("connect"), len(sim.ProxyLog())-before)
	}
}

// A host that NO_PROXY names goes direct; the proxy is still reported as
// chosen, and the connect step says why it was not used.
func TestNoProxyVariable(t *testing.T) {
	sim, caFile := startSim(t)
	vars := map[string]string{"HTTPS_PROXY": envProxy, "NO_PROXY": "localhost,.contoso.test"}
	code, stdout, stderr := runCLIEnv(t, vars, proxy.Settings{}, exchangesim.DemoPassword+"\n", proxyEnvArgs(t, sim, caFile)...)
	got := decode(t, stdout, stderr)
	want := "(direct: the proxy " + envProxy + " (HTTPS_PROXY) is bypassed for mail.contoso.test (NO_PROXY=localhost,.contoso.test))"
	if code != exitOK || got.Proxy != envProxy || !strings.HasSuffix(got.summary("connect"), want) || len(sim.ProxyLog()) != 0 {
		t.Errorf("exit %d, proxy %q, connect %q, proxy log %+v", code, got.Proxy, got.summary("connect"), sim.ProxyLog())
	}
}

// The user's Windows setting is used when the environment names no proxy.
func TestWindowsProxySetting(t *testing.T) {
	sim, caFile := startSim(t)
	windows := proxy.Settings{Enabled: true, Server: "http=proxy.contoso.test:80;https=proxy.contoso.test:3128", Override: "<local>;*.fabrikam.test"}
	code, stdout, stderr := runCLIEnv(t, nil, windows, exchangesim.DemoPassword+"\n", proxyEnvArgs(t, sim, caFile)...)
	got := decode(t, stdout, stderr)
	if code != exitOK || got.Proxy != envProxy || !strings.HasPrefix(got.summary("connect"), "via proxy "+envProxy+" (Windows proxy setting)") {
		t.Errorf("exit %d, proxy %q, connect %q", code, got.Proxy, got.summary("connect"))
	}
	// A PAC script alone is only mentioned.
	windows = proxy.Settings{AutoConfigURL: "http://wpad.contoso.test/wpad.dat"}
	code, stdout, stderr = runCLIEnv(t, nil, windows, exchangesim.DemoPassword+"\n", proxyEnvArgs(t, sim, caFile)...)
	got = decode(t, stdout, stderr)
	if code != exitOK || got.Proxy != "" || !strings.Contains(got.summary("connect"), "proxy script (PAC) at http://wpad.contoso.test/wpad.dat, which ewsconnect does not run") {
		t.Errorf("exit %d, proxy %q, connect %q", code, got.Proxy, got.summary("connect"))
	}
}

// Under --demo the environment's and the system's proxies are ignored
// (they could not reach the in-process server); --proxy is honoured.
func TestDemoProxy(t *testing.T) {
	vars := map[string]string{"HTTPS_PROXY": "http://127.0.0.1:1"}
	windows := proxy.Settings{Enabled: true, Server: "127.0.0.1:1"}
	args := []string{"check", "--demo", "--json", "--password-stdin", "--no-send",
		"--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test"}
	code, stdout, stderr := runCLIEnv(t, vars, windows, exchangesim.DemoPassword+"\n", args...)
	if got := decode(t, stdout, stderr); code != exitOK || got.Proxy != "" {
		t.Errorf("exit %d, proxy %q: %s", code, got.Proxy, stdout)
	}
	code, stdout, stderr = runCLIEnv(t, vars, windows, exchangesim.DemoPassword+"\n", append(args, "--proxy", envProxy)...)
	if got := decode(t, stdout, stderr); code != exitOK || got.Proxy != envProxy || !strings.Contains(got.summary("connect"), "CONNECT mail.contoso.test:443") {
		t.Errorf("exit %d, proxy %q, connect %q", code, got.Proxy, got.summary("connect"))
	}
	// Autodiscover's https probes go through it too.
	code, stdout, stderr = runCLIEnv(t, nil, proxy.Settings{}, exchangesim.DemoPassword+"\n",
		"check", "--demo", "--json", "--password-stdin", "--no-send", "--email", "alice@contoso.test", "--proxy", envProxy)
	if got := decode(t, stdout, stderr); code != exitOK || got.Proxy != envProxy {
		t.Errorf("autodiscover through the proxy: exit %d: %s", code, stdout)
	}
}

// A proxy that cannot be used is bad usage (exit 2), never echoing a
// password from the proxy address.
func TestBadProxyIsAUsageError(t *testing.T) {
	base := []string{"check", "--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "a@b", "--password-stdin"}
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"socks", nil, []string{"--proxy", "socks5://u:s3cret@p.test:1080"}, "--proxy: socks5:// proxies are not supported"},
		{"https proxy", nil, []string{"--proxy", "https://p.test:443"}, "--proxy: an https:// proxy"},
		{"a path", nil, []string{"--proxy=http://u:s3cret@p.test:3128/proxy.pac"}, "no path"},
		{"empty", nil, []string{"--proxy", ""}, "--proxy: the proxy address is empty"},
		{"both", nil, []string{"--proxy", "p.test:3128", "--no-proxy"}, "--proxy and --no-proxy"},
		{"a bad HTTPS_PROXY", map[string]string{"HTTPS_PROXY": "socks5://u:s3cret@p.test:1080"}, nil, "HTTPS_PROXY: socks5://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLIEnv(t, tt.vars, proxy.Settings{}, "pw\n", append(append([]string(nil), base...), tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) || stdout != "" {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, stderr, tt.want)
			}
			if strings.Contains(stderr, "s3cret") {
				t.Errorf("the proxy's password is printed: %s", stderr)
			}
		})
	}
	// Under --demo a bad HTTPS_PROXY is not even read.
	code, _, stderr := runCLIEnv(t, map[string]string{"HTTPS_PROXY": "socks5://p.test:1"}, proxy.Settings{}, exchangesim.DemoPassword+"\n",
		"check", "--demo", "--no-send", "--password-stdin", "--url", "https://mail.contoso.test/EWS/Exchange.asmx", "--email", "alice@contoso.test")
	if code != exitOK {
		t.Errorf("--demo with a bad HTTPS_PROXY: exit %d %s", code, stderr)
	}
}
