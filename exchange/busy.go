package exchange

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"ewsconnect/i18n"
)

// Throttling (ews-notes §3, realworld-failures row 17): Exchange answers a
// request over the account's budget with ErrorServerBusy, as a SOAP fault
// (HTTP 500) or in a ResponseMessage, and names how long to back off in
// MessageXml's BackOffMilliseconds; a load balancer or IIS may say the same
// with 503 and Retry-After. The check waits once, when the wait fits in the
// step, and sends the request once more; it never signs in again for it.

// defaultBackOff is waited when ErrorServerBusy names no back-off.
const defaultBackOff = time.Second

// maxBackOff caps what a server's number can ask for, so that a huge
// value cannot overflow a Duration; anything near it never fits a step.
const maxBackOff = 24 * time.Hour

// busyAnswer is a throttled answer: how long it asked to wait and how it
// said so, for the Detail.
type busyAnswer struct {
	backOff time.Duration
	how     i18n.Msg // "ErrorServerBusy, back-off 300 ms (BackOffMilliseconds)"
	said    i18n.Msg // the server's words, quoted
}

// readBusy reports whether r is the server throttling the request.
func readBusy(r *ewsReply) (busyAnswer, bool) {
	if r == nil {
		return busyAnswer{}, false
	}
	if r.status == http.StatusServiceUnavailable {
		return retryAfter(r)
	}
	env, err := parseSOAP(r.body)
	if err != nil {
		return busyAnswer{}, false
	}
	var x *messageXML
	var said string
	switch f, m := env.Body.Fault, env.message(); {
	case f != nil && f.responseCode() == "ErrorServerBusy":
		x, said = f.Detail.MessageXML, firstNonEmpty(f.Detail.Message, f.String)
	case f == nil && m != nil && strings.TrimSpace(m.ResponseCode) == "ErrorServerBusy":
		x, said = m.MessageXML, m.MessageText
	default:
		return busyAnswer{}, false
	}
	b := busyAnswer{backOff: defaultBackOff, how: i18n.M("seen.busy.no-back-off"), said: Said("", said)}
	if v, ok := x.value("BackOffMilliseconds"); ok {
		if ms, err := strconv.ParseInt(v, 10, 64); err == nil && ms >= 0 {
			b.backOff = time.Duration(min(ms, int64(maxBackOff/time.Millisecond))) * time.Millisecond
			// The server's number, as it wrote it: not a Duration in
			// the reader's style, which could hide what was asked.
			b.how = i18n.M("seen.busy.back-off", i18n.Data{"Milliseconds": ms})
		}
	}
	return b, true
}

// retryAfter reads a 503's Retry-After: delay-seconds or an HTTP date. A
// 503 without one is an outage, not throttling (server-error).
func retryAfter(r *ewsReply) (busyAnswer, bool) {
	v := strings.TrimSpace(r.header.Get("Retry-After"))
	if v == "" {
		return busyAnswer{}, false
	}
	var wait time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		wait = time.Duration(min(secs, int64(maxBackOff/time.Second))) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		wait = max(min(time.Until(at), maxBackOff), 0)
	} else {
		return busyAnswer{}, false
	}
	return busyAnswer{backOff: wait, how: i18n.M("seen.busy.retry-after", i18n.Data{"Status": r.statusLine, "RetryAfter": Sanitize(v)})}, true
}

// settleBusy returns r, unless r is the server throttling the request sent
// as body: then it waits the back-off once (Ctrl+C ends the wait at once)
// and sends body once more on the signed-in connection. The back-off must
// leave a quarter of what remains of ctx's deadline for the resend; if it
// does not, or the server is still busy, the step fails with server-busy,
// naming the request and the back-off.
func (s *Session) settleBusy(ctx context.Context, body []byte, r *ewsReply) (*ewsReply, error) {
	b, busy := readBusy(r)
	if !busy {
		return r, nil
	}
	op, wait := requestOperation(body), b.backOff
	left := timeLeft(ctx)
	if wait > left*3/4 {
		return nil, NewProblem(CodeServerBusy, nil, Seen(
			i18n.M("seen.busy.throttled", i18n.Data{"Operation": op, "How": b.how}),
			i18n.M("seen.busy.not-waited", i18n.Data{"Left": left.Round(100 * time.Millisecond)}),
			b.said))
	}
	if err := sleepContext(ctx, wait); err != nil {
		return nil, err
	}
	again, err := s.callEWSOnce(ctx, body)
	if err != nil {
		return nil, err
	}
	if b2, busy := readBusy(again); busy {
		return nil, NewProblem(CodeServerBusy, nil, Seen(
			i18n.M("seen.busy.throttled-again", i18n.Data{"Operation": op, "Milliseconds": wait.Milliseconds(), "How": b2.how}),
			b2.said))
	}
	return again, nil
}

// settledGetFolder is the signed-in GetFolder answer, asked again once
// after the back-off if the server throttled it. The version step reads
// that answer first, so a throttled sign-in request fails there.
func (s *Session) settledGetFolder(ctx context.Context) (*ewsReply, error) {
	r, err := s.settleBusy(ctx, getFolderInbox(strings.TrimSpace(s.creds.Email)), s.getFolder)
	if err != nil {
		return nil, err
	}
	s.getFolder = r
	return r, nil
}

// timeLeft is what remains of ctx's deadline; a context without one gets
// the default step timeout.
func timeLeft(ctx context.Context) time.Duration {
	if deadline, ok := ctx.Deadline(); ok {
		return max(time.Until(deadline), 0)
	}
	return DefaultTimeout
}

// sleepContext waits d, or until ctx ends (then it returns ctx's error).
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// requestOperation names the operation of one of our own SOAP requests
// (the first element in soap:Body, "GetFolder"), for evidence.
func requestOperation(body []byte) i18n.Msg {
	_, rest, ok := bytes.Cut(body, []byte("<soap:Body>"))
	if !ok {
		return i18n.M("seen.busy.ews-request")
	}
	name := bytes.TrimPrefix(bytes.TrimSpace(rest), []byte("<"))
	if end := bytes.IndexAny(name, " \t\r\n/>"); end > 0 {
		name = name[:end]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	if len(name) == 0 || len(name) > 64 {
		return i18n.M("seen.busy.ews-request")
	}
	return i18n.Verbatim(string(name))
}
