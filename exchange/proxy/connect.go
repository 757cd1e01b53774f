package proxy

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// maxReplyHeader caps the proxy's answer to CONNECT, status line and
// headers: a proxy's answer is a few hundred bytes.
const maxReplyHeader = 64 << 10

// AuthRequiredError is a 407 answer: the proxy wants its own sign-in.
type AuthRequiredError struct {
	Status string // the status line without the protocol, "407 Proxy Authentication Required"
	// Challenges are the proxy's Proxy-Authenticate values as sent
	// (exchange reads the schemes out of them, as it does for a 401).
	Challenges []string
	// Refused is set when the proxy URL's own credentials were sent and
	// the proxy still answered 407.
	Refused bool
}

func (e *AuthRequiredError) Error() string {
	return "the proxy answered CONNECT with " + e.Status + " (Proxy-Authenticate: " + strings.Join(e.Challenges, "; ") + ")"
}

// RefusedError is any other answer than 2xx and 407: the proxy would not
// open the tunnel (403 by policy, 502 or 503 when it could not reach the
// server, 405 when it does not do CONNECT …).
type RefusedError struct {
	StatusCode int
	Status     string      // "403 Forbidden"
	Header     http.Header // the answer's headers, e.g. Squid's X-Squid-Error
}

func (e *RefusedError) Error() string { return "the proxy answered CONNECT with " + e.Status }

// NoReplyError is a CONNECT that got no complete answer: the proxy closed
// the connection, or said nothing (or not enough) before the deadline.
type NoReplyError struct {
	Timeout  bool  // the deadline passed
	Received int64 // bytes of the answer that arrived
	Err      error
}

func (e *NoReplyError) Error() string {
	switch {
	case e.Timeout:
		return fmt.Sprintf("no answer to CONNECT in time (%d bytes arrived): %v", e.Received, e.Err)
	case e.Received > 0:
		return fmt.Sprintf("the proxy closed the connection in the middle of its answer to CONNECT (%d bytes arrived): %v", e.Received, e.Err)
	}
	return "the proxy closed the connection without answering CONNECT: " + e.Err.Error()
}

func (e *NoReplyError) Unwrap() error { return e.Err }

// BadReplyError is an answer to CONNECT that is not HTTP: what listens
// there is not an HTTP proxy (a TLS server, an SSH daemon, a SOCKS proxy).
type BadReplyError struct {
	Start []byte // the answer's first bytes, as they came
	Err   error
}

func (e *BadReplyError) Error() string {
	return fmt.Sprintf("the answer to CONNECT is not HTTP (it began %q): %v", e.Start, e.Err)
}

func (e *BadReplyError) Unwrap() error { return e.Err }

// Tunnel asks the proxy for a tunnel to target ("host:port", the host as
// the user typed it) over conn, a connection to the proxy that the caller
// opened, and returns the tunnel: a connection on which TLS to target can
// start. It sends CONNECT with Host, the headers in extra (a User-Agent,
// say), and Proxy-Authorization: Basic only when the proxy URL carries
// credentials, which are the proxy's own and never a mailbox's. The
// answer is awaited until ctx's deadline; cancelling ctx stops the wait
// and returns ctx's error. Bytes the proxy sent after its answer are kept
// for the tunnel's first reads. Errors are *AuthRequiredError,
// *RefusedError, *NoReplyError or *BadReplyError; the caller closes conn
// on error.
func (p *Proxy) Tunnel(ctx context.Context, conn net.Conn, target string, extra http.Header) (net.Conn, error) {
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	// A cancelled ctx ends the wait at once: a deadline in the past
	// interrupts the pending read or write.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	interrupted := func() bool { return errors.Is(ctx.Err(), context.Canceled) }

	if _, err := conn.Write(p.request(target, extra)); err != nil {
		if interrupted() {
			return nil, ctx.Err()
		}
		return nil, &NoReplyError{Timeout: isTimeout(err), Err: err}
	}

	rr := &replyReader{r: conn, limit: maxReplyHeader}
	br := bufio.NewReader(rr)
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		if interrupted() {
			return nil, ctx.Err()
		}
		return nil, replyError(err, rr)
	}
	// The body of a refusal is not read: the connection is closed.
	switch {
	case resp.StatusCode == http.StatusProxyAuthRequired:
		return nil, &AuthRequiredError{Status: statusLine(resp), Challenges: resp.Header.Values("Proxy-Authenticate"), Refused: p.authorization != nil}
	case resp.StatusCode/100 != 2:
		return nil, &RefusedError{StatusCode: resp.StatusCode, Status: statusLine(resp), Header: resp.Header}
	}
	if !stop() && interrupted() {
		return nil, ctx.Err()
	}
	_ = conn.SetDeadline(time.Time{})
	rr.limit = 0
	if br.Buffered() == 0 {
		return conn, nil
	}
	// The proxy sent more than its answer (the server's first bytes, which
	// a proxy may pass on at once): the tunnel reads them first.
	return &bufferedConn{Conn: conn, r: br}, nil
}

// request is the CONNECT request for target.
func (p *Proxy) request(target string, extra http.Header) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n", target, target)
	if p.authorization != nil {
		b.WriteString("Proxy-Authorization: " + p.authorization() + "\r\n")
	}
	h := extra.Clone()
	for _, name := range []string{"Host", "Proxy-Authorization", "Authorization"} {
		h.Del(name) // only the proxy's own credentials, and only from its URL
	}
	_ = h.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

// statusLine is the answer's status without the protocol, e.g.
// "403 Forbidden"; a reason phrase the proxy left out is Go's.
func statusLine(resp *http.Response) string {
	if strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode))) == "" {
		return fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return resp.Status
}

// replyError classifies a CONNECT answer that could not be read.
func replyError(err error, rr *replyReader) error {
	switch {
	case isTimeout(err):
		return &NoReplyError{Timeout: true, Received: rr.n, Err: err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), isReset(err):
		return &NoReplyError{Received: rr.n, Err: err}
	case errors.Is(err, errReplyTooLong):
		return &BadReplyError{Start: rr.start, Err: err}
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return &NoReplyError{Received: rr.n, Err: err}
	}
	return &BadReplyError{Start: rr.start, Err: err}
}

var errReplyTooLong = fmt.Errorf("the answer's header is longer than %d bytes", maxReplyHeader)

// replyReader counts what arrives, keeps its first bytes for evidence and,
// while limit is set, refuses to read past it.
type replyReader struct {
	r     io.Reader
	n     int64
	limit int64
	start []byte
}

func (r *replyReader) Read(p []byte) (int, error) {
	if r.limit > 0 {
		if r.n >= r.limit {
			return 0, errReplyTooLong
		}
		if left := r.limit - r.n; int64(len(p)) > left {
			p = p[:left]
		}
	}
	n, err := r.r.Read(p)
	if keep := 16 - len(r.start); keep > 0 {
		r.start = append(r.start, p[:min(n, keep)]...)
	}
	r.n += int64(n)
	return n, err
}

// bufferedConn reads what the handshake's reader had buffered, then the
// connection.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) {
	if c.r != nil && c.r.Buffered() > 0 {
		return c.r.Read(p)
	}
	c.r = nil
	return c.Conn.Read(p)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// isReset reports a connection the proxy reset or closed under us.
func isReset(err error) bool {
	return errors.Is(err, net.ErrClosed) || strings.Contains(err.Error(), "connection reset") ||
		strings.Contains(err.Error(), "broken pipe") || strings.Contains(err.Error(), "forcibly closed")
}
