package exchangesim

import (
	"crypto/tls"
	"fmt"
)

// release is one Exchange build as it shows itself in ServerVersionInfo,
// X-OWA-Version and the Server header.
type release struct {
	name                     string // "Exchange Server 2019 CU14"
	major, minor, build, rev int
	schema                   string // ServerVersionInfo Version; "" for 2007 RTM, which sends none
	maxRequestVersion        string // newest RequestServerVersion the server accepts
	iis                      string // Server header
}

func (r release) buildString() string {
	return fmt.Sprintf("%d.%d.%d.%d", r.major, r.minor, r.build, r.rev)
}

// modern reports whether the build is Exchange 2013 or later: the releases
// with a front-end proxy that sends X-FEServer, X-OWA-Version and request-id.
func (r release) modern() bool { return r.major >= 15 }

var (
	exchange2019CU14 = release{name: "Exchange Server 2019 CU14", major: 15, minor: 2, build: 1544, rev: 4,
		schema: "V2017_07_11", maxRequestVersion: "Exchange2016", iis: "Microsoft-IIS/10.0"}
	exchange2016CU23 = release{name: "Exchange Server 2016 CU23", major: 15, minor: 1, build: 2507, rev: 6,
		schema: "V2017_07_11", maxRequestVersion: "Exchange2016", iis: "Microsoft-IIS/10.0"}
	exchangeSE = release{name: "Exchange Server SE RTM", major: 15, minor: 2, build: 2562, rev: 17,
		schema: "V2017_07_11", maxRequestVersion: "Exchange2016", iis: "Microsoft-IIS/10.0"}
	exchange2010SP1 = release{name: "Exchange Server 2010 SP1", major: 14, minor: 1, build: 218, rev: 15,
		schema: "Exchange2010_SP1", maxRequestVersion: "Exchange2010_SP1", iis: "Microsoft-IIS/7.5"}
	exchange2007RTM = release{name: "Exchange Server 2007 RTM", major: 8, minor: 0, build: 685, rev: 24,
		schema: "", maxRequestVersion: "Exchange2007", iis: "Microsoft-IIS/6.0"}
	exchangeOnline = release{name: "Exchange Online", major: 15, minor: 20, build: 8769, rev: 22,
		schema: "V2018_01_08", maxRequestVersion: "Exchange2016", iis: "Microsoft-IIS/10.0"}
)

// hostKind says what answers on a host name.
type hostKind int

const (
	kindExchange     hostKind = iota // IIS with OWA and EWS
	kindLoginProxy                   // a forms-based login proxy (TMG style) in front of Exchange
	kindOnline                       // Exchange Online: OAuth only
	kindSlow                         // Exchange that answers after Options.SlowDelay
	kindUnavailable                  // the EWS application pool is down: 503 from http.sys
	kindNotTLS                       // a plain-HTTP site bound to the TLS port
	kindUnresolvable                 // no DNS record
	kindClosedPort                   // resolves, but nothing listens
	kindWebSite                      // a company or hosting web site: a home page, 404 for the rest (no Exchange)
	kindBlackhole                    // accepts TCP connections and never answers the TLS ClientHello
	// kindBalanced: Exchange behind an HTTP load balancer without
	// affinity, which sends each request on a client connection to the
	// next of backEnds (loadbalancer.go).
	kindBalanced
	// kindModernOnly: on-premises Exchange with AD FS OAuth and legacy
	// authentication blocked for EWS: Bearer only (modern_auth.go).
	kindModernOnly
)

// certKind is the certificate a host presents.
type certKind int

const (
	certValid     certKind = iota // SAN names the host, signed by the demo CA
	certWrongName                 // SANs name the server's internal names only
	certLegacyCN                  // the host only in the subject CN, no SANs
	certExpired                   // in the past
	certUnknownCA                 // signed by a CA the client does not trust
	certSHA1                      // signed by the demo CA, with SHA-1
	// certMissingIntermediate: signed by the demo issuing CA, which the
	// server does not send; its AIA URL points at pki.contoso.test.
	certMissingIntermediate
	certNotYetValid // valid from tomorrow
)

