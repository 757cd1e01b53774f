package exchange

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
)

// englishLeft are words of the English details that a Polish one must
// not keep (addresses and quoted words aside, which the inputs here avoid).
var englishLeft = []string{" the ", " is ", " not ", " address ", " server ", " proxy said", "want "}

func wantPolishText(t *testing.T, what, en, pl string, parts ...string) {
	t.Helper()
	if pl == en {
		t.Errorf("%s: the Polish text is the English one: %q", what, pl)
	}
	for _, w := range englishLeft {
		if strings.Contains(" "+pl+" ", w) {
			t.Errorf("%s: the English %q in the Polish %q", what, w, pl)
		}
	}
	for _, part := range parts {
		if !strings.Contains(pl, part) {
			t.Errorf("%s: the Polish %q lacks %q", what, pl, part)
		}
	}
}

// Every URL rule says what it saw in Polish too, its data kept.
func TestURLProblemsInPolish(t *testing.T) {
	tests := []struct {
		raw  string
		code Code
		pl   []string
	}{
		{"", CodeURLMalformed, []string{"adres jest pusty"}},
		{"https://alice:pw@mail.contoso.test/EWS/Exchange.asmx", CodeURLMalformed, []string{"hasło"}},
		{"https://mail contoso.test/EWS/Exchange.asmx", CodeURLMalformed, []string{"spację"}},
		{"mail.contoso.test/EWS/Exchange.asmx", CodeURLMalformed, []string{"https://"}},
		{"https://mail..contoso.test/EWS/Exchange.asmx", CodeURLMalformed, []string{"nazwa serwera „mail..contoso.test” ma pusty człon"}},
		{"https://mail.contoso.test:99999/EWS/Exchange.asmx", CodeURLMalformed, []string{"port „99999”"}},
		{"http://mail.contoso.test/EWS/Exchange.asmx", CodeURLNotHTTPS, []string{"http://"}},
		{"ftp://mail.contoso.test/EWS/Exchange.asmx", CodeURLMalformed, []string{"ftp:// zamiast od https://"}},
		{"https://mail.contoso.test/owa/", CodeURLOWA, []string{"https://mail.contoso.test/owa/ to adres aplikacji Outlook Web App (ścieżka „/owa/”)"}},
		{"https://mail.contoso.test/api/", CodeURLNotEWS, []string{"ścieżka to „/api/”", ewsPath}},
		{"https://mail.contoso.test/EWS/Exchange.asmx?x=1", CodeURLNotEWS, []string{"zapytania"}},
	}
	for _, tt := range tests {
		_, p := parseEWSURL(tt.raw)
		if p == nil || p.Code != tt.code {
			t.Errorf("%q: got %v, want %s", tt.raw, p, tt.code)
			continue
		}
		if p.Seen.Key() == "" {
			t.Errorf("%q: what was seen is not a catalog text: %q", tt.raw, p.Detail)
		}
		wantPolishText(t, tt.raw, p.Detail, p.DetailIn(i18n.PL), tt.pl...)
	}
}

// The host rule is a Msg, and English for badHost.
func TestHostFault(t *testing.T) {
	if !hostFault("mail.contoso.test").IsZero() || badHost("mail.contoso.test") != "" {
		t.Error("a good name has a fault")
	}
	f := hostFault("mail/contoso.test")
	if got, want := f.In(i18n.EN), "contains the character '/'"; got != want || badHost("mail/contoso.test") != want {
		t.Errorf("English: got %q, want %q", got, want)
	}
	if got := f.In(i18n.PL); !strings.Contains(got, "zawiera znak '/'") {
		t.Errorf("Polish: %q", got)
	}
}

