package exchange

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
)

// proxyFor is the proxy an https connection to host:port goes through, or
// nil when it goes direct (no proxy, or the proxy's bypass list names the
// host).
func (n Network) proxyFor(host, port string) *proxy.Proxy {
	if n.Proxy.Applies(host, port) {
		return n.Proxy
	}
	return nil
}

// DialHTTPS opens the connection that TLS to host:port starts on: through
// the proxy when one applies to host (a tunnel opened with CONNECT
// host:port, the proxy itself found by --connect-to, --resolve and DNS),
// else directly, as DialTCP does. Every https connection of the checks and
// of autodiscover comes through here or through a Session, which dials
// the same way; plain http:// goes direct with DialTCP. Failures are
// *Problem values (proxy-failed and proxy-auth-required through a proxy;
// dns-failed, connect-refused, connect-timeout directly); an interrupted
// dial is ctx's error.
func (n Network) DialHTTPS(ctx context.Context, host, port string) (net.Conn, error) {
	p := n.proxyFor(host, port)
	if p == nil {
		conn, err := n.DialTCP(ctx, host, port)
		return conn, n.scriptHint(err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, n.StepTimeout())
		defer cancel()
	}
	conn, _, err := n.dialTunnel(ctx, p, host, port)
	return conn, err
}

// tunnel is how a tunnel through the proxy was reached, for the connect
// step's summary.
type tunnel struct {
	remote string    // the proxy's address that answered, "IP:PORT"
	route  DNSResult // the rule that chose it: ConnectTo or Override
	target string    // what CONNECT asked for, "host:port"
}

// dialTunnel reaches the proxy the way every connection goes (--connect-to,
// --resolve, DNS, each address in turn, under ctx's deadline), asks it for
// a tunnel to host:port, and returns the tunnel. The tunnel counts only
// its own bytes (not the proxy's answer) and names the target, through
// the proxy, as its remote address, so that later failures read right.
func (n Network) dialTunnel(ctx context.Context, p *proxy.Proxy, host, port string) (net.Conn, tunnel, error) {
	tn := tunnel{target: net.JoinHostPort(host, port)}
	rt, err := n.route(ctx, p.Host(), p.Port())
	if err != nil {
		return nil, tn, unreachableProxy(p, err)
	}
	tn.route = DNSResult{ConnectTo: rt.connectTo, Override: rt.override}
	conn, err := n.dial(ctx, rt)
	if err != nil {
		return nil, tn, unreachableProxy(p, err)
	}
	tn.remote = conn.RemoteAddr().String()
	tc, err := p.Tunnel(ctx, conn, tn.target, http.Header{"User-Agent": {userAgent()}})
	if err != nil {
		conn.Close()
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, tn, ctx.Err()
		}
		return nil, tn, tunnelProblem(p, tn, err, n.StepTimeout())
	}
	return &meteredConn{Conn: &tunnelConn{Conn: tc, remote: tunnelAddr{target: tn.target, proxy: net.JoinHostPort(p.Host(), p.Port())}}}, tn, nil
}

// unreachableProxy is proxy-failed for a proxy whose name did not resolve
// or that did not accept the connection; the cause's own words follow.
func unreachableProxy(p *proxy.Proxy, err error) error {
	cause := AsProblem(err)
	if cause == nil {
		return err // interrupted: not a proxy problem
	}
	return NewProblem(CodeProxyFailed, cause, i18n.M("seen.proxy.unreachable", i18n.Data{"Proxy": ProxyName(p), "Cause": cause.Seen}))
}

// ProxyName is the proxy's URL and where it came from, as p.String() has
// it, with the source in the reader's words.
func ProxyName(p *proxy.Proxy) i18n.Msg {
	return i18n.Join(" ", i18n.Verbatim(p.URL()), i18n.Join("", i18n.Verbatim("("), proxy.SourceWords(p.Source()), i18n.Verbatim(")")))
}

