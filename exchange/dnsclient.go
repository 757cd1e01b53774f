package exchange

import (
	"cmp"
	"context"
	"errors"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"ewsconnect/i18n"
)

// udpRetry is how long one UDP query waits before it is sent again (on the
// same socket, so that a late answer to the first still counts).
const udpRetry = 2 * time.Second

// ednsSize is the UDP answer size offered (EDNS0), the DNS flag day 2020
// value: answers larger than this come truncated and are asked over TCP.
const ednsSize = 1232

// DNSClient asks one DNS server directly (--dns-server): A and AAAA over
// UDP, again over TCP when the answer is truncated, and SRV, with no hosts
// file, search list or system configuration in between, so that what it
// reports is what that server answered. It implements Resolver and
// SRVResolver; its errors are *net.DNSError values like the system
// resolver's.
type DNSClient struct {
	server string // "IP:PORT"
}

// NewDNSClient is a client of the DNS server at addr ("ADDR" or
// "ADDR:PORT", see ParseDNSServer).
func NewDNSClient(addr string) (*DNSClient, error) {
	server, err := ParseDNSServer(addr)
	if err != nil {
		return nil, err
	}
	return &DNSClient{server: server}, nil
}

// Server is the address asked, "IP:PORT".
func (c *DNSClient) Server() string { return c.server }

// ParseDNSServer reads a --dns-server value: an IP address with an
// optional port (53 when none): "10.0.0.53", "10.0.0.53:5353", "fd00::53",
// "[fd00::53]" or "[fd00::53]:5353". It returns "IP:PORT". A name is
// refused: looking up the DNS server's own name would need a DNS server.
func ParseDNSServer(addr string) (string, error) {
	addr = strings.TrimSpace(addr)
	host, port := addr, "53"
	if net.ParseIP(addr) == nil { // not a bare IP: maybe with a port
		if h, p, err := net.SplitHostPort(addr); err == nil {
			host, port = h, p
		}
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	ip := net.ParseIP(host)
	if ip == nil {
		return "", i18n.NewError("flag.dns-server.not-ip", i18n.Data{"Host": host})
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", i18n.NewError("flag.dns-server.port", i18n.Data{"Port": port})
	}
	return net.JoinHostPort(ip.String(), port), nil
}

// LookupHost asks for the A and AAAA records of host, both at once, and
// returns the IPv4 addresses first. An answer for one family is enough;
// the name is not found when it does not exist (NXDOMAIN) or has neither
// (NOERROR without records: "no addresses").
func (c *DNSClient) LookupHost(ctx context.Context, host string) ([]string, error) {
	if ip := net.ParseIP(host); ip != nil {
		return []string{ip.String()}, nil
	}
	if _, ok := dns.IsDomainName(host); !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	type answer struct {
		addrs []string
		err   error
	}
	ask := func(qtype uint16, ch chan<- answer) {
		r, err := c.query(ctx, host, qtype)
		var a answer
		if err == nil {
			for _, rr := range r.Answer {
				switch rr := rr.(type) {
				case *dns.A:
					a.addrs = append(a.addrs, rr.A.String())
				case *dns.AAAA:
					a.addrs = append(a.addrs, rr.AAAA.String())
				}
			}
		}
		a.err = c.lookupError(ctx, host, r, err)
		ch <- a
	}
	v4, v6 := make(chan answer, 1), make(chan answer, 1)
	go ask(dns.TypeA, v4)
	go ask(dns.TypeAAAA, v6)
	a, aaaa := <-v4, <-v6

	if addrs := append(a.addrs, aaaa.addrs...); len(addrs) > 0 {
		return addrs, nil
	}
	// Neither family answered: say the most telling of the two failures.
	// NXDOMAIN is about the name, whatever the type; then A's failure.
	for _, err := range []error{a.err, aaaa.err} {
		if isNXDomain(err) {
			return nil, err
		}
	}
	for _, err := range []error{a.err, aaaa.err} {
		if err != nil && !isNoData(err) {
			return nil, err
		}
	}
	return nil, &net.DNSError{Err: errNoAddresses, Name: host, Server: c.server, IsNotFound: true}
}

// LookupSRV asks for the SRV records of _service._proto.name (of name
// alone when service and proto are empty), as net.Resolver does, and
// returns them sorted by priority, then weight (see sortSRV). A name
// without SRV records is a not-found *net.DNSError, as with net.Resolver.
func (c *DNSClient) LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	target := name
	if service != "" || proto != "" {
		target = "_" + service + "._" + proto + "." + name
	}
	target = dns.Fqdn(target)
	if _, ok := dns.IsDomainName(target); !ok {
		return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
	}
	r, err := c.query(ctx, target, dns.TypeSRV)
	if err := c.lookupError(ctx, target, r, err); err != nil {
		return "", nil, err
	}
	var srvs []*net.SRV
	for _, rr := range r.Answer {
		if rr, ok := rr.(*dns.SRV); ok {
			srvs = append(srvs, &net.SRV{Target: dns.Fqdn(rr.Target), Port: rr.Port, Priority: rr.Priority, Weight: rr.Weight})
		}
	}
	if len(srvs) == 0 {
		return "", nil, &net.DNSError{Err: "no SRV records", Name: target, Server: c.server, IsNotFound: true}
	}
	sortSRV(srvs)
	return target, srvs, nil
}

// sortSRV orders SRV records as RFC 2782 says a client tries them: the
// lowest priority first; within one priority the heavier weight first
// (the RFC picks at random in proportion to weight; a diagnosis wants the
// same order every run, so the most likely pick leads).
func sortSRV(srvs []*net.SRV) {
	slices.SortStableFunc(srvs, func(a, b *net.SRV) int {
		if c := cmp.Compare(a.Priority, b.Priority); c != 0 {
			return c
		}
		return cmp.Compare(b.Weight, a.Weight)
	})
}

// The Err texts of the not-found answers that are not NXDOMAIN.
const (
	errNoAddresses = "no addresses"
	errNoRecords   = "no records" // one type unanswered: NOERROR, empty
)

func isNXDomain(err error) bool {
	var d *net.DNSError
	return errors.As(err, &d) && d.IsNotFound && d.Err == "no such host"
}

func isNoData(err error) bool {
	var d *net.DNSError
	return errors.As(err, &d) && d.IsNotFound && d.Err == errNoRecords
}

// lookupError turns a failed exchange or a failing answer into the
// *net.DNSError the rest of the code classifies; nil for an answer with
// records of some kind (the caller picks the ones it asked for).
func (c *DNSClient) lookupError(ctx context.Context, name string, r *dns.Msg, err error) error {
	name = strings.TrimSuffix(name, ".")
	if err != nil {
		d := &net.DNSError{Name: name, Server: c.server, UnwrapErr: err}
		data := i18n.Data{"Server": c.server, "Reason": quotable(syscallReason(err))}
		var why i18n.Msg
		switch {
		case errors.Is(ctx.Err(), context.Canceled):
			d.Err, d.UnwrapErr = "operation was canceled", ctx.Err()
		case isTimeout(err):
			d.Err, d.IsTimeout = "i/o timeout", true
		case errors.As(err, new(tcpFallbackError)):
			why = i18n.M("seen.dns.client.truncated", data)
		case isConnRefused(err), isConnResetErrno(err):
			// A port unreachable (ICMP) comes back on the UDP socket as
			// ECONNREFUSED, on Windows as WSAECONNRESET.
			why = i18n.M("seen.dns.client.port-closed", data)
		case isUnreachable(err):
			why = i18n.M("seen.dns.client.unreachable", data)
		default:
			why = i18n.M("seen.dns.client.failed", data)
		}
		if !why.IsZero() {
			d.Err, d.UnwrapErr = why.In(i18n.EN), &dnsFailure{why: why, err: err}
		}
		return d
	}
	switch r.Rcode {
	case dns.RcodeSuccess:
		if len(r.Answer) == 0 {
			return &net.DNSError{Err: errNoRecords, Name: name, Server: c.server, IsNotFound: true}
		}
		return nil
	case dns.RcodeNameError:
		return &net.DNSError{Err: "no such host", Name: name, Server: c.server, IsNotFound: true}
	case dns.RcodeServerFailure:
		return &net.DNSError{Err: "SERVFAIL", Name: name, Server: c.server, IsTemporary: true}
	}
	rcode := dns.RcodeToString[r.Rcode]
	if rcode == "" {
		rcode = "rcode " + strconv.Itoa(r.Rcode)
	}
	why := i18n.M("seen.dns.client.rcode", i18n.Data{"Server": c.server, "Rcode": rcode})
	return &net.DNSError{Err: why.In(i18n.EN), Name: name, Server: c.server, UnwrapErr: &dnsFailure{why: why}}
}

// dnsFailure is what the DNS client says went wrong, in the reader's
// words, inside the *net.DNSError whose Err is its English: the dns step
// shows it (classifyDNS). err is the failure beneath, if any.
type dnsFailure struct {
	why i18n.Msg
	err error
}

func (f *dnsFailure) Error() string {
	if f.err == nil {
		return f.why.In(i18n.EN)
	}
	return f.err.Error()
}

func (f *dnsFailure) Unwrap() error { return f.err }

// query asks one question over UDP, and over TCP when the UDP answer is
// truncated, all under ctx's deadline (DefaultTimeout when it has none).
func (c *DNSClient) query(ctx context.Context, name string, qtype uint16) (*dns.Msg, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.SetEdns0(ednsSize, false)
	r, err := c.exchange(ctx, "udp", m)
	if err == nil && r.Truncated {
		if r, err = c.exchange(ctx, "tcp", m); err != nil {
			return nil, tcpFallbackError{err}
		}
	}
	return r, err
}

// tcpFallbackError is a failure to ask over TCP after a truncated UDP
// answer: the server did answer, so it must not read as a silent one.
type tcpFallbackError struct{ err error }

func (e tcpFallbackError) Error() string {
	return "over TCP after a truncated answer: " + e.err.Error()
}
func (e tcpFallbackError) Unwrap() error { return e.err }

// exchange sends m over network and reads its answer. Over UDP the query
// is sent again every udpRetry without an answer, on the same socket.
// Cancelling ctx closes the socket, so an interrupted query returns at
// once rather than at the deadline.
func (c *DNSClient) exchange(ctx context.Context, network string, m *dns.Msg) (*dns.Msg, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, c.server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	deadline, _ := ctx.Deadline()
	co := &dns.Conn{Conn: conn, UDPSize: ednsSize}
	for {
		wait := deadline
		if network == "udp" && time.Until(deadline) > udpRetry {
			wait = time.Now().Add(udpRetry)
		}
		conn.SetDeadline(wait)
		if err := co.WriteMsg(m); err != nil {
			return nil, c.ctxErr(ctx, err)
		}
		r, err := readAnswer(co, m.Id)
		if err == nil {
			return r, nil
		}
		if !isTimeout(err) || !time.Now().Before(deadline) || ctx.Err() != nil {
			return nil, c.ctxErr(ctx, err)
		}
	}
}

// readAnswer reads until the answer to the query with id arrives, skipping
// strays (answers to an earlier, timed-out query of another exchange).
func readAnswer(co *dns.Conn, id uint16) (*dns.Msg, error) {
	for {
		r, err := co.ReadMsg()
		if err != nil {
			return nil, err
		}
		if r.Id == id && r.Response {
			return r, nil
		}
	}
}

// ctxErr prefers the context's reason to the closed socket's.
func (c *DNSClient) ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errors.Join(ctx.Err(), err)
	}
	return err
}
