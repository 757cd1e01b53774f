package autodiscover

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
)

const (
	mailURL     = "https://mail.contoso.test/EWS/Exchange.asmx"
	rootURL     = "https://contoso.test/autodiscover/autodiscover.xml"
	adURL       = "https://autodiscover.contoso.test/autodiscover/autodiscover.xml"
	hostedAdURL = "https://autodiscover.hosted.test/autodiscover/autodiscover.xml"
)

// scenario is one situation: setup builds the world and may change the
// options; check looks at what the servers saw.
type scenario struct {
	name   string
	setup  func(w *world, o *Options) func(t *testing.T, res Result)
	want   exchange.Code // "" for success
	url    string        // the URL found
	method Method
	detail []string // parts of the problem's detail
}

func TestDiscover(t *testing.T) {
	tests := []scenario{
		{
			name: "autodiscover domain answers, root domain has no autodiscover",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				root := w.serve("contoso.test")
				root.schemes = nil
				root.answer = func(string) string { return "" }
				w.serve("autodiscover.contoso.test")
				return func(t *testing.T, res Result) {
					if res.Source != adURL || res.Internal {
						t.Errorf("got source %q internal %v", res.Source, res.Internal)
					}
				}
			},
			url: mailURL, method: MethodAutodiscoverDomain,
		},
		{
			name: "root domain and autodiscover domain both answer: the root domain is preferred",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("contoso.test").answer = func(string) string { return settingsXML("https://root.contoso.test/EWS/Exchange.asmx", "") }
				ad := w.serve("autodiscover.contoso.test")
				return func(t *testing.T, res Result) {
					if authed, _, _ := ad.stats(); authed != 0 {
						t.Errorf("the autodiscover domain got %d signed-in requests, want 0", authed)
					}
				}
			},
			url: "https://root.contoso.test/EWS/Exchange.asmx", method: MethodRootDomain,
		},
		{
			name: "EXPR is preferred to EXCH",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string {
					return settingsXML(mailURL, "https://exch01.corp.local/EWS/Exchange.asmx")
				}
				return nil
			},
			url: mailURL, method: MethodAutodiscoverDomain,
		},
		{
			name: "EXCH only, its host reachable: used and marked internal",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string {
					return settingsXML("", "https://exch01.corp.local/EWS/Exchange.asmx")
				}
				w.serve("exch01.corp.local")
				return func(t *testing.T, res Result) {
					if !res.Internal {
						t.Error("Internal is not set")
					}
				}
			},
			url: "https://exch01.corp.local/EWS/Exchange.asmx", method: MethodAutodiscoverDomain,
		},
		{
			name: "EXCH only, its host does not resolve: internal-only",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string {
					return settingsXML("", "https://exch01.corp.local/EWS/Exchange.asmx")
				}
				return nil
			},
			want: exchange.CodeAutodiscoverInternalOnly, detail: []string{"exch01.corp.local"},
		},
		{
			name: "error 500 on the root domain, settings on the autodiscover domain",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("contoso.test").answer = func(string) string { return errorXML("500", "The e-mail address cannot be found.") }
				w.serve("autodiscover.contoso.test")
				return func(t *testing.T, res Result) {
					a, _ := findAttempt(res, MethodRootDomain, "")
					if a.Result != ResultNotFound || !strings.Contains(a.Detail, "error 500 (the address is unknown there)") ||
						!strings.Contains(a.Detail, `the server said: "The e-mail address cannot be found."`) {
						t.Errorf("root attempt: %+v", a)
					}
				}
			},
			url: mailURL, method: MethodAutodiscoverDomain,
		},
		{
			name: "redirectUrl within the domain is followed",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string {
					return redirectURLXML("https://ad2.contoso.test/autodiscover/autodiscover.xml")
				}
				w.serve("ad2.contoso.test")
				return func(t *testing.T, res Result) {
					a, _ := findAttempt(res, MethodAutodiscoverDomain, "")
					if a.Result != ResultNotFound || !strings.Contains(a.Detail, "redirectUrl to https://ad2.contoso.test/") {
						t.Errorf("the redirecting attempt: %+v", a)
					}
				}
			},
			url: mailURL, method: MethodRedirectURL,
		},
		{
			name: "redirectUrl to another domain without consent: no password, the certificate named",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string { return redirectURLXML(hostedAdURL) }
				hosted := w.serve("autodiscover.hosted.test")
				return func(t *testing.T, res Result) {
					if authed, _, _ := hosted.stats(); authed != 0 {
						t.Errorf("the other domain got %d requests with credentials", authed)
					}
					want := Consent{Domain: "hosted.test", URL: hostedAdURL, CertName: "autodiscover.hosted.test", From: adURL}
					if res.Consent == nil || *res.Consent != want {
						t.Errorf("got consent %+v, want %+v", res.Consent, want)
					}
				}
			},
			want: exchange.CodeAutodiscoverUnconfirmed, detail: []string{"hosted.test"},
		},
		{
			name: "redirectUrl to another domain with consent is followed",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				o.AllowRedirect = []string{"hosted.test"}
				w.serve("autodiscover.contoso.test").answer = func(string) string { return redirectURLXML(hostedAdURL) }
				w.serve("autodiscover.hosted.test").answer = func(string) string {
					return settingsXML("https://mail.hosted.test/EWS/Exchange.asmx", "")
				}
				return nil
			},
			url: "https://mail.hosted.test/EWS/Exchange.asmx", method: MethodRedirectURL,
		},
		{
			name: "redirectUrl to http is not followed",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string {
					return redirectURLXML("http://ad2.contoso.test/autodiscover/autodiscover.xml")
				}
				return func(t *testing.T, res Result) {
					if _, ok := findAttempt(res, MethodRedirectURL, ""); ok {
						t.Error("an http redirectUrl was tried")
					}
				}
			},
			want: exchange.CodeAutodiscoverNotFound, detail: []string{"https-autodiscover-domain: not-found"},
		},
		{
			name: "redirectUrl back to a URL already asked: loop",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string { return redirectURLXML(adURL) }
				return nil
			},
			want: exchange.CodeAutodiscoverLoop, detail: []string{adURL},
		},
		{
			name: "redirectUrl chain past ten redirects: loop",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				names := []string{"autodiscover.contoso.test"}
				for i := 1; i <= 11; i++ {
					names = append(names, "ad"+itoa(i)+".contoso.test")
				}
				// Each adN answers with a redirectUrl to ad(N+1).
				w.serve(names...).byHost = func(host string) string {
					n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(host, "ad"), ".contoso.test"))
					return redirectURLXML("https://ad" + itoa(n+1) + ".contoso.test/autodiscover/autodiscover.xml")
				}
				return nil
			},
			want: exchange.CodeAutodiscoverLoop, detail: []string{"more than 10", "ad11.contoso.test"},
		},
		{
			name: "redirectAddr within the domain: discovery again, as the original login",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				ad := w.serve("autodiscover.contoso.test", "autodiscover.eu.contoso.test")
				ad.answer = func(email string) string {
					if email == testEmail {
						return redirectAddrXML("alice@eu.contoso.test")
					}
					return settingsXML("https://mail.eu.contoso.test/EWS/Exchange.asmx", "")
				}
				return func(t *testing.T, res Result) {
					if res.Email != "alice@eu.contoso.test" {
						t.Errorf("got email %q", res.Email)
					}
					ad.mu.Lock()
					defer ad.mu.Unlock()
					for _, l := range ad.logins {
						if l != testEmail {
							t.Errorf("signed in as %q, want the original login", l)
						}
					}
				}
			},
			url: "https://mail.eu.contoso.test/EWS/Exchange.asmx", method: MethodRedirectAddr,
		},
		{
			name: "redirectAddr hops past the limit: loop",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				ad := w.serve("autodiscover.contoso.test", "autodiscover.a.contoso.test", "autodiscover.b.contoso.test", "autodiscover.c.contoso.test")
				next := map[string]string{testEmail: "alice@a.contoso.test", "alice@a.contoso.test": "alice@b.contoso.test", "alice@b.contoso.test": "alice@c.contoso.test"}
				ad.answer = func(email string) string { return redirectAddrXML(next[email]) }
				return nil
			},
			want: exchange.CodeAutodiscoverLoop, detail: []string{"more than 2 redirectAddr hops", "alice@c.contoso.test"},
		},
		{
			name: "redirectAddr back to the original address: loop",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				ad := w.serve("autodiscover.contoso.test", "autodiscover.a.contoso.test")
				ad.answer = func(email string) string {
					if email == testEmail {
						return redirectAddrXML("alice@a.contoso.test")
					}
					return redirectAddrXML(testEmail)
				}
				return nil
			},
			want: exchange.CodeAutodiscoverLoop, detail: []string{testEmail},
		},
		{
			name: "redirectAddr to another domain without consent: no password, consent asked",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string { return redirectAddrXML("alice@fabrikam.test") }
				fab := w.serve("autodiscover.fabrikam.test")
				return func(t *testing.T, res Result) {
					if authed, _, _ := fab.stats(); authed != 0 {
						t.Errorf("the other domain got %d requests with credentials", authed)
					}
					want := Consent{Domain: "fabrikam.test", URL: "https://autodiscover.fabrikam.test/autodiscover/autodiscover.xml", CertName: "autodiscover.fabrikam.test", From: adURL}
					if res.Consent == nil || *res.Consent != want {
						t.Errorf("got consent %+v, want %+v", res.Consent, want)
					}
				}
			},
			want: exchange.CodeAutodiscoverUnconfirmed, detail: []string{"fabrikam.test"},
		},
		{
			name: "redirectAddr to onmicrosoft.com: Exchange Online, nothing sent there",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string {
					return redirectAddrXML("alice@contoso.mail.onmicrosoft.com")
				}
				return func(t *testing.T, res Result) {
					for _, n := range w.resolver.names() {
						if strings.Contains(n, "onmicrosoft") {
							t.Errorf("%s was looked up", n)
						}
					}
				}
			},
			want: exchange.CodeAuthBasicDisabled, detail: []string{"Exchange Online", "no password sent there"},
		},
		{
			name: "settings naming Exchange Online: Exchange Online",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string {
					return settingsXML("https://outlook.office365.com/EWS/Exchange.asmx", "")
				}
				return nil
			},
			want: exchange.CodeAuthBasicDisabled, detail: []string{"outlook.office365.com", "only OAuth"},
		},
		{
			name: "http redirect within the domain is followed",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.servePlain("autodiscover.contoso.test", redirectTo(http.StatusFound, "https://ad.contoso.test/autodiscover/autodiscover.xml"))
				w.serve("ad.contoso.test")
				return nil
			},
			url: mailURL, method: MethodHTTPRedirect,
		},
		{
			name: "http redirect to another domain: consent asked, no password sent",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.servePlain("autodiscover.contoso.test", redirectTo(http.StatusFound, hostedAdURL))
				hosted := w.serve("autodiscover.hosted.test")
				return func(t *testing.T, res Result) {
					if authed, _, _ := hosted.stats(); authed != 0 {
						t.Errorf("the other domain got %d requests with credentials", authed)
					}
					if res.Consent == nil || res.Consent.CertName != "autodiscover.hosted.test" ||
						res.Consent.From != "http://autodiscover.contoso.test/autodiscover/autodiscover.xml" {
						t.Errorf("got consent %+v", res.Consent)
					}
				}
			},
			want: exchange.CodeAutodiscoverUnconfirmed,
		},
		{
			name: "http redirect to http: not followed",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.servePlain("autodiscover.contoso.test", redirectTo(http.StatusMovedPermanently, "http://ad.contoso.test/autodiscover/autodiscover.xml"))
				ad := w.serve("ad.contoso.test")
				return func(t *testing.T, res Result) {
					if _, _, conns := ad.stats(); conns != 0 {
						t.Errorf("the http target was contacted")
					}
				}
			},
			want: exchange.CodeAutodiscoverNotFound, detail: []string{"http-redirect: not-found"},
		},
		{
			name: "http redirect to Exchange Online: recognised, never connected to",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.servePlain("autodiscover.contoso.test", redirectTo(http.StatusFound, "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml"))
				return func(t *testing.T, res Result) {
					for _, n := range w.resolver.names() {
						if strings.Contains(n, "outlook.com") {
							t.Errorf("%s was looked up", n)
						}
					}
					if res.Consent != nil {
						t.Errorf("consent asked for Exchange Online: %+v", res.Consent)
					}
				}
			},
			want: exchange.CodeAuthBasicDisabled, detail: []string{"autodiscover-s.outlook.com"},
		},
		{
			name: "srv target within the domain",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				s := w.serve("exch-ad.contoso.test")
				port := s.port()
				w.resolver.srv["_autodiscover._tcp.contoso.test"] = []*net.SRV{{Target: "exch-ad.contoso.test.", Port: uint16(atoi(port)), Priority: 0, Weight: 0}}
				return nil
			},
			url: mailURL, method: MethodSRV,
		},
		{
			name: "srv target in another domain: consent",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				s := w.serve("ad.hosted.test")
				w.resolver.srv["_autodiscover._tcp.contoso.test"] = []*net.SRV{{Target: "ad.hosted.test.", Port: uint16(atoi(s.port()))}}
				return func(t *testing.T, res Result) {
					if authed, _, _ := s.stats(); authed != 0 {
						t.Errorf("the other domain got %d requests with credentials", authed)
					}
					if res.Consent == nil || res.Consent.Domain != "hosted.test" || res.Consent.From != "_autodiscover._tcp.contoso.test" {
						t.Errorf("got consent %+v", res.Consent)
					}
				}
			},
			want: exchange.CodeAutodiscoverUnconfirmed,
		},
		{
			name: "json-v2 is the last fallback",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				s := w.serve("autodiscover.contoso.test")
				s.answer = func(string) string { return errorXML("603", "internal") }
				s.json = func(string) (int, string) { return 200, `{"Protocol":"EWS","Url":"` + mailURL + `"}` }
				return nil
			},
			url: mailURL, method: MethodJSONv2,
		},
		{
			name: "json-v2 naming Exchange Online: Exchange Online",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				s := w.serve("autodiscover.contoso.test")
				s.schemes = []string{`Bearer authorization_uri="https://login.test"`}
				s.json = func(string) (int, string) {
					return 200, `{"Protocol":"EWS","Url":"https://outlook.office365.com/EWS/Exchange.asmx"}`
				}
				return nil
			},
			want: exchange.CodeAuthBasicDisabled, detail: []string{"json-v2", "outlook.office365.com"},
		},
		{
			name: "ntlm refused on the root domain: the autodiscover domain is tried next",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				root := w.serve("contoso.test")
				root.schemes = []string{"NTLM"}
				root.noChallenge = true
				w.serve("autodiscover.contoso.test")
				return func(t *testing.T, res Result) {
					if a, _ := findAttempt(res, MethodRootDomain, ""); a.Result != string(exchange.CodeAuthNTLMRefused) {
						t.Errorf("root attempt: %+v", a)
					}
				}
			},
			url: mailURL, method: MethodAutodiscoverDomain,
		},
		{
			name: "Basic from a redirected host after NTLM was offered: refused as a downgrade",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").answer = func(string) string { return errorXML("601", "no configuration") }
				w.servePlain("autodiscover.contoso.test", redirectTo(http.StatusFound, "https://basic.contoso.test/autodiscover/autodiscover.xml"))
				basic := w.serve("basic.contoso.test")
				basic.schemes = []string{`Basic realm="basic.contoso.test"`}
				return func(t *testing.T, res Result) {
					if authed, _, _ := basic.stats(); authed != 0 {
						t.Errorf("the Basic host got %d requests with credentials", authed)
					}
					a, _ := findAttempt(res, MethodHTTPRedirect, "https://basic")
					if a.Result != ResultSkipped || !strings.Contains(a.Detail, "downgrade") {
						t.Errorf("the redirected attempt: %+v", a)
					}
				}
			},
			want: exchange.CodeAutodiscoverNotFound,
		},
		{
			name: "Basic alone, on the autodiscover domain: signs in",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				w.serve("autodiscover.contoso.test").schemes = []string{`Basic realm="x"`}
				return nil
			},
			url: mailURL, method: MethodAutodiscoverDomain,
		},
		{
			name: "wrong password: auth-failed at once, with the DOMAIN\\user suggestion",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				o.Credentials.Password = "wrong"
				w.serve("contoso.test")
				ad := w.serve("autodiscover.contoso.test")
				w.resolver.srv["_autodiscover._tcp.contoso.test"] = []*net.SRV{{Target: "autodiscover.contoso.test.", Port: 443}}
				return func(t *testing.T, res Result) {
					if _, passwords, _ := ad.stats(); passwords != 0 {
						t.Errorf("the password was sent to a second candidate after a refusal")
					}
					if res.Suggestions.Username != `CONTOSO\alice` {
						t.Errorf("got username suggestion %q", res.Suggestions.Username)
					}
					if res.Server.NetBIOSDomain != "CONTOSO" {
						t.Errorf("got server %+v", res.Server)
					}
				}
			},
			want: exchange.CodeAuthFailed, detail: []string{"NetBIOS domain CONTOSO"},
		},
		{
			name: "nothing answers: not-found, each method's result in the detail",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				return func(t *testing.T, res Result) {
					if len(res.Attempts) != 5 {
						t.Errorf("got %d attempts, want 5", len(res.Attempts))
					}
				}
			},
			want: exchange.CodeAutodiscoverNotFound,
			detail: []string{"https-root-domain: dns-failed", "https-autodiscover-domain: dns-failed", "http-redirect: dns-failed",
				"srv: not-found", "json-v2: dns-failed"},
		},
		{
			name: "certificate for another name on the root domain: the autodiscover domain answers",
			setup: func(w *world, o *Options) func(*testing.T, Result) {
				s := w.serve("www.webhost.test")
				w.resolve["contoso.test"] = s.Listener.Addr().String()
				w.serve("autodiscover.contoso.test")
				return func(t *testing.T, res Result) {
					if a, _ := findAttempt(res, MethodRootDomain, ""); a.Result != string(exchange.CodeTLSNameMismatch) {
						t.Errorf("root attempt: %+v", a)
					}
					if authed, _, _ := s.stats(); authed != 0 {
						t.Error("credentials went to the mismatched certificate's server")
					}
				}
			},
			url: mailURL, method: MethodAutodiscoverDomain,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			o := w.options(5 * time.Second)
			check := tt.setup(w, &o)
			o.Network.ConnectTo = w.connectTo
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			res, err := Discover(ctx, o)
			t.Logf("attempts:%s", attemptsText(res))
			p := wantCode(t, err, tt.want)
			for _, part := range tt.detail {
				if !strings.Contains(p.Detail, part) {
					t.Errorf("detail %q does not contain %q", p.Detail, part)
				}
			}
			if res.URL != tt.url || res.Method != tt.method {
				t.Errorf("got URL %q by %q, want %q by %q", res.URL, res.Method, tt.url, tt.method)
			}
			if m := w.maxInFlight.Load(); m > 1 {
				t.Errorf("%d requests with credentials were in flight at once", m)
			}
			for _, a := range res.Attempts {
				if a.Result == ResultRunning {
					t.Errorf("attempt still running after Discover returned: %+v", a)
				}
			}
			if check != nil {
				check(t, res)
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