// host is one demo host name and how it behaves.
type host struct {
	name       string
	kind       hostKind
	release    release
	cert       certKind
	frontEnd   string // X-FEServer
	basic      bool   // Basic offered next to Negotiate and NTLM
	requireCBT bool   // Extended Protection: NTLM must carry channel binding
	// tlsOffload: a load balancer ends TLS with the host's certificate and
	// forwards to Exchange, which binds NTLM to its own certificate; the
	// client's channel binding can never match (unsupported with
	// Extended Protection, and a common cause of "right password, 401").
	tlsOffload bool
	// tlsInspected: a TLS-inspecting proxy (a firewall that breaks TLS
	// open) sits between clients and the server. Clients get the proxy's
	// certificate for the host, issued by the company's inspection CA,
	// which the demo trusts as company computers do; Exchange, with
	// Extended Protection in Accept mode, binds NTLM to its own
	// certificate, so a client's channel binding never matches, and only a
	// sign-in without one is taken.
	tlsInspected bool
	// ntlmBlocked: NTLM is restricted by policy (or the server takes only
	// Kerberos): Negotiate and NTLM are offered, but the NEGOTIATE message
	// gets the same bare 401 again, never a CHALLENGE.
	ntlmBlocked bool
	// noAffinity: a load balancer without session affinity in front of
	// the servers: it answers the NEGOTIATE with the CHALLENGE and
	// "Connection: close", so the AUTHENTICATE can only arrive on a new
	// connection, where no CHALLENGE was issued.
	noAffinity bool
	// maxTLS, when set, is the newest TLS version the host speaks (from
	// TLS 1.0 up): Exchange on Windows Server 2008 R2 without TLS 1.2.
	maxTLS uint16
	// org is the NetBIOS domain of the organisation the server belongs
	// to ("" is CONTOSO): its NTLM CHALLENGE names it.
	org string
	// certNames, when set, are the certificate's names instead of the
	// host's own: a certificate for another name (a mismatch).
	certNames []string
	// autodiscover is what the host's /autodiscover answers; nil: 404.
	autodiscover *autodiscoverSite
	// httpRedirect, when set, is where plain HTTP GET
	// /autodiscover/autodiscover.xml is redirected (302): the HTTP
	// redirect method.
	httpRedirect string
	// backEnds are the Exchange servers (their X-FEServer names) behind
	// a kindBalanced host's load balancer.
	backEnds []string
}

// orgName is the NetBIOS name of the host's organisation.
func (h *host) orgName() string {
	if h.org == "" {
		return netBIOSDomain
	}
	return h.org
}

const demoDomain = "contoso.test"

