package exchange

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"ewsconnect/i18n"
)

func TestParseChallenges(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   string // scheme[token]{params}; …
	}{
		{"one per header", []string{"Negotiate", "NTLM"}, "Negotiate;NTLM"},
		{"two in one header", []string{"Negotiate, NTLM"}, "Negotiate;NTLM"},
		{"NTLM challenge token", []string{"NTLM TlRMTVNTUAACAAAAAAAAAA=="}, "NTLM[TlRMTVNTUAACAAAAAAAAAA==]"},
		{"basic realm", []string{`Basic realm="mail.contoso.com"`}, `Basic{realm="mail.contoso.com"}`},
		{"Exchange Online bearer then basic",
			[]string{`Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", token_types="app_asserted_user_v1 service_asserted_app_v1", error="invalid_token",Basic Realm=""`},
			`Bearer{client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", token_types="app_asserted_user_v1 service_asserted_app_v1", error="invalid_token"};Basic{Realm=""}`},
		{"comma inside quotes", []string{`Digest realm="a, b", nonce="x"`}, `Digest{realm="a, b", nonce="x"}`},
		{"empty", []string{"", " , "}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []string
			for _, c := range parseChallenges(tt.values) {
				s := c.Scheme
				if c.Token != "" {
					s += "[" + c.Token + "]"
				}
				if c.Params != "" {
					s += "{" + c.Params + "}"
				}
				parts = append(parts, s)
			}
			if got := strings.Join(parts, ";"); got != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestIsPlainHTTPRecord(t *testing.T) {
	if !isPlainHTTPRecord(fmt.Errorf("wrapped: %w", tls.RecordHeaderError{RecordHeader: [5]byte{'H', 'T', 'T', 'P', '/'}})) {
		t.Error("HTTP/ record not recognised")
	}
	if isPlainHTTPRecord(tls.RecordHeaderError{RecordHeader: [5]byte{'S', 'S', 'H', '-', '2'}}) || isPlainHTTPRecord(errors.New("x")) {
		t.Error("false positive")
	}
}

func TestIsOldProtocolVersion(t *testing.T) {
	for msg, want := range map[string]bool{
		"tls: server selected unsupported protocol version 301": true,
		"remote error: tls: protocol version not supported":     true,
		"remote error: tls: handshake failure":                  false,
	} {
		if got := isOldProtocolVersion(errors.New(msg)); got != want {
			t.Errorf("%q: got %v", msg, got)
		}
	}
	if !isOldProtocolVersion(tls.AlertError(70)) || isOldProtocolVersion(nil) {
		t.Error("alert 70 / nil")
	}
}

func TestClassifyDial(t *testing.T) {
	op := func(err error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", err)}
	}
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"refused", op(platformErrno(syscall.ECONNREFUSED, 10061)), CodeConnectRefused},
		{"os timeout", op(platformErrno(syscall.ETIMEDOUT, 10060)), CodeConnectTimeout},
		{"our deadline", fmt.Errorf("dial: %w", context.DeadlineExceeded), CodeConnectTimeout},
		{"no route", op(platformErrno(syscall.EHOSTUNREACH, 10065)), CodeConnectTimeout},
		{"network down", op(platformErrno(syscall.ENETUNREACH, 10051)), CodeConnectTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p := classifyDial("192.0.2.1:443", tt.err, time.Second); p.Code != tt.want {
				t.Errorf("got %s (%s), want %s", p.Code, p.Detail, tt.want)
			}
		})
	}
}

func TestClassifyDNS(t *testing.T) {
	p := classifyDNS("x.test", fmt.Errorf("lookup: %w", &net.DNSError{Err: "no such host", Name: "x.test", IsNotFound: true}), time.Second)
	if p.Code != CodeDNSFailed || !strings.Contains(p.Detail, "does not exist") {
		t.Errorf("got %v", p)
	}
}

// The DNS and connect details name the server asked, the deadline in the
// reader's words, and quote the system's reason; in Polish too.
func TestClassifyDetailsInPolish(t *testing.T) {
	for _, tt := range []struct {
		name   string
		p      *Problem
		en, pl string
	}{
		{"no such host, asked a server",
			classifyDNS("x.test", &net.DNSError{Err: "no such host", Name: "x.test", Server: "192.0.2.53:53", IsNotFound: true}, time.Second),
			"the name x.test does not exist in DNS (no such host, asked 192.0.2.53:53)",
			"nazwa x.test nie istnieje w DNS (nie ma takiego hosta; zapytano serwer 192.0.2.53:53)"},
		{"temporary failure",
			classifyDNS("x.test", &net.DNSError{Err: "server misbehaving", Name: "x.test", IsTemporary: true}, time.Second),
			`the DNS server failed to answer for x.test ("server misbehaving")`,
			"serwer DNS nie udzielił odpowiedzi na zapytanie o x.test („server misbehaving”)"},
		{"timeout",
			classifyDial("192.0.2.1:443", os.ErrDeadlineExceeded, 10*time.Second),
			"no answer from 192.0.2.1:443 within 10 seconds",
			"brak odpowiedzi od 192.0.2.1:443 przed upływem limitu czasu (10 sekund)"},
		{"unreachable",
			classifyDial("192.0.2.1:443", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", platformErrno(syscall.ENETUNREACH, 10051))}, time.Second),
			`192.0.2.1:443 cannot be reached from this computer ("` + platformErrno(syscall.ENETUNREACH, 10051).Error() + `")`,
			"adres 192.0.2.1:443 jest nieosiągalny z tego komputera („" + platformErrno(syscall.ENETUNREACH, 10051).Error() + "”)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.p.Detail != tt.en {
				t.Errorf("English: got %q, want %q", tt.p.Detail, tt.en)
			}
			if got := tt.p.DetailIn(i18n.PL); got != tt.pl {
				t.Errorf("Polish: got %q, want %q", got, tt.pl)
			}
		})
	}
}

func TestIsLoginLocation(t *testing.T) {
	for loc, want := range map[string]bool{
		"https://mail.contoso.com/owa/auth/logon.aspx?url=x&reason=0": true,
		"https://mail.contoso.com/owa/":                               true,
		"https://mail.contoso.com/ecp/":                               true,
		"https://tmg.contoso.com/CookieAuth.dll?GetLogon?curl=Z2F":    true,
		"https://sts.contoso.com/adfs/ls/?wa=wsignin1.0":              true,
		"https://mail.contoso.com/my.policy":                          true,
		"https://mail.contoso.com/":                                   false,
		"https://mail.contoso.com/EWS/Exchange.asmx":                  false,
		"https://www.contoso.com/products":                            false,
	} {
		u, _ := url.Parse(loc)
		if got := isLoginLocation(u); got != want {
			t.Errorf("%s: got %v, want %v", loc, got, want)
		}
	}
}

func TestIsOWALoginPage(t *testing.T) {
	for page, want := range map[string]bool{
		`<!-- OwaPage = ASP.auth_logon_aspx -->`:                                                 true,
		`<form action="/owa/auth.owa" method="POST" name="logonForm">`:                           true,
		`<title>Outlook Web App</title><script src="/owa/14.3.123.3/scripts/premium/flogon.js">`: true,
		`<TITLE>Outlook Web Access</TITLE>`:                                                      true,
		`You have created a service.`:                                                            false,
		`<html><title>IIS Windows Server</title></html>`:                                         false,
	} {
		if got := isOWALoginPage([]byte(page)); got != want {
			t.Errorf("%q: got %v, want %v", page, got, want)
		}
	}
}

func TestReleaseNames(t *testing.T) {
	for build, want := range map[string]string{
		"8.0.685.24":    "Exchange Server 2007",
		"8.3.83.6":      "Exchange Server 2007 SP3",
		"14.0.639.21":   "Exchange Server 2010",
		"14.3.123.4":    "Exchange Server 2010 SP3",
		"15.0.516.32":   "Exchange Server 2013 RTM",
		"15.0.1497.2":   "Exchange Server 2013 CU23",
		"15.1.845.22":   "Exchange Server 2016 CU5",
		"15.1.2507.6":   "Exchange Server 2016 CU23",
		"15.2.986.26":   "Exchange Server 2019 CU11",
		"15.2.1544.4":   "Exchange Server 2019 CU14",
		"15.2.1748.10":  "Exchange Server 2019 CU15",
		"15.2.2562.17":  "Exchange Server SE",
		"15.20.1471.20": "Exchange Online",
		"15.1":          "Exchange Server 2016",
		"16.0.1.1":      "Exchange 16.0.1.1",
	} {
		b, ok := parseBuild(build)
		if !ok {
			t.Fatalf("parseBuild(%q) failed", build)
		}
		if got := releaseName(b); got != want {
			t.Errorf("%s: got %q, want %q", build, got, want)
		}
	}
	for _, bad := range []string{"", "15", "a.b", "15.2.x", "1.2.3.4.5", "-1.2"} {
		if _, ok := parseBuild(bad); ok {
			t.Errorf("parseBuild(%q) accepted it", bad)
		}
	}
}

func TestEnforcesExtendedProtection(t *testing.T) {
	for v, want := range map[string]bool{"15.2.1544.4": true, "15.2.2562.35": true, "15.2.1258.28": false, "15.1.2507.39": false, "": false} {
		if got := enforcesExtendedProtection(v); got != want {
			t.Errorf("%q: got %v", v, got)
		}
	}
}

func TestMayUseExtendedProtection(t *testing.T) {
	for v, want := range map[string]bool{
		"":             true, // unknown: it may
		"14.3.513.0":   false,
		"15.0.1497.40": true,
		"15.0.1395.4":  false,
		"15.1.2375.7":  true,
		"15.1.2242.4":  false,
		"15.2.986.26":  true,
		"15.2.922.7":   false,
		"15.2.1544.4":  true,
		"15.20.7000.1": true, // Exchange Online's builds
		"garbage":      true,
		"15.1":         true, // no build: cannot tell
	} {
		if got := mayUseExtendedProtection(v); got != want {
			t.Errorf("mayUseExtendedProtection(%q) = %v, want %v", v, got, want)
		}
	}
}
