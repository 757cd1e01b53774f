package main

import (
	"net"
	"slices"
	"strings"
	"testing"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"

	"github.com/miekg/dns"
)

// --dns-server, --connect-to and --allow-redirect are parsed into the
// network and the options, in the order given, on both commands.
func TestNetworkFlagsParse(t *testing.T) {
	for _, name := range []string{"check", "ewsconnect"} {
		fs, o := newFlagSet(name)
		err := parse(fs, o, []string{
			"--dns-server", "127.0.0.1",
			"--connect-to", "Mail.Contoso.Test:443:[::1]:40123",
			"--connect-to", ":80:127.0.0.1:",
			"--allow-redirect", "Contoso.COM.",
			"--allow-redirect", "outlook.com",
			"--allow-redirect", "contoso.com",
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n, err := o.network()
		if err != nil {
			t.Fatal(err)
		}
		wantRules := []exchange.ConnectTo{
			{Host: "mail.contoso.test", Port: "443", Addr: "::1", Port2: "40123"},
			{Port: "80", Addr: "127.0.0.1"},
		}
		if n.DNSServer != "127.0.0.1:53" || !slices.Equal(n.ConnectTo, wantRules) {
			t.Errorf("%s: got DNS server %q, rules %+v; want 127.0.0.1:53, %+v", name, n.DNSServer, n.ConnectTo, wantRules)
		}
		if want := []string{"contoso.com", "outlook.com"}; !slices.Equal(o.allowRedirect, want) {
			t.Errorf("%s: got --allow-redirect %q, want %q", name, o.allowRedirect, want)
		}
	}
}

// A bad value is one line naming the flag and what is wrong, then where
// the help is; exit 2, nothing on stdout.
func TestNetworkFlagErrors(t *testing.T) {
	tests := []struct {
		flag, value, want string
	}{
		{"--connect-to", "mail.contoso.test:443:10.0.0.5", "want HOST:PORT:ADDR:PORT2"},
		{"--connect-to", "mail.contoso.test:https:10.0.0.5:443", `the port "https"`},
		{"--connect-to", "mail.contoso.test:443:::1:443", "IPv6 in brackets"},
		{"--dns-server", "dns.contoso.test", "not an IP address"},
		{"--dns-server", "10.0.0.53:99999", `the port "99999"`},
		{"--allow-redirect", "https://contoso.com", "without https://"},
		{"--allow-redirect", "*.contoso.com", "wildcard"},
		{"--allow-redirect", "10.0.0.5", "not an IP address"},
		{"--allow-redirect", "contoso", "plain domain name"},
		{"--allow-redirect", "contoso..com", "plain domain name"},
		{"--allow-redirect", "-contoso.com", "plain domain name"},
		{"--allow-redirect", "żółw.pl", "xn--"},
	}
	for _, tt := range tests {
		for _, cmd := range [][]string{{"check"}, {}} {
			args := append(cmd, tt.flag, tt.value)
			code, stdout, stderr := runCLI(t, "", args...)
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if code != exitUsage || stdout != "" || len(lines) != 2 {
				t.Errorf("%v: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and two lines", args, code, stdout, stderr)
				continue
			}
			if !strings.Contains(lines[0], tt.flag) || !strings.Contains(lines[0], tt.want) || !strings.Contains(lines[1], "--help") {
				t.Errorf("%v: got %q; want it to name %s and say %q, then the help", args, stderr, tt.flag, tt.want)
			}
		}
	}
}

// check follows --connect-to and --dns-server as a user gives them: the
// demo server is reached by its host name on port 443 through a rule, or
// by the name a test DNS server answers; the dns step says how.
func TestCheckFollowsConnectToAndDNSServer(t *testing.T) {
	sim, caFile := startSim(t)
	simPort := port(sim.Addr())
	dnsAddr := startDNS(t, map[string]string{"mail.contoso.test.": "127.0.0.1", "lb.contoso.test.": "127.0.0.1"})
	base := []string{"check", "--no-send", "--email", "alice@contoso.test", "--password-stdin", "--ca-file", caFile, "--timeout", "3s"}
	tests := []struct {
		name    string
		args    []string
		summary string
	}{
		{"connect-to an IP", []string{"--url", "https://mail.contoso.test/EWS/Exchange.asmx",
			"--dns-server", dnsAddr, // never the system resolver, even if the rule were ignored
			"--connect-to", "mail.contoso.test:443:127.0.0.1:" + simPort},
			"mail.contoso.test → 127.0.0.1 (--connect-to 127.0.0.1:" + simPort + ")"},
		{"connect-to a name on the DNS server", []string{"--url", "https://mail.contoso.test/EWS/Exchange.asmx",
			"--dns-server", dnsAddr, "--connect-to", "mail.contoso.test:443:lb.contoso.test:" + simPort},
			"mail.contoso.test → 127.0.0.1 (--connect-to lb.contoso.test:" + simPort + "; DNS server " + dnsAddr + ")"},
		{"DNS server alone", []string{"--url", "https://mail.contoso.test:" + simPort + "/EWS/Exchange.asmx",
			"--dns-server", dnsAddr},
			"(DNS server " + dnsAddr + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, exchangesim.DemoPassword+"\n", append(base, tt.args...)...)
			if code != exitOK || !strings.Contains(stdout, tt.summary) {
				t.Errorf("exit %d; want 0 and the dns step saying %q:\n%s%s", code, tt.summary, stdout, stderr)
			}
		})
	}
}

// startDNS answers A questions for the names in addrs on a loopback UDP
// port and NXDOMAIN for every other name.
func startDNS(t *testing.T, addrs map[string]string) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		name := strings.ToLower(q.Question[0].Name)
		ip, ok := addrs[name]
		switch {
		case !ok:
			m.Rcode = dns.RcodeNameError
		case q.Question[0].Qtype == dns.TypeA:
			m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: net.ParseIP(ip)})
		}
		w.WriteMsg(m)
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}
