package exchangesim

import (
	"net"
	"strings"
)

// Scenario is one row of the demo table: what to type, and what a correct
// diagnosis reports. Expect is "ok" or a problem code of the contract.
type Scenario struct {
	Name     string `json:"name"`
	Host     string `json:"host,omitempty"` // "" for an autodiscover row
	URL      string `json:"url,omitempty"`  // the URL to enter instead of https://HOST/EWS/Exchange.asmx
	Email    string `json:"email"`
	Username string `json:"username,omitempty"` // a custom login; "" means the email address
	Password string `json:"password"`
	Expect   string `json:"expect"`
	About    string `json:"about"`
	// Autodiscover rows are checked without a URL: the client finds the
	// server from the email address (with --dns-server DNSAddr).
	Autodiscover bool `json:"autodiscover,omitempty"`
	// Args are extra command-line arguments for the row: for demo-server's
	// autodiscover rows the --connect-to pairs that send ports 443 and 80
	// of every name to the server's port, then the row's own (such as
	// --allow-redirect); for a row through a proxy, --proxy and, for
	// demo-server, the --resolve that finds the proxy's own port.
	Args []string `json:"args,omitempty"`
	// Proxy is the demo proxy the row goes through, as --proxy takes it
	// ("http://proxy.contoso.test:3128"); empty for a direct row.
	Proxy string `json:"proxy,omitempty"`
}

// scenarioRow is a Scenario whose URL is a template: "{host}" is replaced
// by the host, with ":PORT" when the table is for a client that cannot use
// the demo resolver.
type scenarioRow struct {
	Scenario
	urlTemplate string
	closedPort  bool   // the URL's port is the closed one, not the server's
	proxy       string // the demo proxy's name the row goes through (proxy.go)
	// alsoReaches are other demo hosts the check connects to on their
	// usual port (the AIA host on port 80): with the server's port, Args
	// start with --resolve HOST:ADDR:PORT for each, since a client
	// without the demo resolver would ask real DNS.
	alsoReaches []string
}

