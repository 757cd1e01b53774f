package exchange

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"ewsconnect/i18n"
)

// tlsFiles are the files whose details are the seen.tls texts.
var tlsFiles = []string{"probe_tls.go", "cert_untrusted.go", "chain_incomplete.go", "chain_aia.go",
	"tls_version.go", "cert_strength.go", "cert_dates.go", "channel_binding.go"}

// Every seen.tls key the TLS files name is in every catalog, and so are
// the texts they name by adding to a key: the quoting variant of a text
// with a reason, and a duration's units.
func TestTLSKeysInEveryCatalog(t *testing.T) {
	keyRE := regexp.MustCompile(`"(seen\.tls\.[a-z0-9.-]+)"`)
	var keys []string
	for _, f := range tlsFiles {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(src), -1) {
			key := m[1]
			switch {
			case strings.HasSuffix(key, "."): // a unit is added
				units := []string{"seconds", "minutes", "hours"}
				if key == "seen.tls.installed-early." {
					units = []string{"hours", "days"}
				}
				for _, u := range units {
					keys = append(keys, key+u)
				}
			case reasonKeys[key]:
				keys = append(keys, key, key+"-said")
			default:
				keys = append(keys, key)
			}
		}
	}
	for key := range reasonKeys {
		if !slices.Contains(keys, key) {
			t.Errorf("%s: no longer named in the TLS files", key)
		}
	}
	for _, l := range i18n.Supported {
		have := i18n.Keys(l)
		for _, key := range keys {
			if !slices.Contains(have, key) {
				t.Errorf("%s: %s is not in the catalog", l, key)
			}
		}
	}
}

// reasonKeys are the texts built by reason.in, which adds "-said".
var reasonKeys = map[string]bool{
	"seen.tls.chain-invalid":           true,
	"seen.tls.issuer-rejected":         true,
	"seen.tls.aia-failed-intermediate": true,
	"seen.tls.aia-failed":              true,
	"seen.tls.aia-refused":             true,
}

// wantPolish checks p's detail in Polish: every text found, different from
// the English, holding want.
func wantPolish(t *testing.T, p *Problem, want ...string) {
	t.Helper()
	if p == nil {
		t.Fatal("no problem")
	}
	en, pl := p.DetailIn(i18n.EN), p.DetailIn(i18n.PL)
	if en != p.Detail {
		t.Errorf("English %q, Detail %q", en, p.Detail)
	}
	if pl == en || strings.Contains(pl, "seen.") || strings.Contains(en, "seen.") {
		t.Errorf("Polish %q, English %q", pl, en)
	}
	for _, w := range want {
		if !strings.Contains(pl, w) {
			t.Errorf("Polish %q lacks %q", pl, w)
		}
	}
}