// demoHosts lists every host the simulator knows. The first one is the
// default for requests naming no known host.
var demoHosts = []host{
	{name: "mail.contoso.test", release: exchange2019CU14, frontEnd: "EXCH01", autodiscover: contosoAutodiscover},
	{name: "ex2016.contoso.test", release: exchange2016CU23, frontEnd: "EXCH16", basic: true},
	{name: "ex2010.contoso.test", release: exchange2010SP1},
	{name: "ex2007.contoso.test", release: exchange2007RTM},
	{name: "exse.contoso.test", release: exchangeSE, frontEnd: "EXSE01", requireCBT: true},
	{name: "lb.contoso.test", release: exchangeSE, frontEnd: "EXSE02", requireCBT: true, tlsOffload: true},
	{name: "inspected.contoso.test", release: exchange2019CU14, frontEnd: "EXCH05", tlsInspected: true},
	{name: "ntlmoff.contoso.test", release: exchange2019CU14, frontEnd: "EXCH03", ntlmBlocked: true},
	{name: "nlb.contoso.test", release: exchange2019CU14, frontEnd: "EXCH04", noAffinity: true},
	{name: "portal.contoso.test", kind: kindLoginProxy, release: exchange2016CU23},
	{name: "wrongname.contoso.test", release: exchange2019CU14, frontEnd: "EXCH01", cert: certWrongName},
	{name: "legacycn.contoso.test", release: exchange2019CU14, frontEnd: "EXCH01", cert: certLegacyCN},
	{name: "expired.contoso.test", release: exchange2019CU14, frontEnd: "EXCH01", cert: certExpired},
	{name: "untrusted.contoso.test", release: exchange2019CU14, frontEnd: "EXCH01", cert: certUnknownCA},
	{name: "sha1.contoso.test", release: exchange2016CU23, frontEnd: "EXCH16", cert: certSHA1},
	{name: "tls10.contoso.test", release: exchange2010SP1, maxTLS: tls.VersionTLS10},
	{name: "exo.contoso.test", kind: kindOnline, release: exchangeOnline, frontEnd: "AM0PR04CA0012"},
	{name: "chain.contoso.test", release: exchange2019CU14, frontEnd: "EXCH01", cert: certMissingIntermediate},
	{name: "future.contoso.test", release: exchange2019CU14, frontEnd: "EXCH01", cert: certNotYetValid},
	// pki.contoso.test publishes the demo CA's certificates on plain HTTP
	// (issuingCAURL); on HTTPS it is a plain web site.
	{name: "pki.contoso.test", kind: kindWebSite},
	{name: "lbnoaff.contoso.test", kind: kindBalanced, release: exchange2019CU14, backEnds: []string{"EXCH01", "EXCH02"}},
	{name: "modern.contoso.test", kind: kindModernOnly, release: exchange2019CU14, frontEnd: "EXCH05"},
	{name: "slow.contoso.test", kind: kindSlow, release: exchange2019CU14, frontEnd: "EXCH01"},
	{name: "broken.contoso.test", kind: kindUnavailable, release: exchange2019CU14},
	{name: "plain.contoso.test", kind: kindNotTLS},
	{name: "nohost.contoso.test", kind: kindUnresolvable},
	{name: "down.contoso.test", kind: kindClosedPort},

	// Autodiscover: each domain is its own registrable domain under .test;
	// see autodiscover.go for what the /autodiscover endpoints answer and
	// dns.go for the records. contoso.test itself has no address.
	{name: "autodiscover.contoso.test", release: exchange2019CU14, frontEnd: "EXCH01", autodiscover: contosoAutodiscover,
		httpRedirect: "https://autodiscover.contoso.test/autodiscover/autodiscover.xml"},
	{name: "autodiscover.sales.contoso.test", release: exchange2019CU14, frontEnd: "EXCH02", autodiscover: salesAutodiscover},
	// fabrikam.test is the company web site, whose certificate names only www.
	{name: "fabrikam.test", kind: kindWebSite, certNames: []string{"www.fabrikam.test"}},
	{name: "www.fabrikam.test", kind: kindWebSite},
	{name: "autodiscover.fabrikam.test", org: "FABRIKAM", release: exchange2019CU14, frontEnd: "FAB-EX01", autodiscover: fabrikamAutodiscover},
	{name: "mail.fabrikam.test", org: "FABRIKAM", release: exchange2019CU14, frontEnd: "FAB-EX01", autodiscover: fabrikamAutodiscover},
	// autodiscover.tailspin.test points at a shared web host (its
	// certificate is the host's own) whose port 80 redirects to Exchange.
	{name: "autodiscover.tailspin.test", kind: kindWebSite, certNames: []string{"*.webhost.test", "webhost.test"},
		httpRedirect: "https://mail.tailspin.test/autodiscover/autodiscover.xml"},
	{name: "mail.tailspin.test", org: "TAILSPIN", release: exchange2019CU14, frontEnd: "TS-EX01", autodiscover: tailspinAutodiscover},
	// northwind.test is found only by its SRV record.
	{name: "mail.northwind.test", org: "NORTHWIND", release: exchange2019CU14, frontEnd: "NW-EX01", autodiscover: northwindAutodiscover},
	{name: "autodiscover.adatum.test", org: "ADATUM", release: exchange2016CU23, frontEnd: "ADT-EX01", autodiscover: adatumAutodiscover},
	{name: "autodiscover.hostedmail.test", org: "HOSTEDMAIL", release: exchange2019CU14, frontEnd: "HM-CAS07", autodiscover: hostedmailAutodiscover},
	{name: "mail.hostedmail.test", org: "HOSTEDMAIL", release: exchange2019CU14, frontEnd: "HM-CAS07", autodiscover: hostedmailAutodiscover},
	{name: "autodiscover.fourthcoffee.test", org: "FOURTHCOFFEE", release: exchange2019CU14, frontEnd: "FC-EX01", autodiscover: fourthcoffeeAutodiscover},
	{name: "autodiscover.wingtip.test", org: "WINGTIP", release: exchange2019CU14, frontEnd: "WT-EX01", autodiscover: wingtipAutodiscover},
	{name: "proseware.test", kind: kindWebSite},
	// proseware.test publishes no autodiscover, but its Exchange server
	// works: the address has to be typed.
	{name: "mail.proseware.test", org: "PROSEWARE", release: exchange2019CU14, frontEnd: "PW-EX01"},
	{name: "autodiscover.litware.test", org: "LITWARE", release: exchange2019CU14, frontEnd: "LW-EX01", autodiscover: litwareAutodiscover},
	{name: "autodiscover2.litware.test", org: "LITWARE", release: exchange2019CU14, frontEnd: "LW-EX02", autodiscover: litware2Autodiscover},
	{name: "margiestravel.test", kind: kindBlackhole},
	{name: "autodiscover.margiestravel.test", org: "MARGIES", release: exchange2019CU14, frontEnd: "MT-EX01", autodiscover: margiesAutodiscover},
	{name: "mail.margiestravel.test", org: "MARGIES", release: exchange2019CU14, frontEnd: "MT-EX01", autodiscover: margiesAutodiscover},
}

// resolves reports whether the host's name has an address in DNS.
func (h *host) resolves() bool { return h.kind != kindUnresolvable }

// findHost returns the demo host called name, or nil.
func findHost(name string) *host {
	for i := range demoHosts {
		if demoHosts[i].name == name {
			return &demoHosts[i]
		}
	}
	return nil
}

// hostOrDefault returns the demo host called name or, like an IIS default
// binding, the default host for any other name.
func hostOrDefault(name string) *host {
	if h := findHost(name); h != nil {
		return h
	}
	return &demoHosts[0]
}