var scenarioRows = []scenarioRow{
	{Scenario: Scenario{Name: "healthy", Host: "mail.contoso.test", Email: "alice@contoso.test", Expect: "ok",
		About: "Exchange 2019 CU14, NTLM; everything works and a test message is sent"}},
	{Scenario: Scenario{Name: "autodiscover", Email: "alice@contoso.test", Expect: "ok", Autodiscover: true,
		About: "contoso.test itself has no address; autodiscover.contoso.test answers and names mail.contoso.test as the external EWS address"}},
	{Scenario: Scenario{Name: "exchange-2016-basic", Host: "ex2016.contoso.test", Email: "alice@contoso.test", Expect: "ok",
		About: "Exchange 2016 CU23 that also offers Basic authentication next to NTLM"}},
	{Scenario: Scenario{Name: "extended-protection", Host: "exse.contoso.test", Email: "alice@contoso.test", Expect: "ok",
		About: "Exchange SE with Extended Protection: NTLM is accepted only with a channel binding to the TLS certificate"}},
	{Scenario: Scenario{Name: "extended-protection-offload", Host: "lb.contoso.test", Email: "alice@contoso.test", Expect: "auth-failed",
		About: "Exchange SE behind a load balancer that offloads TLS: Extended Protection refuses even the right password"}},
	{Scenario: Scenario{Name: "extended-protection-inspected", Host: "inspected.contoso.test", Email: "alice@contoso.test", Expect: "auth-channel-binding",
		About: "Exchange 2019 with Extended Protection in Accept mode, reached through a TLS-inspecting proxy that shows its own certificate (Contoso TLS Inspection CA): the channel binding cannot match, the sign-in works only without one, and the check warns"}},
	{Scenario: Scenario{Name: "ntlm-blocked", Host: "ntlmoff.contoso.test", Email: "alice@contoso.test", Expect: "auth-ntlm-refused",
		About: "NTLM is restricted by policy (Kerberos only): Negotiate and NTLM are offered, but the NTLM NEGOTIATE gets no CHALLENGE, so the password is never checked"}},
	{Scenario: Scenario{Name: "no-affinity", Host: "nlb.contoso.test", Email: "alice@contoso.test", Expect: "auth-connection-lost",
		About: "a load balancer without session affinity closes the connection after the NTLM CHALLENGE, so the sign-in cannot finish on one connection"}},
	{Scenario: Scenario{Name: "no-affinity-frontend", Host: "lbnoaff.contoso.test", Email: "alice@contoso.test", Expect: "auth-connection-lost",
		About: "an HTTP load balancer keeps the connection but sends each request to the next server (X-FEServer EXCH01, EXCH02): the AUTHENTICATE reaches a server that sent no CHALLENGE, and the right password is refused"}},
	{Scenario: Scenario{Name: "domain-login", Host: "mail.contoso.test", Email: "bob@contoso.test", Username: `CONTOSO\bob`, Expect: "ok",
		About: "the same account as needs-domain-login, signing in as DOMAIN\\user, which works"}},
	{Scenario: Scenario{Name: "exchange-2010-sp1", Host: "ex2010.contoso.test", Email: "alice@contoso.test", Expect: "version-too-old",
		About: "Exchange 2010 SP1 (14.1.218.15) refuses requests for Exchange2010_SP2: too old"}},
	{Scenario: Scenario{Name: "exchange-2007", Host: "ex2007.contoso.test", Email: "alice@contoso.test", Expect: "version-too-old",
		About: "Exchange 2007 RTM (8.0.685.24) does not know Exchange2010_SP2 at all: too old"}},
	{Scenario: Scenario{Name: "owa-url", Host: "mail.contoso.test", Email: "alice@contoso.test", Expect: "url-owa",
		About: "the Outlook Web App address was entered instead of the EWS address"}, urlTemplate: "https://{host}/owa/"},
	{Scenario: Scenario{Name: "login-proxy", Host: "portal.contoso.test", Email: "alice@contoso.test", Expect: "url-owa",
		About: "a forms-based login proxy (TMG style) in front of EWS redirects to its sign-in page"}},
	{Scenario: Scenario{Name: "url-not-https", Host: "mail.contoso.test", Email: "alice@contoso.test", Expect: "url-not-https",
		About: "the address starts with http://; a password must never go over plain HTTP"}, urlTemplate: "http://{host}/EWS/Exchange.asmx"},
	{Scenario: Scenario{Name: "url-not-ews", Host: "mail.contoso.test", Email: "alice@contoso.test", Expect: "url-not-ews",
		About: "the address stops at /EWS/ instead of /EWS/Exchange.asmx"}, urlTemplate: "https://{host}/EWS/"},
	{Scenario: Scenario{Name: "url-malformed", Host: "mail.contoso.test", Email: "alice@contoso.test", Expect: "url-malformed",
		About: "a typo in the scheme (htps://) makes the address unusable"}, urlTemplate: "htps://{host}/EWS/Exchange.asmx"},
	{Scenario: Scenario{Name: "unknown-host", Host: "nohost.contoso.test", Email: "alice@contoso.test", Expect: "dns-failed",
		About: "the server name does not exist in DNS (do not pass --resolve for it)"}},
	{Scenario: Scenario{Name: "port-closed", Host: "down.contoso.test", Email: "alice@contoso.test", Expect: "connect-refused",
		About: "the name resolves but nothing listens on the port: the connection is refused"},
		urlTemplate: "https://{host}/EWS/Exchange.asmx", closedPort: true},
	{Scenario: Scenario{Name: "slow-server", Host: "slow.contoso.test", Email: "alice@contoso.test", Expect: "connect-timeout",
		About: "TLS works, but the server takes longer than the timeout to answer"}},
	{Scenario: Scenario{Name: "not-tls", Host: "plain.contoso.test", Email: "alice@contoso.test", Expect: "tls-failed",
		About: "a plain-HTTP web site answers on the HTTPS port, so no TLS handshake is possible"}},
	{Scenario: Scenario{Name: "wrong-cert-name", Host: "wrongname.contoso.test", Email: "alice@contoso.test", Expect: "tls-name-mismatch",
		About: "the certificate names only the server's internal names (exch01.contoso.local), not this host"}},
	{Scenario: Scenario{Name: "legacy-cn-cert", Host: "legacycn.contoso.test", Email: "alice@contoso.test", Expect: "tls-name-mismatch",
		About: "the certificate has the host only in its Common Name and no SAN, which modern clients reject"}},
	{Scenario: Scenario{Name: "expired-cert", Host: "expired.contoso.test", Email: "alice@contoso.test", Expect: "tls-expired",
		About: "the certificate expired 30 days ago"}},
	{Scenario: Scenario{Name: "unknown-ca", Host: "untrusted.contoso.test", Email: "alice@contoso.test", Expect: "tls-untrusted",
		About: "the certificate comes from the company's own CA (CONTOSO-DC01-CA), which this computer does not trust"}},
	{Scenario: Scenario{Name: "sha1-cert", Host: "sha1.contoso.test", Email: "alice@contoso.test", Expect: "tls-weak-certificate",
		About: "the certificate is signed with SHA-1 by the trusted demo CA; trusting the CA does not help, a new certificate does"}},
	{Scenario: Scenario{Name: "old-tls", Host: "tls10.contoso.test", Email: "alice@contoso.test", Expect: "tls-old-protocol",
		About: "Exchange 2010 on Windows Server 2008 R2 that speaks only TLS 1.0, which current systems refuse"}},
	{Scenario: Scenario{Name: "chain-incomplete", Host: "chain.contoso.test", Email: "alice@contoso.test", Expect: "tls-chain-incomplete",
		About: "the server sends its certificate without the intermediate ewsconnect Demo Issuing CA 1 that signed it; a browser on Windows fetches it from http://pki.contoso.test and works, most applications fail"},
		alsoReaches: []string{"pki.contoso.test"}},
	{Scenario: Scenario{Name: "cert-not-yet-valid", Host: "future.contoso.test", Email: "alice@contoso.test", Expect: "tls-expired",
		About: "the certificate is valid only from tomorrow: installed a day early, or this computer's clock is behind"}},
	{Scenario: Scenario{Name: "server-error", Host: "broken.contoso.test", Email: "alice@contoso.test", Expect: "server-error",
		About: "the EWS application pool is stopped: every request gets 503 Service Unavailable"}},
	{Scenario: Scenario{Name: "exchange-online", Host: "exo.contoso.test", Email: "alice@contoso.test", Expect: "auth-basic-disabled",
		About: "behaves like Exchange Online: only OAuth (Bearer) is offered, passwords are refused"}},
	{Scenario: Scenario{Name: "modern-auth-only", Host: "modern.contoso.test", Email: "alice@contoso.test", Expect: "auth-modern-only",
		About: "the company's own Exchange 2019 allows only OAuth through AD FS for EWS (legacy sign-in blocked by an authentication policy): no password works"}},
	{Scenario: Scenario{Name: "wrong-password", Host: "mail.contoso.test", Email: "alice@contoso.test", Password: wrongPassword, Expect: "auth-failed",
		About: "the password is wrong"}},
	{Scenario: Scenario{Name: "needs-domain-login", Host: "mail.contoso.test", Email: "bob@contoso.test", Expect: "auth-failed",
		About: "bob's sign-in name (UPN) is bob@corp.contoso.local, so the email address is not a login; CONTOSO\\bob is"}},
	{Scenario: Scenario{Name: "ews-disabled", Host: "mail.contoso.test", Email: "carol@contoso.test", Expect: "ews-disabled",
		About: "the password is right, but EWS is turned off for carol's mailbox (403 after sign-in)"}},
	{Scenario: Scenario{Name: "no-smtp-address", Host: "mail.contoso.test", Email: "dave@contoso.test", Expect: "mailbox-no-smtp",
		About: "dave signs in and has a mailbox, but the mailbox has no SMTP address"}},
	{Scenario: Scenario{Name: "send-as-denied", Host: "mail.contoso.test", Email: "sales@contoso.test", Username: `CONTOSO\frank`, Expect: "send-as-denied",
		About: "frank may open the shared sales mailbox but has no Send As right on it"}},
	{Scenario: Scenario{Name: "password-expiring", Host: "mail.contoso.test", Email: "erin@contoso.test", Expect: "password-expiring",
		About: "erin's password expires in 5 days: the connection works, and the check warns (GetPasswordExpirationDate)"}},
	{Scenario: Scenario{Name: "send-failed", Host: "mail.contoso.test", Email: "grace@contoso.test", Expect: "send-failed",
		About: "grace's mailbox is over its send quota, so the test message is refused"}},
	{Scenario: Scenario{Name: "mailbox-moved", Host: "mail.contoso.test", Email: "henry@contoso.test", Expect: "mailbox-moved",
		About: "henry's mailbox was moved to Exchange Online: he still signs in here, but this server holds no mailbox for him (\"No mailbox with such guid.\")"}},
	{Scenario: Scenario{Name: "shared-mailbox-denied", Host: "mail.contoso.test", Email: "support@contoso.test", Username: `CONTOSO\frank`, Expect: "mailbox-access-denied",
		About: "frank signs in, but was never given Full Access to the shared support mailbox, so he may not open it"}},
	{Scenario: Scenario{Name: "mailbox-store-unavailable", Host: "mail.contoso.test", Email: "ivan@contoso.test", Expect: "server-error",
		About: "ivan's mailbox database is dismounted (failing over): a temporary fault, ErrorMailboxStoreUnavailable"}},
	{Scenario: Scenario{Name: "server-busy-recovers", Host: "mail.contoso.test", Email: "judy@contoso.test", Expect: "ok",
		About: "judy is throttled briefly (ErrorServerBusy, back off 300 ms): waiting once as asked and asking again works"}},
	{Scenario: Scenario{Name: "server-busy", Host: "mail.contoso.test", Email: "kevin@contoso.test", Expect: "server-busy",
		About: "kevin is throttled hard: ErrorServerBusy asks to back off for about five minutes, longer than a check waits"}},
	{Scenario: Scenario{Name: "server-busy-again", Host: "mail.contoso.test", Email: "laura@contoso.test", Expect: "server-busy",
		About: "laura is throttled on every request: after waiting the 300 ms back-off once as asked, the server is still busy"}},

	// Through a web proxy (proxy.go): the row's args give --proxy.
	{Scenario: Scenario{Name: "proxy", Host: "mail.contoso.test", Email: "alice@contoso.test", Expect: "ok",
		About: "the healthy mailbox through the company's web proxy: a CONNECT tunnel carries TLS and NTLM end to end, so the proxy never sees the password"},
		proxy: "proxy.contoso.test"},
	{Scenario: Scenario{Name: "proxy-auth-required", Host: "mail.contoso.test", Email: "alice@contoso.test", Expect: "proxy-auth-required",
		About: "the web proxy wants its own sign-in: it answers CONNECT with 407 and offers NTLM and Basic; the mailbox password is not sent to it"},
		proxy: "authproxy.contoso.test"},
	{Scenario: Scenario{Name: "proxy-refused", Host: "mail.contoso.test", Email: "alice@contoso.test", Expect: "proxy-failed",
		About: "a filtering web proxy whose policy blocks the mail server: CONNECT gets 403 Forbidden"},
		proxy: "filter.contoso.test"},

	// Autodiscover: no URL is given; the server is found from the email
	// address. Each domain is its own company (see hosts.go,
	// autodiscover.go and dns.go for what answers where).
	{Scenario: Scenario{Name: "autodiscover-web-site", Email: "alice@fabrikam.test", Expect: "ok", Autodiscover: true,
		About: "fabrikam.test is the company web site, whose certificate names only www.fabrikam.test, so the password is not sent there; autodiscover.fabrikam.test answers"}},
	{Scenario: Scenario{Name: "autodiscover-http-redirect", Email: "alice@tailspin.test", Expect: "ok", Autodiscover: true,
		About: "autodiscover.tailspin.test is a shared web host with its own certificate; on plain HTTP it redirects to https://mail.tailspin.test, which answers"}},
	{Scenario: Scenario{Name: "autodiscover-srv", Email: "alice@northwind.test", Expect: "ok", Autodiscover: true,
		About: "neither northwind.test nor autodiscover.northwind.test exists; the DNS SRV record _autodiscover._tcp.northwind.test names mail.northwind.test"}},
	{Scenario: Scenario{Name: "autodiscover-redirect-addr", Email: "alice@sales.contoso.test", Expect: "ok", Autodiscover: true,
		About: "autodiscover.sales.contoso.test says the mailbox is alice@contoso.test (redirectAddr); discovery for contoso.test then finds mail.contoso.test, signing in as before"}},
	{Scenario: Scenario{Name: "autodiscover-redirect-url", Email: "alice@adatum.test", Expect: "autodiscover-redirect-unconfirmed", Autodiscover: true,
		About: "autodiscover.adatum.test sends the client to autodiscover.hostedmail.test, another company: the password is not sent there without consent"}},
	{Scenario: Scenario{Name: "autodiscover-redirect-allowed", Email: "alice@adatum.test", Expect: "ok", Autodiscover: true,
		Args:  []string{"--allow-redirect", "hostedmail.test"},
		About: "the same redirect, with consent (--allow-redirect hostedmail.test): the hosting provider's autodiscover names mail.hostedmail.test"}},
	{Scenario: Scenario{Name: "autodiscover-exchange-online", Email: "alice@fourthcoffee.test", Expect: "auth-basic-disabled", Autodiscover: true,
		About: "the mailbox moved to Exchange Online: autodiscover points to outlook.office365.com and a mail.onmicrosoft.com address, where passwords are refused"}},
	{Scenario: Scenario{Name: "autodiscover-internal-only", Email: "alice@wingtip.test", Expect: "autodiscover-internal-only", Autodiscover: true,
		About: "autodiscover gives only the internal address exch01.corp.wingtip.local, which does not resolve outside the company network"}},
	{Scenario: Scenario{Name: "autodiscover-not-found", Email: "alice@proseware.test", Expect: "autodiscover-not-found", Autodiscover: true,
		About: "proseware.test is only a web site (404 for autodiscover); no autodiscover name, no SRV record: the URL has to be typed (https://mail.proseware.test/EWS/Exchange.asmx works)"}},
	{Scenario: Scenario{Name: "autodiscover-loop", Email: "alice@litware.test", Expect: "autodiscover-loop", Autodiscover: true,
		About: "autodiscover.litware.test and autodiscover2.litware.test send the client to each other"}},
	{Scenario: Scenario{Name: "autodiscover-wrong-login", Email: "bob@contoso.test", Expect: "auth-failed", Autodiscover: true,
		About: "autodiscover.contoso.test refuses bob@contoso.test as a login, as EWS does: bob signs in as CONTOSO\\bob"}},
	{Scenario: Scenario{Name: "autodiscover-slow-web-site", Email: "alice@margiestravel.test", Expect: "ok", Autodiscover: true,
		About: "margiestravel.test accepts connections and never answers; autodiscover.margiestravel.test works, and a good client does not wait for the first"}},
}