// A flag's value that cannot be used is an i18n.Error: English as
// before, and Polish through i18n.ErrorIn.
func TestFlagErrorsInPolish(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	errOf := func(_ any, err error) error { return err }
	tests := []struct {
		name   string
		err    error
		en, pl string
	}{
		{"connect-to form", errOf(ParseConnectTo("a:1:b")), "want HOST:PORT:ADDR:PORT2", "oczekiwano HOST:PORT:ADDR:PORT2"},
		{"connect-to port", errOf(ParseConnectTo("a:https:b:443")), `the port "https" is not a number from 1 to 65535`, "port „https” nie jest liczbą od 1 do 65535"},
		{"connect-to IPv6", errOf(ParseConnectTo("a:443:[10.0.0.5]:443")), `"[10.0.0.5]" is not an IPv6 address`, "„[10.0.0.5]” nie jest adresem IPv6"},
		{"connect-to host", errOf(ParseConnectTo("a b:443:c:443")), `"a b" is not a host name`, "„a b” nie jest prawidłową nazwą hosta"},
		{"dns-server name", errOf(ParseDNSServer("dns.contoso.test")), `"dns.contoso.test" is not an IP address: give the DNS server's address`, "„dns.contoso.test” nie jest adresem IP: podaj adres serwera DNS"},
		{"dns-server port", errOf(ParseDNSServer("10.0.0.53:0")), `the port "0" is not a number from 1 to 65535`, "port „0” nie jest liczbą"},
		{"ca-file missing", errOf(AddRootCAs(nil, filepath.Join(dir, "none.pem"))), "cannot read " + filepath.Join(dir, "none.pem") + `: "`, "nie można odczytać pliku " + filepath.Join(dir, "none.pem") + ": „"},
		{"ca-file not PEM", errOf(AddRootCAs(nil, notPEM)), notPEM + " holds no PEM certificate (it should start with -----BEGIN CERTIFICATE-----)", "plik " + notPEM + " nie zawiera certyfikatu PEM"},
		{"proxy scheme", errOf(proxy.New("socks5://p.test:1080", proxy.SourceFlag)), "--proxy: socks5:// proxies are not supported", "--proxy: serwery proxy socks5:// nie są obsługiwane"},
		{"proxy from Windows", errOf(proxy.Settings{Enabled: true, Server: "https://p.test:8443"}.Proxy()), "Windows proxy setting (ProxyServer): an https:// proxy", "ustawienie serwera proxy w systemie Windows (ProxyServer): serwer proxy https://"},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if en := tt.err.Error(); !strings.Contains(en, tt.en) {
			t.Errorf("%s: English %q lacks %q", tt.name, en, tt.en)
		}
		if pl := i18n.ErrorIn(i18n.PL, tt.err); !strings.Contains(pl, tt.pl) {
			t.Errorf("%s: Polish %q lacks %q", tt.name, pl, tt.pl)
		}
	}
}

// Each way CONNECT fails has its own words, in English and in Polish.
func TestTunnelProblemWords(t *testing.T) {
	p, err := proxy.New("http://proxy.contoso.test:3128", "HTTPS_PROXY")
	if err != nil {
		t.Fatal(err)
	}
	tn := tunnel{remote: "10.0.0.8:3128", target: "mail.contoso.test:443"}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	tests := []struct {
		name   string
		err    error
		code   Code
		en, pl string
	}{
		{"502 from Squid", &proxy.RefusedError{StatusCode: 502, Status: "502 Bad Gateway", Header: http.Header{"X-Squid-Error": {"ERR_DNS_FAIL 0"}}}, CodeProxyFailed,
			`the proxy http://proxy.contoso.test:3128 (HTTPS_PROXY) could not open a connection to mail.contoso.test:443 (it could not find the name in its DNS); the proxy said: "502 Bad Gateway (X-Squid-Error: ERR_DNS_FAIL 0)"`,
			`serwer proxy http://proxy.contoso.test:3128 (HTTPS_PROXY) nie mógł nawiązać połączenia z mail.contoso.test:443 (nie znalazł tej nazwy w swoim DNS); serwer proxy odpowiedział: „502 Bad Gateway (X-Squid-Error: ERR_DNS_FAIL 0)”`},
		{"503 from another proxy", &proxy.RefusedError{StatusCode: 503, Status: "503 Service Unavailable", Header: http.Header{}}, CodeProxyFailed,
			`could not open a connection to mail.contoso.test:443; the proxy said: "503 Service Unavailable"`,
			`nie mógł nawiązać połączenia z mail.contoso.test:443; serwer proxy odpowiedział: „503 Service Unavailable”`},
		{"407 without schemes", &proxy.AuthRequiredError{Status: "407 Proxy Authentication Required"}, CodeProxyAuthRequired,
			"(it names no sign-in scheme)", "(nie podaje żadnego schematu logowania)"},
		{"slow", &proxy.NoReplyError{Timeout: true, Received: 1, Err: os.ErrDeadlineExceeded}, CodeProxyFailed,
			"answered CONNECT mail.contoso.test:443 too slowly: 1 byte in 2 seconds, and the answer was still incomplete",
			"odpowiada zbyt wolno na żądanie CONNECT mail.contoso.test:443: dotarł 1 bajt, a odpowiedź nadal nie była kompletna po upływie limitu czasu (2 sekundy)"},
		{"slower", &proxy.NoReplyError{Timeout: true, Received: 5, Err: os.ErrDeadlineExceeded}, CodeProxyFailed,
			"5 bytes in 2 seconds", "dotarło 5 bajtów, a odpowiedź nadal nie była kompletna po upływie limitu czasu (2 sekundy)"},
		{"closed midway", &proxy.NoReplyError{Received: 12, Err: io.ErrUnexpectedEOF}, CodeProxyFailed,
			"at 10.0.0.8:3128 closed the connection in the middle of its answer to CONNECT mail.contoso.test:443",
			"pod adresem 10.0.0.8:3128 zamknął połączenie w trakcie odpowiedzi na żądanie CONNECT mail.contoso.test:443"},
		{"closed", &proxy.NoReplyError{Err: reset}, CodeProxyFailed,
			`closed the connection without answering CONNECT mail.contoso.test:443 ("connection reset by peer")`,
			"zamknął połączenie bez odpowiedzi na żądanie CONNECT mail.contoso.test:443 („connection reset by peer”)"},
		{"not HTTP", &proxy.BadReplyError{Start: []byte("SSH-2.0-OpenSSH\r\n"), Err: errors.New("malformed HTTP response")}, CodeProxyFailed,
			`what answers at 10.0.0.8:3128 is not an HTTP proxy: its answer to CONNECT mail.contoso.test:443 is not HTTP (it began "SSH-2.0-OpenSSH.."); check the proxy address http://proxy.contoso.test:3128 (HTTPS_PROXY)`,
			"pod adresem 10.0.0.8:3128 nie działa serwer proxy HTTP: odpowiedź na żądanie CONNECT mail.contoso.test:443 nie jest odpowiedzią HTTP (zaczyna się od „SSH-2.0-OpenSSH..”); sprawdź adres serwera proxy http://proxy.contoso.test:3128 (HTTPS_PROXY)"},
		{"anything else", errors.New("something odd"), CodeProxyFailed,
			`the proxy http://proxy.contoso.test:3128 (HTTPS_PROXY) at 10.0.0.8:3128: CONNECT mail.contoso.test:443 failed: "something odd"`,
			"żądanie CONNECT mail.contoso.test:443 nie powiodło się: „something odd”"},
	}
	for _, tt := range tests {
		pr := tunnelProblem(p, tn, tt.err, 2*time.Second)
		if pr.Code != tt.code {
			t.Errorf("%s: code %s, want %s", tt.name, pr.Code, tt.code)
		}
		if !strings.Contains(pr.Detail, tt.en) {
			t.Errorf("%s: detail %q lacks %q", tt.name, pr.Detail, tt.en)
		}
		if pl := pr.DetailIn(i18n.PL); !strings.Contains(pl, tt.pl) {
			t.Errorf("%s: Polish %q lacks %q", tt.name, pl, tt.pl)
		}
	}
}

// A proxy from the Windows setting is named in the reader's words, and a
// tunnel's remote address says it goes through the proxy.
func TestProxyNamesInPolish(t *testing.T) {
	p, err := proxy.Settings{Enabled: true, Server: "proxy.contoso.test:8080"}.Proxy()
	if err != nil {
		t.Fatal(err)
	}
	name := ProxyName(p)
	if got, want := name.In(i18n.EN), p.String(); got != want {
		t.Errorf("English: got %q, want %q", got, want)
	}
	if got, want := name.In(i18n.PL), "http://proxy.contoso.test:8080 (ustawienie serwera proxy w systemie Windows)"; got != want {
		t.Errorf("Polish: got %q, want %q", got, want)
	}
	a := tunnelAddr{target: "mail.contoso.test:443", proxy: "proxy.contoso.test:8080"}
	if got, want := a.String(), "mail.contoso.test:443 through the proxy proxy.contoso.test:8080"; got != want {
		t.Errorf("tunnel address: got %q, want %q", got, want)
	}
	if got, want := AddrWords(a).In(i18n.PL), "mail.contoso.test:443 przez serwer proxy proxy.contoso.test:8080"; got != want {
		t.Errorf("tunnel address in Polish: got %q, want %q", got, want)
	}
	// The tls step names the tunnel in the reader's words too.
	if pl := classifyHandshake("mail.contoso.test", AddrWords(a), io.EOF, time.Second, 0).DetailIn(i18n.PL); !strings.Contains(pl, "mail.contoso.test:443 przez serwer proxy proxy.contoso.test:8080") {
		t.Errorf("the tls step's detail in Polish: %q", pl)
	}
	tcp := &net.TCPAddr{IP: net.IPv4(10, 0, 0, 5), Port: 443}
	if got := AddrWords(tcp).In(i18n.PL); got != "10.0.0.5:443" {
		t.Errorf("a plain address in Polish: %q", got)
	}
}

