// Package proxy chooses the HTTP proxy that https connections go through
// and opens tunnels through it with CONNECT.
//
// The choice follows what a user has already set up for other programs:
// --proxy, else the environment as Go and curl read it (HTTPS_PROXY,
// https_proxy, NO_PROXY, no_proxy), else on Windows the user's WinINet
// setting (the one Settings > Network & internet > Proxy edits). A proxy
// auto-configuration (PAC) script is only reported, never run. Only
// http:// proxies are supported: the tunnel then carries TLS end to end,
// and the sign-in inside it, so the proxy never sees a mailbox credential.
//
// The package does not talk to Exchange and does not word problems for
// people: package exchange dials the proxy, calls Tunnel, and turns the
// typed errors into its problem codes.
package proxy

import (
	"encoding/base64"
	"net"
	"net/url"
	"strconv"
	"strings"

	"ewsconnect/i18n"
)

// The sources a proxy can come from, as Source names them. A proxy from
// the environment is named by its variable ("HTTPS_PROXY" or
// "https_proxy").
const (
	SourceFlag    = "--proxy"
	SourceWindows = "Windows proxy setting"
	SourceDemoRow = "the demo row" // a demo account that goes through a demo proxy
)

// SourceWords is a source in the reader's words: the Windows setting's
// name is said in their language; a flag or a variable's name stays as
// it is.
func SourceWords(source string) i18n.Msg {
	switch source {
	case SourceWindows:
		return i18n.M("seen.proxy.source.windows")
	case sourceWindowsServer:
		return i18n.M("seen.proxy.source.windows-server")
	case SourceDemoRow:
		return i18n.M("seen.proxy.source.demo-row")
	}
	return i18n.Verbatim(source)
}

// sourceWindowsServer is the source of a Windows ProxyServer value that
// cannot be used, for its error.
const sourceWindowsServer = SourceWindows + " (ProxyServer)"

// defaultPort is a proxy's port when its address names none: 80, as Go's
// net/http and WinINet take it (curl would say 1080).
const defaultPort = "80"

// Proxy is a chosen HTTP proxy: where it is, where that choice came from,
// and which hosts bypass it. The zero value is not usable; nil means no
// proxy.
type Proxy struct {
	host, port string
	// authorization is the Proxy-Authorization value ("Basic …") for the
	// credentials in the proxy URL, nil without them. A func, so that no
	// way of printing a Proxy shows them.
	authorization func() string
	source        string
	// bypass reports whether a connection to host:port goes direct; nil
	// means every connection uses the proxy.
	bypass func(host, port string) bool
	// bypassText is the rule bypass follows, as set (e.g.
	// "NO_PROXY=.contoso.test"); empty when there is none.
	bypassText string
}

// New reads raw, a proxy address as --proxy takes it, for source: a URL
// "http://[user:password@]host[:port]", or "host[:port]" meaning http://.
// The port defaults to 80. Other schemes (https://, socks5:// …), paths
// and queries are refused with an error that names source and never
// repeats a password. The proxy applies to every host.
func New(raw, source string) (*Proxy, error) {
	p, why := parse(raw)
	if !why.IsZero() {
		return nil, &i18n.Error{Msg: i18n.Join(": ", SourceWords(source), why)}
	}
	p.source = source
	return p, nil
}

// parse checks a proxy address and splits it, or says what is wrong with
// it (a flag.proxy text, which never repeats the address).
func parse(raw string) (*Proxy, i18n.Msg) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, i18n.M("flag.proxy.empty")
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, i18n.M("flag.proxy.not-url")
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "http":
	case scheme == "https":
		return nil, i18n.M("flag.proxy.https")
	case strings.HasPrefix(scheme, "socks"):
		return nil, i18n.M("flag.proxy.socks", i18n.Data{"Scheme": scheme})
	default:
		return nil, i18n.M("flag.proxy.scheme", i18n.Data{"Scheme": scheme})
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return nil, i18n.M("flag.proxy.no-host")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, i18n.M("flag.proxy.path")
	}
	port := u.Port()
	if port == "" {
		port = defaultPort
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, i18n.M("flag.proxy.port")
	}
	host := strings.ToLower(u.Hostname())
	if strings.ContainsAny(host, " /\\@") {
		return nil, i18n.M("flag.proxy.bad-host")
	}
	p := &Proxy{host: host, port: port}
	if u.User != nil && u.User.Username() != "" {
		pw, _ := u.User.Password()
		value := "Basic " + base64.StdEncoding.EncodeToString([]byte(u.User.Username()+":"+pw))
		p.authorization = func() string { return value }
	}
	return p, i18n.Msg{}
}

// URL is the proxy's address for display, always with its port and never
// with user information: "http://proxy.contoso.test:3128".
func (p *Proxy) URL() string { return "http://" + net.JoinHostPort(p.host, p.port) }

// Source says where the proxy came from: "--proxy", the environment
// variable's name, or "Windows proxy setting".
func (p *Proxy) Source() string { return p.source }

// String is the URL and its source, e.g.
// "http://proxy.contoso.test:3128 (HTTPS_PROXY)".
func (p *Proxy) String() string { return p.URL() + " (" + p.source + ")" }

// GoString is String: %#v shows no proxy password either.
func (p *Proxy) GoString() string { return p.String() }

// Host and Port are where to connect to reach the proxy, before any
// --resolve or --connect-to rule.
func (p *Proxy) Host() string { return p.host }

// Port is the proxy's port ("80" when its address named none).
func (p *Proxy) Port() string { return p.port }

// HasCredentials reports whether the proxy address carries a user name
// (and password) for the proxy's own sign-in.
func (p *Proxy) HasCredentials() bool { return p.authorization != nil }

// Applies reports whether a connection to host:port goes through the
// proxy, rather than directly because the bypass list names the host.
func (p *Proxy) Applies(host, port string) bool {
	if p == nil {
		return false
	}
	return p.bypass == nil || !p.bypass(host, port)
}

// Bypass is the rule that sends some hosts direct, as it was set (e.g.
// "NO_PROXY=.contoso.test,localhost"); empty when every host uses the
// proxy.
func (p *Proxy) Bypass() string { return p.bypassText }
