package exchange

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"time"

	"ewsconnect/i18n"
)

// maxBody caps every response body we read; EWS answers to our few calls
// are a few KiB.
const maxBody = 4 << 20

// ewsReply is one HTTP answer, read in full (up to maxBody) and closed so
// that its connection can carry the next request.
type ewsReply struct {
	status     int
	statusLine string // "401 Unauthorized"
	header     http.Header
	body       []byte
	truncated  bool
	tls        *tls.ConnectionState
	// legs is what showed that an NTLM handshake's legs did not reach one
	// server over one connection (ntlm_legs.go); zero when nothing did.
	legs legsSeen
}

// httpClient is built once per session. Its transport hands out the
// connection that Handshake verified, then dials fresh, equally verified
// connections only if that one is closed. HTTP/1.1 only, keep-alive, no
// proxy (the probes before it went direct too), no redirects followed.
func (s *Session) httpClient() *http.Client {
	if s.client != nil {
		return s.client
	}
	s.transport = &http.Transport{
		Proxy:               nil,
		DialTLSContext:      s.dialTLS,
		TLSNextProto:        map[string]func(string, *tls.Conn) http.RoundTripper{},
		ForceAttemptHTTP2:   false,
		DisableCompression:  true,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     90 * time.Second,
	}
	s.client = &http.Client{
		Transport: s.transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirect is evidence, never followed
		},
	}
	return s.client
}

// dialTLS gives the transport the pre-established connection once, then
// new ones through the same verified handshake. The transport detaches the
// dial from the request's deadline, so the step timeout is applied here.
func (s *Session) dialTLS(ctx context.Context, _, _ string) (net.Conn, error) {
	if tc := s.takePending(); tc != nil {
		return tc, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	conn, err := s.dialTCP(ctx)
	if err != nil {
		return nil, err
	}
	return s.handshake(ctx, conn)
}

// takePending hands out the connection Handshake verified, once.
func (s *Session) takePending() *tls.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	tc := s.pending
	s.pending = nil
	return tc
}

// setPending keeps a verified connection for the transport, closing any
// older one.
func (s *Session) setPending(tc *tls.Conn) {
	s.mu.Lock()
	old := s.pending
	s.pending = tc
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
}

// newRequest builds a request to the EWS URL; a non-nil body is SOAP.
func (s *Session) newRequest(ctx context.Context, method string, body []byte) *http.Request {
	req, err := http.NewRequestWithContext(ctx, method, s.u.String(), bytes.NewReader(body))
	if err != nil {
		panic(err) // the URL was parsed by CheckURL and the method is ours
	}
	req.Header.Set("User-Agent", userAgent())
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	}
	if body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	return req
}

// do sends req and reads the whole answer under req's context.
func (s *Session) do(req *http.Request) (*ewsReply, error) {
	progress := &replyProgress{}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), progress.trace()))
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return nil, s.classifyHTTPError(req.Context(), err, progress)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, s.classifyHTTPError(req.Context(), err, progress)
	}
	r := &ewsReply{
		status:     resp.StatusCode,
		statusLine: resp.Status,
		header:     resp.Header,
		body:       body,
		tls:        resp.TLS,
	}
	if len(body) > maxBody {
		r.body, r.truncated = body[:maxBody], true
	}
	s.noteServerHeaders(resp.Header)
	return r, nil
}

// classifyHTTPError explains a request that got no (complete) answer. A
// connection the transport had to dial brings its own *Problem.
func (s *Session) classifyHTTPError(ctx context.Context, err error, progress *replyProgress) error {
	if p := AsProblem(err); p != nil {
		return p
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err() // interrupted by the user
	}
	n, answered := progress.received(ctx)
	switch {
	case isTimeout(err) && answered:
		return NewProblem(CodeConnectTimeout, err, i18n.M("seen.connect.slow-answer", i18n.Data{"Host": s.u.Host, "Bytes": bytesMsg(n), "Timeout": s.timeout()}))
	case isTimeout(err):
		return NewProblem(CodeConnectTimeout, err, i18n.M("seen.connect.no-answer", i18n.Data{"Host": s.u.Host, "Timeout": s.timeout()}))
	case isClosedEarly(err):
		return NewProblem(CodeServerError, err, i18n.M("seen.connect.closed", i18n.Data{"Host": s.u.Host}))
	}
	return NewProblem(CodeServerError, err, i18n.M("seen.connect.request-failed", i18n.Data{"Host": s.u.Host, "Reason": quotable(syscallReason(err))}))
}

// noteServerHeaders keeps what the proxy headers say about the server.
func (s *Session) noteServerHeaders(h http.Header) {
	fe, owa := h.Get("X-FEServer"), h.Get("X-OWA-Version")
	if fe == "" && owa == "" {
		return
	}
	s.updateServer(func(info *ServerInfo) {
		if fe != "" {
			info.FrontEnd = Sanitize(fe)
		}
		if owa != "" {
			info.OWAVersion = Sanitize(owa)
			// Until ServerVersionInfo says otherwise (version step), the
			// front end's build is the best guess, even if sign-in fails.
			if b, ok := parseBuild(owa); ok && info.Build == "" {
				info.Build, info.Version = b.String(), releaseName(b)
			}
		}
	})
}
