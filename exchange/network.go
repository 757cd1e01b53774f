package exchange

import (
	"context"
	"errors"
	"net"
	"time"

	"ewsconnect/i18n"
)

// LookupSRV asks for the SRV records of name (e.g.
// "_autodiscover._tcp.contoso.test"): Resolver when it answers SRV, else
// the --dns-server, else the system resolver. The records come sorted by
// priority, then weight (RFC 2782: the lowest priority is tried first,
// the heaviest weight within it most often). A name without SRV records,
// or that does not exist, is an empty list and no error; other failures
// are the resolver's *net.DNSError.
func (n Network) LookupSRV(ctx context.Context, name string) ([]*net.SRV, error) {
	r, err := n.srvResolver()
	if err != nil {
		return nil, err
	}
	_, addrs, err := r.LookupSRV(ctx, "", "", name)
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	addrs = append([]*net.SRV(nil), addrs...) // the resolver's slice stays its own
	sortSRV(addrs)
	return addrs, nil
}

// DialTCP opens a plain TCP connection to host:port the way every check
// does: --connect-to, then --resolve, then DNS (Resolver, --dns-server or
// the system's), then each address in turn within the deadline of ctx
// (the step timeout when ctx has none). Failures are *Problem values
// (dns-failed, connect-refused, connect-timeout); an interrupted dial is
// ctx's error. It never uses the proxy: plain http:// (autodiscover's
// redirect method) dials here, https through DialHTTPS, which comes here
// when no proxy applies; so every connection goes where the user's rules
// say, as the steps' do.
func (n Network) DialTCP(ctx context.Context, host, port string) (net.Conn, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, n.StepTimeout())
		defer cancel()
	}
	rt, err := n.route(ctx, host, port)
	if err != nil {
		return nil, err
	}
	return n.dial(ctx, rt)
}

// route is where a connection for a host and port goes, and how that was
// decided: what the dns step reports and the connect step dials.
type route struct {
	host, port string   // after --connect-to, the port after --resolve's
	addrs      []string // IPs to try, in order
	connectTo  string   // the "ADDR:PORT2" a --connect-to rule chose
	override   bool     // addrs came from --resolve
	dnsServer  string   // the --dns-server asked, "IP:PORT"
}

// result is the dns step's view of the route.
func (rt route) result() DNSResult {
	return DNSResult{Addrs: rt.addrs, Override: rt.override, ConnectTo: rt.connectTo, DNSServer: rt.dnsServer}
}

// route applies --connect-to, then --resolve to the host that results
// (its port, when it has one, wins), then looks the name up unless it is
// an IP. A failed lookup is dns-failed, naming the rule when one sent the
// lookup to another name.
func (n Network) route(ctx context.Context, host, port string) (route, error) {
	var rt route
	var ok bool
	rt.host, rt.port, ok = n.connectTo(host, port)
	if ok {
		rt.connectTo = net.JoinHostPort(rt.host, rt.port)
	}
	if addr, found := n.override(rt.host); found {
		ip, p, err := splitOverride(addr)
		if err != nil {
			return route{}, NewProblem(CodeDNSFailed, err, i18n.M("seen.dns.resolve-not-ip", i18n.Data{"Addr": addr, "Host": rt.host}))
		}
		if p != "" {
			rt.port = p
		}
		rt.addrs, rt.override = []string{ip}, true
		return rt, nil
	}
	if ip := net.ParseIP(rt.host); ip != nil {
		rt.addrs = []string{ip.String()}
		return rt, nil
	}

	r, err := n.hostResolver()
	if err != nil {
		return route{}, NewProblem(CodeDNSFailed, err, i18n.M("seen.dns.dns-server", i18n.Data{"Err": err}))
	}
	if c, isClient := r.(*DNSClient); isClient {
		rt.dnsServer = c.Server()
	}
	addrs, err := r.LookupHost(ctx, rt.host)
	if err == nil && len(addrs) == 0 {
		err = &net.DNSError{Err: errNoAddresses, Name: rt.host, IsNotFound: true}
	}
	if err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled {
			return route{}, ctx.Err() // the user interrupted: not a DNS problem
		}
		p := classifyDNS(rt.host, err, n.StepTimeout())
		if ok && !sameHost(rt.host, host) {
			p.Add(" ", i18n.M("seen.dns.connect-to-for", i18n.Data{"Addr": net.JoinHostPort(host, port)}))
		}
		return route{}, p
	}
	rt.addrs = addrs
	return rt, nil
}

// hostResolver is who answers address lookups: Resolver (the demo and
// tests), else the --dns-server, else the system resolver.
func (n Network) hostResolver() (Resolver, error) {
	if n.Resolver != nil {
		return n.Resolver, nil
	}
	if n.DNSServer != "" {
		return NewDNSClient(n.DNSServer)
	}
	return net.DefaultResolver, nil
}

// srvResolver is who answers SRV questions: Resolver when it can, else
// the --dns-server, else the system resolver.
func (n Network) srvResolver() (SRVResolver, error) {
	if sr, ok := n.Resolver.(SRVResolver); ok {
		return sr, nil
	}
	if n.DNSServer != "" {
		return NewDNSClient(n.DNSServer)
	}
	return net.DefaultResolver, nil
}

// override finds the --resolve entry for host; host names are compared
// case-insensitively, as DNS does.
func (n Network) override(host string) (string, bool) {
	if addr, ok := n.Resolve[host]; ok {
		return addr, true
	}
	for h, addr := range n.Resolve {
		if sameHost(h, host) {
			return addr, true
		}
	}
	return "", false
}

// minAttempt is the least time one address gets when several share the
// step's deadline, so that a dead first address cannot starve the rest.
const minAttempt = 2 * time.Second

// dial connects to the first of the route's addresses that answers, each
// getting its share of what is left of ctx's deadline. The connection
// counts the bytes it reads, for telling a slow server from a silent one.
func (n Network) dial(ctx context.Context, rt route) (net.Conn, error) {
	var first *Problem
	for i, ip := range rt.addrs {
		addr := net.JoinHostPort(ip, rt.port)
		attemptCtx, cancel := context.WithTimeout(ctx, attemptBudget(ctx, len(rt.addrs)-i))
		var d net.Dialer
		conn, err := d.DialContext(attemptCtx, "tcp", addr)
		cancel()
		if err == nil {
			return &meteredConn{Conn: conn}, nil
		}
		if ctx.Err() == context.Canceled {
			return nil, ctx.Err() // the user interrupted: not a server problem
		}
		if first == nil {
			first = classifyDial(addr, err, n.StepTimeout())
		}
	}
	if first == nil { // no address at all: route never returns that, but be safe
		return nil, NewProblem(CodeDNSFailed, nil, i18n.M("seen.dns.no-address", i18n.Data{"Host": rt.host}))
	}
	if len(rt.addrs) > 1 {
		first.Add(" ", i18n.M("seen.connect.others-failed"))
	}
	return nil, first
}

// attemptBudget splits what is left of ctx's deadline among the addresses
// still to try, the way net.Dialer does for a host name.
func attemptBudget(ctx context.Context, left int) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return DefaultTimeout
	}
	remaining := time.Until(deadline)
	share := remaining / time.Duration(left)
	if share < minAttempt && remaining > minAttempt {
		share = minAttempt
	}
	if share > remaining {
		share = remaining
	}
	return share
}
