package proxy

import (
	"net"
	"net/url"

	"golang.org/x/net/http/httpproxy"
)

// Choice is what the proxy is chosen from.
type Choice struct {
	// Flag is --proxy's value; "" when it was not given. It wins over
	// everything else and applies to every host.
	Flag string
	// Off is --no-proxy: no proxy at all, whatever the environment or
	// the system says.
	Off bool
	// Getenv reads the environment (os.Getenv); nil reads nothing, as
	// under --demo, where a company proxy could not reach the in-process
	// server.
	Getenv func(string) string
	// Windows reads the user's WinINet setting (ReadWindowsSettings); nil
	// reads nothing.
	Windows func() (Settings, error)
}

// Decision is the proxy chosen, if any.
type Decision struct {
	// Proxy is nil when connections go direct.
	Proxy *Proxy
	// Script is the proxy auto-configuration (PAC) file the Windows
	// setting names (AutoConfigURL) when no proxy was chosen otherwise.
	// It is never fetched or run: it is reported, so that a direct
	// connection that fails can say that this network may need a proxy.
	Script string
}

// Choose picks the proxy for https connections: --proxy, else none with
// --no-proxy, else HTTPS_PROXY or https_proxy (with NO_PROXY or no_proxy
// naming the hosts that go direct, as Go's net/http and curl read them),
// else the Windows setting. An address that cannot be used is an error
// naming where it came from, for the caller to print as bad usage; a
// Windows setting that cannot be read counts as none.
func Choose(c Choice) (Decision, error) {
	switch {
	case c.Flag != "":
		p, err := New(c.Flag, SourceFlag)
		return Decision{Proxy: p}, err
	case c.Off:
		return Decision{}, nil
	}
	if c.Getenv != nil {
		if name, value := firstSet(c.Getenv, "HTTPS_PROXY", "https_proxy"); value != "" {
			p, err := New(value, name)
			if err != nil {
				return Decision{}, err
			}
			noName, noProxy := firstSet(c.Getenv, "NO_PROXY", "no_proxy")
			p.bypass = noProxyBypass(noProxy) // loopback goes direct even without NO_PROXY
			if noProxy != "" {
				p.bypassText = noName + "=" + noProxy
			}
			return Decision{Proxy: p}, nil
		}
	}
	if c.Windows != nil {
		s, err := c.Windows()
		if err != nil {
			return Decision{}, nil
		}
		p, err := s.Proxy()
		if err != nil || p != nil {
			return Decision{Proxy: p}, err
		}
		return Decision{Script: s.AutoConfigURL}, nil
	}
	return Decision{}, nil
}

// firstSet is the first of names that is set to a non-empty value, in the
// order Go's httpproxy asks (upper case first).
func firstSet(getenv func(string) string, names ...string) (name, value string) {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return n, v
		}
	}
	return "", ""
}

// noProxyBypass is NO_PROXY's rule exactly as Go's net/http applies it
// (golang.org/x/net/http/httpproxy): comma-separated names, ".domain" and
// "*.domain" suffixes, "domain" for itself and its subdomains, IPs,
// CIDR ranges, an optional port, "*" for everything; localhost and
// loopback addresses never use a proxy.
func noProxyBypass(noProxy string) func(host, port string) bool {
	// The proxy address here is a placeholder: only whether the function
	// returns one matters.
	decide := (&httpproxy.Config{HTTPSProxy: "http://proxy.invalid", NoProxy: noProxy}).ProxyFunc()
	return func(host, port string) bool {
		u, err := decide(&url.URL{Scheme: "https", Host: net.JoinHostPort(host, port)})
		return err == nil && u == nil
	}
}