// tunnelProblem words a CONNECT that did not open a tunnel.
func tunnelProblem(p *proxy.Proxy, tn tunnel, err error, timeout time.Duration) *Problem {
	var (
		auth    *proxy.AuthRequiredError
		refused *proxy.RefusedError
		noReply *proxy.NoReplyError
		bad     *proxy.BadReplyError
	)
	data := i18n.Data{"Proxy": ProxyName(p), "Remote": tn.remote, "Target": tn.target, "Timeout": timeout}
	switch {
	case errors.As(err, &auth):
		data["Offers"] = i18n.M("seen.proxy.offers-none")
		if schemes := schemeNames(parseChallenges(auth.Challenges)); len(schemes) > 0 {
			data["Offers"] = i18n.M("seen.proxy.offers", i18n.Data{"Schemes": strings.Join(schemes, ", ")})
		}
		key := "seen.proxy.auth-wanted"
		if auth.Refused {
			key = "seen.proxy.auth-refused"
		}
		return NewProblem(CodeProxyAuthRequired, err, Seen(i18n.M(key, data), proxySaid(auth.Status)))
	case errors.As(err, &refused):
		said := proxySaid(refused.Status)
		if why := refused.Header.Get("X-Squid-Error"); why != "" {
			said = proxySaid(refused.Status + " (X-Squid-Error: " + why + ")")
		}
		switch refused.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return NewProblem(CodeProxyFailed, err, Seen(i18n.Join(" ", i18n.M("seen.proxy.could-not-open", data), squidReason(refused.Header)), said))
		}
		return NewProblem(CodeProxyFailed, err, Seen(i18n.M("seen.proxy.refused", data), said))
	case errors.As(err, &noReply) && noReply.Timeout && noReply.Received > 0:
		data["Bytes"] = bytesMsg(noReply.Received)
		return NewProblem(CodeProxyFailed, err, i18n.M("seen.proxy.slow-answer", data))
	case errors.As(err, &noReply) && noReply.Timeout:
		return NewProblem(CodeProxyFailed, err, i18n.M("seen.proxy.no-answer", data))
	case errors.As(err, &noReply) && noReply.Received > 0:
		return NewProblem(CodeProxyFailed, err, i18n.M("seen.proxy.closed-midway", data))
	case errors.As(err, &noReply):
		data["Reason"] = quotable(syscallReason(noReply.Err))
		return NewProblem(CodeProxyFailed, err, i18n.M("seen.proxy.closed", data))
	case errors.As(err, &bad):
		data["Start"] = strings.ReplaceAll(printable(bad.Start), `"`, "'")
		return NewProblem(CodeProxyFailed, err, i18n.M("seen.proxy.not-http", data))
	}
	data["Err"] = quotable(err.Error())
	return NewProblem(CodeProxyFailed, err, i18n.M("seen.proxy.failed", data))
}

// squidReason says in words what the X-Squid-Error of a failed CONNECT
// means, in parentheses, or nothing for other proxies and other errors.
func squidReason(h http.Header) i18n.Msg {
	name, _, _ := strings.Cut(h.Get("X-Squid-Error"), " ")
	switch name {
	case "ERR_DNS_FAIL":
		return i18n.M("seen.proxy.squid.dns-fail")
	case "ERR_CONNECT_FAIL":
		return i18n.M("seen.proxy.squid.connect-fail")
	case "ERR_READ_TIMEOUT", "ERR_CONNECT_TIMEOUT":
		return i18n.M("seen.proxy.squid.timeout")
	}
	return i18n.Msg{}
}

// proxySaid quotes the proxy's own words (its status line), marked as
// its, as Said does for a server. Empty text says nothing.
func proxySaid(text string) i18n.Msg {
	q := quotable(text)
	if q == "" {
		return i18n.Msg{}
	}
	return i18n.M("seen.proxy.said", i18n.Data{"Said": q})
}

// tunnelConn is a tunnel through a proxy, whose remote address names the
// target rather than the proxy.
type tunnelConn struct {
	net.Conn
	remote net.Addr
}

func (c *tunnelConn) RemoteAddr() net.Addr { return c.remote }

// tunnelAddr is a tunnel's remote address: "host:port through the proxy
// proxy:port".
type tunnelAddr struct{ target, proxy string }

func (a tunnelAddr) Network() string { return "tcp" }
func (a tunnelAddr) String() string  { return a.words().In(i18n.EN) }

func (a tunnelAddr) words() i18n.Msg {
	return i18n.M("seen.proxy.through", i18n.Data{"Target": a.target, "Proxy": a.proxy})
}

// AddrWords is a connection's remote address for what was seen: the
// address itself, or for a tunnel through a proxy its target and the
// proxy ("host:port through the proxy proxy:port") in the reader's words.
func AddrWords(a net.Addr) i18n.Msg {
	if t, ok := a.(tunnelAddr); ok {
		return t.words()
	}
	return i18n.Verbatim(a.String())
}

// scriptHint adds, to a direct connection's dns or connect failure, that
// the system names a PAC script which ewsconnect does not run: on such a
// network the way out is often through a proxy.
func (n Network) scriptHint(err error) error {
	p := AsProblem(err)
	if p == nil || n.ProxyScript == "" || n.Proxy != nil {
		return err
	}
	switch p.Code {
	case CodeDNSFailed, CodeConnectRefused, CodeConnectTimeout:
		p.Add("; ", i18n.M("seen.proxy.pac-script", i18n.Data{"Script": RedactURL(n.ProxyScript)}))
	}
	return p
}
