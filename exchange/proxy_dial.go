package exchange

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"ewsconnect/exchange/proxy"
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
	return &meteredConn{Conn: &tunnelConn{Conn: tc, remote: tunnelAddr(tn.target + " through the proxy " + net.JoinHostPort(p.Host(), p.Port()))}}, tn, nil
}

// unreachableProxy is proxy-failed for a proxy whose name did not resolve
// or that did not accept the connection; the cause's own words follow.
func unreachableProxy(p *proxy.Proxy, err error) error {
	cause := AsProblem(err)
	if cause == nil {
		return err // interrupted: not a proxy problem
	}
	return NewProblemf(CodeProxyFailed, cause, "cannot reach the proxy %s: %s", p, cause.Detail)
}

// tunnelProblem words a CONNECT that did not open a tunnel.
func tunnelProblem(p *proxy.Proxy, tn tunnel, err error, timeout time.Duration) *Problem {
	var (
		auth    *proxy.AuthRequiredError
		refused *proxy.RefusedError
		noReply *proxy.NoReplyError
		bad     *proxy.BadReplyError
	)
	switch {
	case errors.As(err, &auth):
		offers := "names no sign-in scheme"
		if schemes := schemeNames(parseChallenges(auth.Challenges)); len(schemes) > 0 {
			offers = "offers " + strings.Join(schemes, ", ")
		}
		if auth.Refused {
			return NewProblemf(CodeProxyAuthRequired, err, "the proxy %s refused the user name and password in its own address for CONNECT %s (it %s); your mailbox password was not sent to it; %s",
				p, tn.target, offers, proxySaid(auth.Status))
		}
		return NewProblemf(CodeProxyAuthRequired, err, "the proxy %s wants its own sign-in before CONNECT %s (it %s); your mailbox password was not sent to it; %s",
			p, tn.target, offers, proxySaid(auth.Status))
	case errors.As(err, &refused):
		said := proxySaid(refused.Status)
		if why := refused.Header.Get("X-Squid-Error"); why != "" {
			said = proxySaid(refused.Status + " (X-Squid-Error: " + why + ")")
		}
		switch refused.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return NewProblemf(CodeProxyFailed, err, "the proxy %s could not open a connection to %s%s; %s", p, tn.target, squidReason(refused.Header), said)
		}
		return NewProblemf(CodeProxyFailed, err, "the proxy %s refused CONNECT %s; %s", p, tn.target, said)
	case errors.As(err, &noReply) && noReply.Timeout && noReply.Received > 0:
		return NewProblemf(CodeProxyFailed, err, "the proxy %s at %s answered CONNECT %s too slowly: %d bytes in %s, and the answer was still incomplete",
			p, tn.remote, tn.target, noReply.Received, timeout)
	case errors.As(err, &noReply) && noReply.Timeout:
		return NewProblemf(CodeProxyFailed, err, "the proxy %s at %s accepted the connection but did not answer CONNECT %s within %s",
			p, tn.remote, tn.target, timeout)
	case errors.As(err, &noReply) && noReply.Received > 0:
		return NewProblemf(CodeProxyFailed, err, "the proxy %s at %s closed the connection in the middle of its answer to CONNECT %s",
			p, tn.remote, tn.target)
	case errors.As(err, &noReply):
		return NewProblemf(CodeProxyFailed, err, "the proxy %s at %s closed the connection without answering CONNECT %s (%s)",
			p, tn.remote, tn.target, syscallReason(noReply.Err))
	case errors.As(err, &bad):
		return NewProblemf(CodeProxyFailed, err, "what answers at %s is not an HTTP proxy: its answer to CONNECT %s is not HTTP (it began %q); check the proxy address %s",
			tn.remote, tn.target, printable(bad.Start), p)
	}
	return NewProblemf(CodeProxyFailed, err, "the proxy %s at %s: CONNECT %s failed: %v", p, tn.remote, tn.target, err)
}

// squidReason says in words what the X-Squid-Error of a failed CONNECT
// means, in parentheses, or "" for other proxies and other errors.
func squidReason(h http.Header) string {
	name, _, _ := strings.Cut(h.Get("X-Squid-Error"), " ")
	switch name {
	case "ERR_DNS_FAIL":
		return " (it could not find the name in its DNS)"
	case "ERR_CONNECT_FAIL":
		return " (the server did not accept its connection)"
	case "ERR_READ_TIMEOUT", "ERR_CONNECT_TIMEOUT":
		return " (the server did not answer it in time)"
	}
	return ""
}

// proxySaid quotes the proxy's own words (its status line), marked as
// its, as serverSaid does for a server.
func proxySaid(text string) string {
	said := serverSaid("", text)
	return strings.Replace(said, "the server said", "the proxy said", 1)
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
type tunnelAddr string

func (a tunnelAddr) Network() string { return "tcp" }
func (a tunnelAddr) String() string  { return string(a) }

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
		p.Detail = Sanitize(p.Detail + "; the Windows proxy setting names a proxy script (PAC) at " + RedactURL(n.ProxyScript) +
			", which ewsconnect does not run: if this network reaches servers through a proxy, give it with --proxy")
	}
	return p
}
