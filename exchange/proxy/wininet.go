package proxy

import (
	"net"
	"path"
	"strings"
)

// Settings is the user's WinINet proxy setting, as Windows keeps it under
// HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings. Every
// decision made from it is a plain function of these values, so that it is
// tested on every platform; only ReadWindowsSettings is Windows-only.
type Settings struct {
	// Enabled is ProxyEnable = 1: the manual proxy is switched on.
	Enabled bool
	// Server is ProxyServer: "host:port" for every protocol, or a list
	// per protocol such as "http=h:80;https=h:8443;ftp=h:21".
	Server string
	// Override is ProxyOverride: ";"-separated hosts that go direct, with
	// "*" wildcards; "<local>" means every name without a dot.
	Override string
	// AutoConfigURL is the proxy auto-configuration (PAC) script; it is
	// reported, never run.
	AutoConfigURL string
}

// Proxy is the proxy these settings give https connections: nil when the
// manual proxy is off, or when a per-protocol list names none for https
// (WinINet then connects https directly). A ProxyServer that cannot be
// used is an error naming the setting.
func (s Settings) Proxy() (*Proxy, error) {
	if !s.Enabled {
		return nil, nil
	}
	server, ok := httpsServer(s.Server)
	if !ok {
		return nil, nil
	}
	p, err := New(server, sourceWindowsServer)
	if err != nil {
		return nil, err
	}
	p.source = SourceWindows
	b := parseOverride(s.Override)
	p.bypass = b.matches
	if strings.TrimSpace(s.Override) != "" {
		p.bypassText = "ProxyOverride=" + strings.TrimSpace(s.Override)
	}
	return p, nil
}

// httpsServer picks the proxy for https from a ProxyServer value: the
// value itself when it names one proxy for every protocol, else its
// "https=" entry. A list without one (only "http=" or "socks=", say)
// gives none.
func httpsServer(server string) (string, bool) {
	server = strings.TrimSpace(server)
	if server == "" {
		return "", false
	}
	if !strings.Contains(server, "=") {
		return server, true
	}
	for _, entry := range splitList(server) {
		proto, addr, ok := strings.Cut(entry, "=")
		if ok && strings.EqualFold(strings.TrimSpace(proto), "https") && strings.TrimSpace(addr) != "" {
			return strings.TrimSpace(addr), true
		}
	}
	return "", false
}

// splitList cuts a WinINet list at ";" (and the whitespace some tools
// write between entries), dropping empty entries.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ' ' || r == '\t' || r == '\r' || r == '\n' })
}

// bypassList is a parsed ProxyOverride.
type bypassList struct {
	patterns []string // lower-case wildcard patterns, "host" or "host:port"
	local    bool     // "<local>": names without a dot go direct
	loopback bool     // loopback goes direct (unless "<-loopback>")
}

// parseOverride reads a ProxyOverride value. Entries with a scheme apply
// only to that scheme: "http://*.contoso.com" does not concern https.
func parseOverride(v string) bypassList {
	b := bypassList{loopback: true}
	for _, e := range splitList(v) {
		e = strings.ToLower(e)
		switch e {
		case "<local>":
			b.local = true
			continue
		case "<-loopback>":
			b.loopback = false
			continue
		}
		if scheme, rest, ok := strings.Cut(e, "://"); ok {
			if scheme != "https" {
				continue
			}
			e = rest
		}
		e = strings.TrimSuffix(e, "/")
		if e != "" {
			b.patterns = append(b.patterns, e)
		}
	}
	return b
}

// matches reports whether a connection to host:port goes direct.
func (b bypassList) matches(host, port string) bool {
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if b.loopback && isLoopback(host) {
		return true
	}
	if b.local && !strings.Contains(host, ".") && net.ParseIP(host) == nil {
		return true
	}
	for _, pat := range b.patterns {
		subject := host
		if patHost, patPort, err := net.SplitHostPort(pat); err == nil && patPort != "" && !strings.Contains(patHost, ":") {
			subject, pat = host+":"+port, patHost+":"+patPort
		}
		if wildcardMatch(pat, subject) {
			return true
		}
	}
	return false
}

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// wildcardMatch matches s against pat, where "*" stands for any run of
// characters (dots included, as WinINet has it) and "?" for one.
func wildcardMatch(pat, s string) bool {
	// path.Match treats "/" specially and "[" as a class; neither
	// occurs in host names, so quote brackets and use it.
	pat = strings.NewReplacer("[", "\\[", "]", "\\]", "\\", "\\\\").Replace(pat)
	ok, err := path.Match(pat, s)
	return err == nil && ok
}
