package exchange

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeResolver answers DNS questions from a map; a missing name is an
// error given by err.
type fakeResolver struct {
	addrs map[string][]string
	err   error
}

func (r fakeResolver) LookupHost(ctx context.Context, host string) ([]string, error) {
	if a, ok := r.addrs[host]; ok {
		return a, nil
	}
	if r.err == errBlock {
		<-ctx.Done()
		return nil, &net.DNSError{Err: "i/o timeout", Name: host, IsTimeout: true}
	}
	return nil, r.err
}

var errBlock = errors.New("block until the deadline")

func TestLookupHost(t *testing.T) {
	tests := []struct {
		name     string
		raw      string
		net      Network
		want     Code
		addrs    string
		override bool
		port     string
		detail   string
	}{
		{name: "override, IP only", raw: "https://mail.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolve: map[string]string{"mail.contoso.test": "127.0.0.1"}}, addrs: "127.0.0.1", override: true, port: "443"},
		{name: "override with port", raw: "https://mail.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolve: map[string]string{"mail.contoso.test": "127.0.0.1:40123"}}, addrs: "127.0.0.1", override: true, port: "40123"},
		{name: "override, IPv6 with port", raw: "https://mail.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolve: map[string]string{"mail.contoso.test": "[::1]:8443"}}, addrs: "::1", override: true, port: "8443"},
		{name: "override matches host case-insensitively", raw: "https://MAIL.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolve: map[string]string{"Mail.Contoso.Test": "127.0.0.2"}}, addrs: "127.0.0.2", override: true, port: "443"},
		{name: "override that is not an IP", raw: "https://mail.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolve: map[string]string{"mail.contoso.test": "localhost:1"}}, want: CodeDNSFailed, detail: "not an IP"},
		{name: "resolver answers, URL port kept", raw: "https://mail.contoso.test:444/EWS/Exchange.asmx",
			net: Network{Resolver: fakeResolver{addrs: map[string][]string{"mail.contoso.test": {"192.0.2.1", "192.0.2.2"}}}}, addrs: "192.0.2.1,192.0.2.2", port: "444"},
		{name: "IP literal needs no DNS", raw: "https://192.0.2.7/EWS/Exchange.asmx",
			net: Network{Resolver: fakeResolver{err: errors.New("must not be asked")}}, addrs: "192.0.2.7", port: "443"},
		{name: "name does not exist", raw: "https://nope.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolver: fakeResolver{err: &net.DNSError{Err: "no such host", Name: "nope.contoso.test", IsNotFound: true}}}, want: CodeDNSFailed, detail: "does not exist"},
		{name: "DNS server failure", raw: "https://mail.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolver: fakeResolver{err: &net.DNSError{Err: "server misbehaving", Name: "mail.contoso.test", IsTemporary: true}}}, want: CodeDNSFailed, detail: "server misbehaving"},
		{name: "DNS timeout", raw: "https://mail.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolver: fakeResolver{err: errBlock}, Timeout: 200 * time.Millisecond}, want: CodeDNSFailed, detail: "did not answer"},
		{name: "empty answer", raw: "https://mail.contoso.test/EWS/Exchange.asmx",
			net: Network{Resolver: fakeResolver{addrs: map[string][]string{"mail.contoso.test": {}}}}, want: CodeDNSFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSession(tt.raw, tt.net, Credentials{})
			res, err := s.LookupHost(context.Background())
			p := wantCode(t, err, tt.want)
			if p != nil {
				wantDetail(t, p, tt.detail)
				return
			}
			if got := strings.Join(res.Addrs, ","); got != tt.addrs || res.Override != tt.override || s.port != tt.port {
				t.Errorf("got %s override=%v port %s, want %s %v %s", got, res.Override, s.port, tt.addrs, tt.override, tt.port)
			}
		})
	}
}

func TestConnectRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there any more
	s := NewSession("https://"+testHost+ewsPath, testNetwork(addr, nil), Credentials{})
	_, err = s.Connect(context.Background())
	p := wantCode(t, err, CodeConnectRefused)
	wantDetail(t, p, addr, "refused")
}

// A server that accepts TCP but never speaks: the cost is bounded by the
// timeout, at the TLS step (the kernel completes the TCP handshake) and at
// the endpoint step (TLS done, no HTTP answer).
func TestSilentServerCostIsBounded(t *testing.T) {
	t.Run("tcp accepted, no TLS answer", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close() // never Accept: the backlog holds the connection
		n := testNetwork(l.Addr().String(), nil)
		n.Timeout = 300 * time.Millisecond
		s := NewSession("https://"+testHost+ewsPath, n, Credentials{})
		defer s.Close()
		if err := runUntil(t, s, "connect"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = s.Handshake(context.Background())
		p := wantCode(t, err, CodeConnectTimeout)
		wantDetail(t, p, "300 ms")
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("took %v, want about 300ms", took)
		}
	})
	t.Run("tls done, no HTTP answer", func(t *testing.T) {
		ca := newTestCA(t, "Contoso Test Root")
		release := make(chan struct{})
		ts := startTLSServer(t, ca.issue(t, leafOptions{cn: testHost}), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-release
		}))
		defer close(release)
		n := testNetwork("127.0.0.1:"+ts.port(), ca.pool)
		n.Timeout = 300 * time.Millisecond
		s := NewSession(ts.url(), n, Credentials{})
		defer s.Close()
		if err := runUntil(t, s, "tls"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := s.ProbeEndpoint(context.Background())
		wantCode(t, err, CodeConnectTimeout)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("took %v, want about 300ms", took)
		}
	})
}

func TestHandshake(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	other := newTestCA(t, "Fabrikam Private CA")
	rsaCA := newTestCAWithKey(t, "Contoso RSA Root", rsaKey(t, 2048))
	sha1Intermediate := ca.intermediate(t, "Contoso Issuing CA 1", x509.ECDSAWithSHA1)
	sameNameOtherKey := newTestCA(t, "Contoso Test Root")
	notCA := ca.issue(t, leafOptions{cn: "Contoso Web Server", dnsNames: []string{"www.contoso.test"}})
	past := time.Now().Add(-48 * time.Hour)
	tests := []struct {
		name   string
		cert   tls.Certificate
		roots  *x509.CertPool
		want   Code
		detail []string
		absent []string // evidence the detail must not claim
	}{
		{name: "tls, valid certificate", cert: ca.issue(t, leafOptions{cn: testHost}), roots: ca.pool},
		{name: "tls, wildcard certificate", cert: ca.issue(t, leafOptions{dnsNames: []string{"*.contoso.test"}}), roots: ca.pool},
		{name: "tls, expired", cert: ca.issue(t, leafOptions{notBefore: past, notAfter: past.Add(time.Hour)}), roots: ca.pool,
			want: CodeTLSExpired, detail: []string{"expired on " + past.Add(time.Hour).UTC().Format("2006-01-02")}},
		{name: "tls, not yet valid", cert: ca.issue(t, leafOptions{notBefore: time.Now().Add(time.Hour), notAfter: time.Now().Add(2 * time.Hour)}), roots: ca.pool,
			want: CodeTLSExpired, detail: []string{"not valid before", "this computer's clock says"}},
		{name: "tls, wrong host name", cert: ca.issue(t, leafOptions{cn: "webmail.fabrikam.test", dnsNames: []string{"webmail.fabrikam.test", "autodiscover.fabrikam.test"}}), roots: ca.pool,
			want: CodeTLSNameMismatch, detail: []string{"webmail.fabrikam.test, autodiscover.fabrikam.test", "not " + testHost}},
		{name: "tls, host only in CN", cert: ca.issue(t, leafOptions{cn: testHost, dnsNames: noNames}), roots: ca.pool,
			want: CodeTLSNameMismatch, detail: []string{"only in the certificate's common name", "CN=" + testHost}},
		{name: "tls, no names at all", cert: ca.issue(t, leafOptions{cn: "EXCH01", dnsNames: noNames}), roots: ca.pool,
			want: CodeTLSNameMismatch, detail: []string{"names no host"}},
		{name: "tls, unknown CA", cert: other.issue(t, leafOptions{cn: testHost}), roots: ca.pool,
			want: CodeTLSUntrusted, detail: []string{"Fabrikam Private CA", "does not trust", "sent no certificate for it"}},
		{name: "tls, the server sends its untrusted root", cert: other.issue(t, leafOptions{cn: testHost, chain: []*x509.Certificate{other.cert}}), roots: ca.pool,
			want: CodeTLSUntrusted, detail: []string{"ends at the root CN=Fabrikam Private CA"}, absent: []string{"intermediate"}},
		{name: "tls, the chain ends at an intermediate of an untrusted root", cert: other.intermediate(t, "Fabrikam Issuing CA", 0).issueChained(t, leafOptions{cn: testHost}), roots: ca.pool,
			want: CodeTLSUntrusted, detail: []string{"ends at CN=Fabrikam Issuing CA,O=Contoso Test, issued by CN=Fabrikam Private CA", "does not trust"}, absent: []string{"should send"}},
		{name: "tls, the server sends an intermediate that is not the issuer", cert: other.issue(t, leafOptions{cn: testHost, chain: []*x509.Certificate{sha1Intermediate.cert}}), roots: ca.pool,
			want: CodeTLSUntrusted, detail: []string{"issued by CN=Fabrikam Private CA", "did not come from the certificates the server sent with it (CN=Contoso Issuing CA 1"}},
		{name: "tls, expired intermediate", cert: ca.intermediate(t, "Contoso Issuing CA 4", 0, func(c *x509.Certificate) {
			c.NotBefore, c.NotAfter = past.Add(-time.Hour), past
		}).issueChained(t, leafOptions{cn: testHost}), roots: ca.pool,
			want: CodeTLSExpired, detail: []string{"a certificate in the chain (CN=Contoso Issuing CA 4,O=Contoso Test) is outside its validity period"}, absent: []string{"should send"}},
		{name: "tls, the issuer's certificate is not a CA", cert: (&testCA{cert: notCA.Leaf, key: notCA.PrivateKey.(crypto.Signer)}).issueChained(t, leafOptions{cn: testHost}), roots: ca.pool,
			want: CodeTLSUntrusted, detail: []string{"it is not a CA certificate"}, absent: []string{"should send"}},
		{name: "tls, a trusted root of the issuer's name but another key", cert: ca.issue(t, leafOptions{cn: testHost}), roots: sameNameOtherKey.pool,
			want: CodeTLSUntrusted, detail: []string{"Contoso Test Root", "its key did not sign"}, absent: []string{"intermediate"}},
		{name: "tls, signed with SHA-1 by a trusted CA", cert: ca.issue(t, leafOptions{cn: testHost, sigAlg: x509.ECDSAWithSHA1}), roots: ca.pool,
			want: CodeTLSWeakCert, detail: []string{"the certificate is signed with SHA-1 (ECDSA-SHA1)"}, absent: []string{"trust", "intermediate", "also"}},
		{name: "tls, signed with SHA1-RSA by a trusted CA", cert: rsaCA.issue(t, leafOptions{cn: testHost, sigAlg: x509.SHA1WithRSA}), roots: rsaCA.pool,
			want: CodeTLSWeakCert, detail: []string{"signed with SHA-1 (SHA1-RSA)"}, absent: []string{"trust"}},
		{name: "tls, intermediate signed with SHA-1", cert: sha1Intermediate.issue(t, leafOptions{cn: testHost, chain: []*x509.Certificate{sha1Intermediate.cert}}), roots: ca.pool,
			want: CodeTLSWeakCert, detail: []string{"the intermediate certificate CN=Contoso Issuing CA 1", "signed with SHA-1"}, absent: []string{"trust"}},
		{name: "tls, RSA key of 1024 bits", cert: rsaCA.issue(t, leafOptions{cn: testHost, key: rsaKey(t, 1024)}), roots: rsaCA.pool,
			want: CodeTLSWeakCert, detail: []string{"has an RSA key of 1024 bits"}, absent: []string{"also"}},
		{name: "tls, SHA-1 from an untrusted CA", cert: other.issue(t, leafOptions{cn: testHost, sigAlg: x509.ECDSAWithSHA1}), roots: ca.pool,
			want: CodeTLSWeakCert, detail: []string{"signed with SHA-1", "also: the certificate was issued by CN=Fabrikam Private CA"}},
		{name: "tls, a stray SHA-1 certificate next to a valid chain", cert: ca.intermediate(t, "Contoso Issuing CA 3", 0).issueChained(t, leafOptions{cn: testHost, chain: []*x509.Certificate{sha1Intermediate.cert}}), roots: ca.pool},
		{name: "tls, intermediate sent, leaf signed by a valid chain", cert: ca.intermediate(t, "Contoso Issuing CA 2", 0).issueChained(t, leafOptions{cn: testHost}), roots: ca.pool},
		{name: "tls, self-signed", cert: ca.issue(t, leafOptions{cn: testHost, selfSigned: true}), roots: ca.pool,
			want: CodeTLSUntrusted, detail: []string{"self-signed"}},
		{name: "tls, expired and wrong name", cert: ca.issue(t, leafOptions{dnsNames: []string{"old.contoso.test"}, notBefore: past, notAfter: past.Add(time.Hour)}), roots: ca.pool,
			want: CodeTLSExpired, detail: []string{"also: the certificate is for old.contoso.test"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var served int
			ts := startTLSServer(t, tt.cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served++ }))
			s := NewSession(ts.url(), testNetwork("127.0.0.1:"+ts.port(), tt.roots), Credentials{Email: testEmail, Password: testPassword})
			defer s.Close()
			if err := runUntil(t, s, "connect"); err != nil {
				t.Fatal(err)
			}
			res, err := s.Handshake(context.Background())
			p := wantCode(t, err, tt.want)
			if p != nil {
				wantDetail(t, p, tt.detail...)
				for _, claim := range tt.absent {
					if strings.Contains(p.Detail, claim) {
						t.Errorf("detail %q claims %q", p.Detail, claim)
					}
				}
				// Nothing more goes to an unverified server: the endpoint
				// step dials afresh and fails the same way.
				_, err := s.ProbeEndpoint(context.Background())
				wantCode(t, err, tt.want)
				if served != 0 {
					t.Errorf("%d requests reached the unverified server", served)
				}
				return
			}
			if res.Version != "TLS 1.3" || res.NotAfter.IsZero() || res.Issuer != tt.cert.Leaf.Issuer.CommonName {
				t.Errorf("got %+v", res)
			}
		})
	}
}

func TestHandshakeWithPlainHTTPServer(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	defer srv.Close()
	s := NewSession("https://"+testHost+ewsPath, testNetwork(srv.Listener.Addr().String(), nil), Credentials{})
	defer s.Close()
	p := wantCode(t, runUntil(t, s, "tls"), CodeTLSFailed)
	wantDetail(t, p, "plain HTTP")
}

func TestProbeEndpoint(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	cert := ca.issue(t, leafOptions{cn: testHost, dnsNames: []string{testHost, "webmail.contoso.test"}})
	owaPage := `<!DOCTYPE html><html><head><title>Outlook</title></head><body><!-- OwaPage = ASP.auth_logon_aspx -->
<form action="/owa/auth.owa" method="POST" name="logonForm"><input name="username"><input name="password" type="password"></form></body></html>`
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    Code
		schemes string
		suggest string
		detail  []string
		anon    bool
	}{
		{name: "endpoint, 401 with NTLM and Negotiate", handler: offer("Negotiate", "NTLM"), schemes: "Negotiate,NTLM"},
		{name: "endpoint, 401 with Basic realm", handler: offer("Negotiate", "NTLM", `Basic realm="mail.contoso.test"`), schemes: "Negotiate,NTLM,Basic"},
		{name: "endpoint, 401 Bearer only (decided at sign-in)", handler: offer(`Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*"`), schemes: "Bearer"},
		{name: "endpoint, 401 two schemes in one header", handler: offer("Negotiate, NTLM"), schemes: "Negotiate,NTLM"},
		{name: "endpoint, 302 to OWA logon.aspx", handler: redirect("/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.test%2fowa%2f&reason=0"),
			want: CodeURLOWA, detail: []string{"302", "logon.aspx"}},
		{name: "endpoint, 302 to OWA of another host", handler: redirect("https://webmail.contoso.test/owa/"),
			want: CodeURLOWA, suggest: "https://webmail.contoso.test/EWS/Exchange.asmx"},
		{name: "endpoint, 302 to ISA/TMG CookieAuth.dll", handler: redirect("/CookieAuth.dll?GetLogon?curl=Z2FEWSZ2FExchange.asmx"),
			want: CodeURLOWA, detail: []string{"CookieAuth.dll"}},
		{name: "endpoint, OWA login page served directly", handler: page(200, owaPage), want: CodeURLOWA, detail: []string{"sign-in page"}},
		{name: "endpoint, 301 to EWS on another host", handler: redirect("https://ews.fabrikam.test/EWS/Exchange.asmx"),
			want: CodeURLNotEWS, suggest: "https://ews.fabrikam.test/EWS/Exchange.asmx", detail: []string{"301", "ews.fabrikam.test", "not followed"}},
		{name: "endpoint, 302 somewhere else", handler: redirect("https://www.contoso.test/"), want: CodeURLNotEWS, detail: []string{"www.contoso.test"}},
		{name: "endpoint, 302 to generic error page", handler: redirect("/ews/genericerrorpage.htm?aspxerrorpath=/ews/exchange.asmx"), want: CodeServerError},
		{name: "endpoint, 404", handler: page(404, "Not Found"), want: CodeURLNotEWS, detail: []string{"404"}},
		{name: "endpoint, 403", handler: page(403, "Forbidden"), want: CodeEWSDisabled, detail: []string{"403", userAgent()}},
		{name: "endpoint, 503", handler: page(503, "Service Unavailable"), want: CodeServerError, detail: []string{"503"}},
		{name: "endpoint, 500 with SOAP fault", handler: page(500, soapAnswer("", `<s:Fault><faultcode>s:Server</faultcode><faultstring>ErrorInternalServerError</faultstring></s:Fault>`)),
			want: CodeServerError, detail: []string{"500", `SOAP fault Server; the server said: "ErrorInternalServerError"`}},
		{name: "endpoint, 440 login timeout", handler: page(440, ""), want: CodeURLOWA},
		{name: "endpoint, 200 without sign-in", handler: page(200, "You have created a service."), anon: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startTLSServer(t, cert, tt.handler)
			s := NewSession(ts.url(), testNetwork("127.0.0.1:"+ts.port(), ca.pool), Credentials{})
			defer s.Close()
			if err := runUntil(t, s, "tls"); err != nil {
				t.Fatal(err)
			}
			res, err := s.ProbeEndpoint(context.Background())
			p := wantCode(t, err, tt.want)
			if p != nil {
				wantDetail(t, p, tt.detail...)
			} else if got := strings.Join(res.AuthSchemes, ","); got != tt.schemes || res.Anonymous != tt.anon {
				t.Errorf("schemes %q anonymous %v, want %q %v", got, res.Anonymous, tt.schemes, tt.anon)
			}
			if got := s.Suggestions().URL; got != tt.suggest {
				t.Errorf("suggestion %q, want %q", got, tt.suggest)
			}
			if conns, hs := s.Stats(); conns != 1 || hs != 1 {
				t.Errorf("%d connections, %d handshakes; want the pre-established one", conns, hs)
			}
		})
	}
}

func offer(values ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, v := range values {
			w.Header().Add("WWW-Authenticate", v)
		}
		w.Header().Set("X-OWA-Version", "15.1.2507.39")
		w.WriteHeader(http.StatusUnauthorized)
	}
}

func redirect(location string) http.HandlerFunc {
	status := http.StatusFound
	if strings.Contains(location, "fabrikam") {
		status = http.StatusMovedPermanently
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	}
}

func page(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}