// The dns and connect steps' failures, in English and in Polish (the
// texts are seen.http's; the --dns-server client's own are seen.dns's).
func TestDNSAndDialWords(t *testing.T) {
	const host = "mail.contoso.test"
	// Windows has its own numbers (errno.go).
	errno := func(unix syscall.Errno, windows uintptr) error {
		if runtime.GOOS == "windows" {
			return os.NewSyscallError("connect", syscall.Errno(windows))
		}
		return os.NewSyscallError("connect", unix)
	}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errno(syscall.ECONNREFUSED, 10061)}
	unreachable := &net.OpError{Op: "dial", Net: "tcp", Err: errno(syscall.EHOSTUNREACH, 10065)}
	other := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("socket: too many open files")}
	tests := []struct {
		name   string
		p      *Problem
		code   Code
		en, pl string
	}{
		{"NXDOMAIN", classifyDNS(host, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}, time.Second), CodeDNSFailed,
			"the name mail.contoso.test does not exist in DNS (no such host)", "nazwa mail.contoso.test nie istnieje w DNS (nie ma takiego hosta)"},
		{"NXDOMAIN, server named", classifyDNS(host, &net.DNSError{Err: "no such host", Name: host, Server: "10.0.0.53:53", IsNotFound: true}, time.Second), CodeDNSFailed,
			"(no such host, asked 10.0.0.53:53)", "(nie ma takiego hosta; zapytano serwer 10.0.0.53:53)"},
		{"no addresses", classifyDNS(host, &net.DNSError{Err: errNoAddresses, Name: host, IsNotFound: true}, time.Second), CodeDNSFailed,
			"the name mail.contoso.test has no address in DNS (no A or AAAA record)", "nazwa mail.contoso.test nie ma adresu w DNS"},
		{"timeout", classifyDNS(host, &net.DNSError{Err: "i/o timeout", Name: host, Server: "10.0.0.53:53", IsTimeout: true}, 5*time.Second), CodeDNSFailed,
			"the DNS server 10.0.0.53:53 did not answer for mail.contoso.test within 5 seconds", "serwer DNS 10.0.0.53:53 nie odpowiedział na zapytanie o mail.contoso.test przed upływem limitu czasu (5 sekund)"},
		{"SERVFAIL", classifyDNS(host, &net.DNSError{Err: "SERVFAIL", Name: host, IsTemporary: true}, time.Second), CodeDNSFailed,
			`the DNS server failed to answer for mail.contoso.test ("SERVFAIL")`, "mail.contoso.test („SERVFAIL”)"},
		{"the system's own words", classifyDNS(host, &net.DNSError{Err: "server misbehaving", Name: host}, time.Second), CodeDNSFailed,
			`DNS lookup of mail.contoso.test failed: "server misbehaving"`, "zapytanie DNS o mail.contoso.test nie powiodło się: „server misbehaving”"},
		{"refused", classifyDial("10.0.0.5:443", refused, time.Second), CodeConnectRefused,
			"the connection to 10.0.0.5:443 was refused: nothing accepts connections on that port", "połączenie z 10.0.0.5:443 zostało odrzucone"},
		{"timeout", classifyDial("10.0.0.5:443", os.ErrDeadlineExceeded, 10*time.Second), CodeConnectTimeout,
			"no answer from 10.0.0.5:443 within 10 seconds", "brak odpowiedzi od 10.0.0.5:443 przed upływem limitu czasu (10 sekund)"},
		{"unreachable", classifyDial("10.0.0.5:443", unreachable, time.Second), CodeConnectTimeout,
			`10.0.0.5:443 cannot be reached from this computer ("`, "adres 10.0.0.5:443 jest nieosiągalny z tego komputera („"},
		{"anything else", classifyDial("10.0.0.5:443", other, time.Second), CodeConnectTimeout,
			`could not connect to 10.0.0.5:443: "socket: too many open files"`, "nie udało się połączyć z 10.0.0.5:443: „socket: too many open files”"},
	}
	for _, tt := range tests {
		if tt.p.Code != tt.code {
			t.Errorf("%s: code %s, want %s", tt.name, tt.p.Code, tt.code)
		}
		if !strings.Contains(tt.p.Detail, tt.en) {
			t.Errorf("%s: detail %q lacks %q", tt.name, tt.p.Detail, tt.en)
		}
		if pl := tt.p.DetailIn(i18n.PL); !strings.Contains(pl, tt.pl) {
			t.Errorf("%s: Polish %q lacks %q", tt.name, pl, tt.pl)
		}
	}
}