func TestTLSDetailsInPolish(t *testing.T) {
	now := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	ca := newTestCA(t, "Contoso Test Root")
	leaf := ca.issue(t, leafOptions{cn: testHost, dnsNames: []string{"a.contoso.test", "b.contoso.test", "c.contoso.test"}}).Leaf

	t.Run("dates", func(t *testing.T) {
		for _, tt := range []struct {
			notBefore, notAfter, now time.Time
			want                     string
		}{
			{now.AddDate(-1, 0, 0), now.AddDate(0, 0, -30), now, "certyfikat wygasł 30 stycznia 2026, 12:00 UTC (był ważny od 1 marca 2025, 12:00 UTC)"},
			{now.Add(time.Minute), now.AddDate(1, 0, 0), now, "różnica: 1 minuta; albo zegar tego komputera się spóźnia"},
			{now.Add(3 * time.Hour), now.AddDate(1, 0, 0), now, "różnica: 3 godziny;"},
			{now.Add(5 * time.Second), now.AddDate(1, 0, 0), now, "różnica: 5 sekund;"},
			{now.Add(30 * time.Hour), now.AddDate(1, 0, 0), now, "dopiero za 30 godzin:"},
			{now.AddDate(0, 0, 22), now.AddDate(1, 0, 0), now, "dopiero za 22 dni:"},
			{now.AddDate(0, 0, -1), now.AddDate(1, 0, 0), time.Date(2019, time.June, 1, 0, 0, 0, 0, time.UTC), "zegar tego komputera jest ustawiony nieprawidłowo"},
		} {
			wantPolish(t, checkDates(&x509.Certificate{NotBefore: tt.notBefore, NotAfter: tt.notAfter}, tt.now), tt.want)
		}
	})
	t.Run("names", func(t *testing.T) {
		wantPolish(t, nameMismatch("mail.contoso.test", leaf, errors.New("x509")),
			"certyfikat wystawiono dla a.contoso.test, b.contoso.test, c.contoso.test, a nie dla mail.contoso.test")
		if got := listNames([]string{"a", "b", "c", "d"}, 2).In(i18n.PL); got != "a, b i jeszcze 2" {
			t.Errorf("listNames in Polish: %q", got)
		}
		if got := listNames([]string{"a", "b", "c", "d"}, 2).In(i18n.EN); got != "a, b and 2 more" {
			t.Errorf("listNames in English: %q", got)
		}
		cnOnly := ca.issue(t, leafOptions{cn: "mail.contoso.test", dnsNames: noNames}).Leaf
		wantPolish(t, nameMismatch("mail.contoso.test", cnOnly, errors.New("x509")), "nazwie wspólnej certyfikatu (CN=mail.contoso.test)")
	})
	t.Run("handshake", func(t *testing.T) {
		wantPolish(t, classifyHandshake(testHost, i18n.Verbatim("192.0.2.1:443"), tls.AlertError(40), 10*time.Second, 0),
			`serwer odrzucił uzgadnianie TLS: „tls: handshake failure”`)
		wantPolish(t, classifyHandshake(testHost, i18n.Verbatim("192.0.2.1:443"), errors.New("boom"), 10*time.Second, 0),
			`uzgadnianie TLS z serwerem mail.contoso.test nie powiodło się: „boom”`)
		wantPolish(t, classifyHandshake(testHost, i18n.Verbatim("192.0.2.1:443"), tls.RecordHeaderError{RecordHeader: [5]byte{'S', 'S', 'H', '-', '2'}}, 10*time.Second, 0),
			`(odpowiedział: „SSH-2”)`)
		wantPolish(t, classifyHandshake(testHost, i18n.Verbatim("192.0.2.1:443"), timeoutError{}, 10*time.Second, 3),
			"dotarły 3 bajty", "(10 sekund)")
		wantPolish(t, classifyHandshake(testHost, i18n.Verbatim("192.0.2.1:443"), timeoutError{}, 1500*time.Millisecond, 0),
			"przed upływem limitu czasu (1,5 s)")
		wantPolish(t, verifyCertificate(testHost, nil, nil, now), "serwer nie przesłał certyfikatu")
	})
	t.Run("also", func(t *testing.T) {
		expired := ca.issue(t, leafOptions{cn: testHost, dnsNames: []string{"old.contoso.test"},
			notBefore: now.AddDate(-1, 0, 0), notAfter: now.AddDate(0, 0, -1)}).Leaf
		p := verifyCertificate(testHost, []*x509.Certificate{expired}, nil, now)
		wantPolish(t, p, "certyfikat wygasł", "; również: certyfikat wystawiono dla old.contoso.test")
		if !strings.Contains(p.Detail, "; also: the certificate is for old.contoso.test") {
			t.Errorf("English: %q", p.Detail)
		}
	})
	t.Run("chain", func(t *testing.T) {
		self := ca.issue(t, leafOptions{cn: testHost, selfSigned: true}).Leaf
		wantPolish(t, verifyCertificate(testHost, []*x509.Certificate{self}, x509.NewCertPool(), time.Now()), "ma podpis własny")
		plain := ca.issue(t, leafOptions{cn: testHost}).Leaf
		wantPolish(t, verifyCertificate(testHost, []*x509.Certificate{plain}, x509.NewCertPool(), time.Now()),
			"certyfikat wystawił CN=Contoso Test Root,O=Contoso Test, któremu ten komputer nie ufa (serwer nie przesłał")
		p := untrustedChain(leaf, nil, x509.CertificateInvalidError{Cert: leaf, Reason: x509.TooManyIntermediates})
		wantPolish(t, p, `jest nieprawidłowy: „x509: too many intermediates for path length constraint”`)
		p = untrustedChain(leaf, nil, x509.CertificateInvalidError{Cert: leaf, Reason: x509.IncompatibleUsage})
		wantPolish(t, p, "jest nieprawidłowy: nie wolno go używać do uwierzytelniania serwera")
		if got := displayName("").In(i18n.PL); got != "(pusta nazwa wyróżniająca)" {
			t.Errorf("displayName: %q", got)
		}
	})
	t.Run("strength", func(t *testing.T) {
		weak := ca.issue(t, leafOptions{cn: testHost, sigAlg: x509.ECDSAWithSHA1}).Leaf
		inter := &x509.Certificate{Subject: pkix.Name{CommonName: "Weak CA"}, PublicKey: rsaKey(t, 1024).Public()}
		wantPolish(t, checkStrength([]*x509.Certificate{weak, inter}),
			"certyfikat jest podpisany z użyciem SHA-1 (ECDSA-SHA1); certyfikat pośredni CN=Weak CA ma klucz RSA o długości 1024 bitów")
	})
	t.Run("AIA", func(t *testing.T) {
		for err, want := range map[error]string{
			errNotPlainHTTP:                    "to nie jest zwykły adres http://",
			errNotCertificate:                  "odpowiedź nie jest certyfikatem",
			context.DeadlineExceeded:           "brak odpowiedzi w wyznaczonym czasie",
			&url.Error{Err: errors.New("EOF")}: "„EOF”",
		} {
			p := judgeMissingIssuer(&Problem{Code: CodeTLSUntrusted}, leaf, nil, "http://pki.contoso.test/ca.crt", nil, err, nil, now)
			wantPolish(t, p, "pobranie go z adresu AIA certyfikatu http://pki.contoso.test/ca.crt nie powiodło się", want)
		}
	})
	t.Run("old protocol", func(t *testing.T) {
		s := &Session{}
		s.u, _ = url.Parse("https://" + testHost + "/EWS/Exchange.asmx")
		p := s.oldProtocolProblem(context.Background(), errors.New("tls: server selected unsupported protocol version 301"))
		wantPolish(t, p, "serwer obsługuje co najwyżej TLS 1.0; ewsconnect wymaga TLS 1.2 lub nowszego")
	})
	t.Run("certificate", func(t *testing.T) {
		if got := describeCertificate(leaf).In(i18n.PL); !strings.HasPrefix(got, "podmiot "+testHost+", wystawca Contoso Test Root, skrót SHA-256 ") {
			t.Errorf("describeCertificate: %q", got)
		}
	})
}

// timeoutError is a net.Error that timed out.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }
