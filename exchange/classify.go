package exchange

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"ewsconnect/i18n"
)

// classifyDNS turns a failed lookup into dns-failed with what kind of
// failure it was: a name that does not exist is the user's typo, a server
// failure or timeout is the network's. The DNS server is named when the
// error says which one was asked (always with --dns-server).
func classifyDNS(host string, err error, timeout time.Duration) *Problem {
	var dnsErr *net.DNSError
	if !errors.As(err, &dnsErr) {
		if errors.Is(err, context.DeadlineExceeded) {
			return NewProblem(CodeDNSFailed, err, i18n.M("seen.http.dns-timeout", i18n.Data{"Host": host, "Timeout": timeout}))
		}
		return NewProblem(CodeDNSFailed, err, i18n.M("seen.http.dns-lookup-failed", i18n.Data{"Host": host, "Error": quotable(err.Error())}))
	}
	// A lookup that names the DNS server it asked has texts of their own
	// ("-asked"), which name it.
	data := i18n.Data{"Host": host, "Server": dnsErr.Server, "Timeout": timeout, "Error": quotable(dnsErr.Err)}
	key := func(k string) string {
		if dnsErr.Server != "" {
			return k + "-asked"
		}
		return k
	}
	switch {
	case dnsErr.IsNotFound && dnsErr.Err == errNoAddresses:
		return NewProblem(CodeDNSFailed, err, i18n.M(key("seen.http.dns-no-address"), data))
	case dnsErr.IsNotFound:
		return NewProblem(CodeDNSFailed, err, i18n.M(key("seen.http.dns-no-such-host"), data))
	case dnsErr.IsTimeout, errors.Is(err, context.DeadlineExceeded):
		return NewProblem(CodeDNSFailed, err, i18n.M(key("seen.http.dns-timeout"), data))
	case dnsErr.IsTemporary:
		return NewProblem(CodeDNSFailed, err, i18n.M(key("seen.http.dns-no-answer"), data))
	}
	if failure := (*dnsFailure)(nil); errors.As(err, &failure) {
		// --dns-server's client says in the reader's words what went wrong.
		return NewProblem(CodeDNSFailed, err, i18n.M("seen.dns.failed-because", i18n.Data{"Host": host, "Why": failure.why}))
	}
	return NewProblem(CodeDNSFailed, err, i18n.M("seen.http.dns-lookup-failed", data))
}

// classifyDial turns a failed TCP connect into connect-refused (something
// answered: nothing listens on that port) or connect-timeout (nothing
// answered: a firewall, a VPN, the wrong address). The operating system's
// reason is quoted: its words, not ours.
func classifyDial(addr string, err error, timeout time.Duration) *Problem {
	data := i18n.Data{"Addr": addr, "Timeout": timeout}
	switch {
	case isConnRefused(err):
		return NewProblem(CodeConnectRefused, err, i18n.M("seen.http.connect-refused", data))
	case isTimeout(err):
		return NewProblem(CodeConnectTimeout, err, i18n.M("seen.http.connect-timeout", data))
	}
	data["Reason"] = quotable(syscallReason(err))
	if isUnreachable(err) {
		return NewProblem(CodeConnectTimeout, err, i18n.M("seen.http.connect-unreachable", data))
	}
	return NewProblem(CodeConnectTimeout, err, i18n.M("seen.http.connect-failed", data))
}

// isTimeout reports a deadline: ours, the caller's, or the OS's.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.As(err, &ne) && ne.Timeout() || isTimedOutErrno(err)
}

// syscallReason is the innermost error text, without the addresses that
// net.OpError repeats.
func syscallReason(err error) string {
	var sysErr *os.SyscallError
	if errors.As(err, &sysErr) {
		return sysErr.Err.Error()
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		return opErr.Err.Error()
	}
	return err.Error()
}

// isClosedEarly reports a connection the peer closed or reset.
func isClosedEarly(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || isConnResetErrno(err)
}

// isPlainHTTPRecord reports a TLS handshake that got an HTTP answer: the
// port speaks plain HTTP.
func isPlainHTTPRecord(err error) bool {
	var rh tls.RecordHeaderError
	if !errors.As(err, &rh) {
		return false
	}
	return strings.HasPrefix(string(rh.RecordHeader[:]), "HTTP/")
}

// isOldProtocolVersion reports a server that offers only TLS versions this
// client refuses (TLS 1.0/1.1). Over TCP crypto/tls reports this only as
// text: "server selected unsupported protocol version" when the server
// picks an old version, "remote error: tls: protocol version not
// supported" when the server sends the protocol_version alert.
func isOldProtocolVersion(err error) bool {
	var alert tls.AlertError // QUIC-style alerts carry the number
	if errors.As(err, &alert) && alert == 70 {
		return true
	}
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "unsupported protocol version") || strings.Contains(msg, "protocol version not supported")
}

// DNSProblem is a failed lookup of name (an SRV name, say) as the dns step
// words it: not found, no answer within timeout, or the server's error.
func DNSProblem(name string, err error, timeout time.Duration) *Problem {
	return classifyDNS(name, err, timeout)
}
