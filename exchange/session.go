package exchange

import (
	"context"
	"crypto/x509"
	"net"
	"time"

	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
)

// Network says how to reach servers: the curl-like --resolve overrides, an
// optional resolver (the demo answers for its own domain so that tests never
// ask real DNS), and the trusted roots.
type Network struct {
	// Resolve maps a host name to an address: an IP ("127.0.0.1") or an
	// IP with a port ("127.0.0.1:40123"), like curl's --resolve.
	Resolve map[string]string
	// Resolver answers DNS questions; nil means DNSServer, else the system
	// resolver. It answers SRV questions too when it is an SRVResolver.
	Resolver Resolver
	// RootCAs are the trusted roots: the system's plus --ca-file. Nil means
	// the system roots alone.
	RootCAs *x509.CertPool
	// Timeout bounds each network step. Zero means DefaultTimeout.
	Timeout time.Duration
	// DNSServer ("ADDR" or "ADDR:PORT", port 53 by default) is asked for
	// every lookup (A, AAAA, SRV) instead of the system resolver, over UDP
	// with TCP fallback: --dns-server. Resolver, when set, still wins.
	DNSServer string
	// ConnectTo sends connections for one host and port elsewhere, like
	// curl's --connect-to; the first matching rule applies.
	ConnectTo []ConnectTo
	// Proxy, when set, carries every https connection to a host it
	// applies to (see proxy.Proxy.Applies), through a tunnel opened with
	// CONNECT: --proxy, HTTPS_PROXY or the Windows setting. The CONNECT
	// names the URL's host as typed; --connect-to, --resolve and DNS then
	// find the proxy itself. Nil: every connection goes direct. Plain
	// http:// connections (autodiscover's redirect method) always do.
	Proxy *proxy.Proxy
	// ProxyScript is a proxy auto-configuration (PAC) file that the
	// system's settings name while no proxy was chosen. It is never run:
	// a direct connection that fails says that this network may need a
	// proxy (--proxy).
	ProxyScript string
}

// ConnectTo is one --connect-to HOST:PORT:ADDR:PORT2 rule. An empty Host or
// Port matches any; an empty Addr or Port2 keeps the original.
type ConnectTo struct {
	Host, Port, Addr, Port2 string
}

// StepTimeout is the limit of each network step.
func (n Network) StepTimeout() time.Duration {
	if n.Timeout > 0 {
		return n.Timeout
	}
	return DefaultTimeout
}

// Resolver is the part of *net.Resolver the DNS probe uses.
type Resolver interface {
	LookupHost(ctx context.Context, host string) ([]string, error)
}

// SRVResolver is a Resolver that also answers SRV questions, as
// *net.Resolver does (autodiscover's _autodiscover._tcp.D).
type SRVResolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (cname string, addrs []*net.SRV, err error)
}

// Credentials are what the user typed. Login is the custom login
// (DOMAIN\user or a UPN); empty means the email address is the login.
type Credentials struct {
	Email    string
	Login    string
	Password string
}

// LoginName is the name actually sent to the server.
func (c Credentials) LoginName() string {
	if c.Login != "" {
		return c.Login
	}
	return c.Email
}

// ServerInfo is what was learned about the server, even on failure. Zero
// values mean "not learned".
type ServerInfo struct {
	Version       string   // release name, e.g. "Exchange Server 2019 CU14"; or the schema Version string
	Schema        string   // ServerVersionInfo Version attribute, e.g. "V2017_07_11"
	Build         string   // e.g. "15.2.1544.4"
	AuthSchemes   []string // offered by the 401, e.g. ["Negotiate", "NTLM"]
	AuthUsed      string   // the scheme that signed in, e.g. "NTLM"
	NetBIOSDomain string   // from the NTLM challenge, e.g. "CONTOSO"
	FrontEnd      string   // X-FEServer, when sent
	OWAVersion    string   // X-OWA-Version, when sent: the build of the front end, e.g. "15.2.1544.4"
}

// Suggestions are corrections the wizard can offer in one key.
type Suggestions struct {
	URL      string // the EWS URL built from an OWA address
	Username string // DOMAIN\localpart learned from the NTLM challenge
}

// DNSResult, ConnectResult, ... are what each probe saw when it passed,
// for the step summaries.
type DNSResult struct {
	Addrs    []string
	Override bool // the answer came from --resolve (or the demo), not DNS
	// ConnectTo is where a --connect-to rule sent the connection,
	// "ADDR:PORT2" with the original's host or port where the rule left
	// them empty; empty when no rule matched. Addrs are ADDR's.
	ConnectTo string
	// DNSServer is the --dns-server that answered, "IP:PORT"; empty for
	// the system resolver or when no lookup was needed.
	DNSServer string
	// Proxy is the proxy's URL (no user information) when the host is
	// reached through one: it resolves the host, so Addrs is empty.
	Proxy string
	// ProxySource is where the proxy came from ("--proxy",
	// "HTTPS_PROXY", "Windows proxy setting").
	ProxySource string
}

// ConnectResult is the TCP connection that the probe opened.
type ConnectResult struct {
	Remote string // ip:port: the server's, or the proxy's
	// Proxy is the proxy's URL (no user information) when the connection
	// is a tunnel through one, ProxySource where it came from.
	Proxy, ProxySource string
	// ProxyRoute is the rule that decided the proxy's address, when one
	// did (ConnectTo, or Override for --resolve); zero after DNS. The
	// steps word it as the dns step's own route.
	ProxyRoute DNSResult
	// Target is what the CONNECT asked for, "host:port" as typed.
	Target string
	// Bypassed is set when a proxy was chosen but the host goes direct:
	// it names the proxy and the rule that sends the host past it.
	Bypassed i18n.Msg
	// Script is the PAC file the system names, never run, when the
	// connection went direct (Network.ProxyScript).
	Script string
}

// TLSResult describes the certificate the server presented.
type TLSResult struct {
	Subject   string   // CN
	Names     []string // SANs
	Issuer    string
	NotBefore time.Time
	NotAfter  time.Time
	Version   string // "TLS 1.3"
}

// EndpointResult is the unauthenticated answer of the EWS endpoint.
type EndpointResult struct {
	Status      int
	AuthSchemes []string
	// Anonymous is set when the endpoint answered without asking to sign
	// in (HTTP 200): unusual for EWS, but not an error.
	Anonymous bool
}

// AuthResult is the signed-in request.
type AuthResult struct {
	Scheme string // NTLM, Negotiate or Basic
	Login  string // the login name that was accepted
	// Warnings are what the sign-in worked despite (auth-channel-binding)
	// or learned on the way (password-expiring): the step warns.
	Warnings []*Problem
}

// VersionResult is the parsed ServerVersionInfo.
type VersionResult struct {
	Release string // "Exchange Server 2019 CU14"
	Build   string // "15.2.1544.4"
	Schema  string // "V2017_07_11"
}

// MailboxResult is the mailbox that the signed-in GetFolder opened by its
// SMTP address.
type MailboxResult struct {
	SMTPAddress string
}

// SendResult is the test message that was sent.
type SendResult struct {
	From    string
	Bcc     string
	Subject string
}