// Scenarios returns the demo table. With withPort, URLs carry the server's
// port, for clients that connect with --resolve HOST:127.0.0.1, and
// autodiscover rows' Args start with ConnectArgs; without it, they are
// the names a user types under --demo.
func (s *Server) Scenarios(withPort bool) []Scenario {
	out := make([]Scenario, 0, len(scenarioRows))
	for _, row := range scenarioRows {
		sc := row.Scenario
		sc.Args = append([]string(nil), sc.Args...)
		if withPort && sc.Autodiscover {
			sc.Args = append(s.ConnectArgs(), sc.Args...)
		}
		if withPort {
			var resolve []string
			for _, other := range row.alsoReaches {
				resolve = append(resolve, "--resolve", other+":"+s.addr)
			}
			sc.Args = append(resolve, sc.Args...)
		}
		if p := findProxy(row.proxy); p != nil {
			sc.Proxy = p.url()
			sc.Args = append(sc.Args, "--proxy", sc.Proxy)
			if withPort {
				sc.Args = append(sc.Args, "--resolve", p.name+":"+s.ProxyAddrs()[p.name])
			}
		}
		if sc.Password == "" {
			sc.Password = DemoPassword
		}
		if row.urlTemplate != "" {
			hostPort := sc.Host
			if withPort {
				port := s.port()
				if row.closedPort {
					_, port, _ = net.SplitHostPort(closedPortAddr)
				}
				hostPort = net.JoinHostPort(sc.Host, port)
			}
			sc.URL = strings.ReplaceAll(row.urlTemplate, "{host}", hostPort)
		}
		out = append(out, sc)
	}
	return out
}

// ConnectArgs are the arguments that send a client's connections to the
// demo names' ports 443 and 80 to the server's port (which serves TLS and
// plain HTTP alike): --connect-to :443::PORT --connect-to :80::PORT.
func (s *Server) ConnectArgs() []string {
	return []string{"--connect-to", ":443::" + s.port(), "--connect-to", ":80::" + s.port()}
}
