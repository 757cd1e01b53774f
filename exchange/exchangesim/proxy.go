package exchangesim

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// proxyKind is how one of the demo's web proxies answers CONNECT.
type proxyKind int

const (
	proxyOpen   proxyKind = iota // opens a tunnel to any demo host
	proxyAuth                    // 407 until Proxy-Authorization: Basic carries a demo login and its password
	proxyFilter                  // a blocked-sites policy: 403 for the mail servers
)

// demoProxy is one of the demo's HTTP proxies, as a user names it in
// --proxy: a host name and the port in its URL (the real port is the
// proxy's own loopback listener, which Resolve maps the name to).
type demoProxy struct {
	name  string
	port  string
	kind  proxyKind
	about string
	short string // about, in a few words for demo-server's banner
}

// demoProxies are the demo's proxies. A CONNECT carries its target, not
// the proxy's name, so each proxy has a listener of its own.
var demoProxies = []demoProxy{
	{name: "proxy.contoso.test", port: "3128", kind: proxyOpen,
		about: "the company's web proxy: it opens a tunnel (CONNECT) to any demo host", short: "opens tunnels"},
	{name: "authproxy.contoso.test", port: "8080", kind: proxyAuth,
		about: "a web proxy that wants its own sign-in (407, offering NTLM and Basic)", short: "407: its own sign-in"},
	{name: "filter.contoso.test", port: "3128", kind: proxyFilter,
		about: "a filtering web proxy whose policy blocks the mail servers (403 Forbidden)", short: "403: blocks mail servers"},
}

// findProxy returns the demo proxy called name, or nil.
func findProxy(name string) *demoProxy {
	for i := range demoProxies {
		if demoProxies[i].name == normalizeHost(name) {
			return &demoProxies[i]
		}
	}
	return nil
}

// url is the proxy's address as a user types it.
func (p demoProxy) url() string { return "http://" + net.JoinHostPort(p.name, p.port) }

// ProxyRequest is one request a demo proxy received: what it saw in the
// clear, and how many bytes it then carried (encrypted, for TLS) through
// the tunnel.
type ProxyRequest struct {
	Proxy  string // the proxy's name, e.g. "proxy.contoso.test"
	Method string // "CONNECT"
	Target string // the request target, e.g. "mail.contoso.test:443"
	// Header is every plaintext byte of the request: request line and
	// headers, exactly as they arrived.
	Header string
	Status int // the proxy's answer
	// Tunnelled is what the client sent through the tunnel after the
	// proxy's 200 (at most the first 1 MiB): for https, TLS records.
	Tunnelled []byte
}

// maxTunnelLog is how much of a tunnel's client bytes the log keeps.
const maxTunnelLog = 1 << 20

// proxyLog records the proxies' requests for ProxyLog.
type proxyLog struct {
	mu      sync.Mutex
	entries []*ProxyRequest
}

func (l *proxyLog) add(e *ProxyRequest) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
}

func (l *proxyLog) setStatus(e *ProxyRequest, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Status = status
}

// ProxyLog is every request the demo proxies received so far, in order,
// with the plaintext they saw: tests show that no mailbox password or
// Authorization header for the mail server ever crossed a proxy in the
// clear.
func (s *Server) ProxyLog() []ProxyRequest {
	s.proxyLog.mu.Lock()
	defer s.proxyLog.mu.Unlock()
	out := make([]ProxyRequest, len(s.proxyLog.entries))
	for i, e := range s.proxyLog.entries {
		out[i] = *e
		out[i].Tunnelled = append([]byte(nil), e.Tunnelled...)
	}
	return out
}

// ProxyAddrs maps each demo proxy's name to the loopback address it
// listens on, e.g. "proxy.contoso.test" → "127.0.0.1:40125".
func (s *Server) ProxyAddrs() map[string]string {
	m := map[string]string{}
	for _, p := range s.proxies {
		m[p.name] = p.ln.Addr().String()
	}
	return m
}

// proxyServer is one demo proxy's listener and its open connections.
type proxyServer struct {
	demoProxy
	s  *Server
	ln net.Listener

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// startProxies listens for each demo proxy on a free loopback port of
// the server's address.
func (s *Server) startProxies() error {
	host, _, _ := net.SplitHostPort(s.addr)
	for _, dp := range demoProxies {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			s.closeProxies()
			return err
		}
		ps := &proxyServer{demoProxy: dp, s: s, ln: ln, conns: map[net.Conn]struct{}{}}
		s.proxies = append(s.proxies, ps)
		ps.wg.Add(1)
		go ps.serve()
	}
	return nil
}

// closeProxies stops every proxy and drops its connections and tunnels.
func (s *Server) closeProxies() {
	for _, ps := range s.proxies {
		ps.ln.Close()
		ps.mu.Lock()
		for c := range ps.conns {
			c.Close()
		}
		ps.mu.Unlock()
		ps.wg.Wait()
	}
}

func (ps *proxyServer) serve() {
	defer ps.wg.Done()
	for {
		c, err := ps.ln.Accept()
		if err != nil {
			return
		}
		if !ps.track(c) {
			return
		}
		ps.wg.Add(1)
		go func() {
			defer ps.wg.Done()
			defer ps.untrack(c)
			ps.handle(c)
		}()
	}
}

// track keeps c to be closed with the proxy; false when it is closing.
func (ps *proxyServer) track(c net.Conn) bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	select {
	case <-ps.s.done:
		c.Close()
		return false
	default:
	}
	ps.conns[c] = struct{}{}
	return true
}

func (ps *proxyServer) untrack(c net.Conn) {
	ps.mu.Lock()
	delete(ps.conns, c)
	ps.mu.Unlock()
	c.Close()
}

// handle reads one request and answers it: a tunnel, or a refusal after
// which the connection is closed.
func (ps *proxyServer) handle(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(sniffTimeout))
	rec := &recordingReader{r: c}
	br := bufio.NewReader(rec)
	req, err := http.ReadRequest(br)
	entry := &ProxyRequest{Proxy: ps.name, Header: string(rec.seen[:len(rec.seen)-br.Buffered()])}
	rec.seen, rec.done = nil, true // the tunnel, if any, is logged apart
	if err == nil {
		entry.Method, entry.Target = req.Method, req.RequestURI
	}
	ps.s.proxyLog.add(entry)
	if err != nil {
		ps.answer(c, entry, http.StatusBadRequest, "ERR_INVALID_REQ 0", nil)
		return
	}
	if req.Method != http.MethodConnect {
		// Plain-HTTP proxying is not needed by the demo: https is what
		// goes through a proxy here.
		ps.answer(c, entry, http.StatusMethodNotAllowed, "ERR_UNSUP_REQ 0", http.Header{"Allow": {"CONNECT"}})
		return
	}
	switch ps.kind {
	case proxyAuth:
		if !proxySignedIn(req.Header.Get("Proxy-Authorization")) {
			ps.answer(c, entry, http.StatusProxyAuthRequired, "ERR_CACHE_ACCESS_DENIED 0", http.Header{
				"Proxy-Authenticate": {"NTLM", `Basic realm="CONTOSO web proxy"`},
			})
			return
		}
	case proxyFilter:
		ps.answer(c, entry, http.StatusForbidden, "ERR_ACCESS_DENIED 0", nil)
		return
	}
	ps.tunnel(c, br, entry)
}

// proxySignedIn reports whether a Proxy-Authorization header carries
// Basic credentials of a demo login with the demo password.
func proxySignedIn(h string) bool {
	scheme, token, _ := strings.Cut(strings.TrimSpace(h), " ")
	if !strings.EqualFold(scheme, "Basic") {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token))
	if err != nil {
		return false
	}
	login, pw, ok := strings.Cut(string(raw), ":")
	if !ok || pw != DemoPassword {
		return false
	}
	return findLogin(splitLogin(login)) != nil
}

// upstream is where a tunnel to target goes, as the proxy's own DNS would
// have it: every demo host's port is the server's one port (which serves
// TLS and plain HTTP alike), the port-closed host's is closed. It returns
// the Squid error for a name that does not resolve.
func (ps *proxyServer) upstream(target string) (addr, squidError string) {
	host, _, err := net.SplitHostPort(target)
	if err != nil {
		return "", "ERR_INVALID_URL 0"
	}
	h := findHost(normalizeHost(host))
	switch {
	case h == nil || !h.resolves():
		return "", "ERR_DNS_FAIL 0"
	case h.kind == kindClosedPort:
		return closedPortAddr, ""
	}
	return ps.s.addr, ""
}

// tunnel connects to the target and carries bytes both ways until either
// side closes. Only the request before it was read as plaintext.
func (ps *proxyServer) tunnel(c net.Conn, br *bufio.Reader, entry *ProxyRequest) {
	addr, squidError := ps.upstream(entry.Target)
	if squidError != "" {
		ps.answer(c, entry, http.StatusServiceUnavailable, squidError, nil)
		return
	}
	up, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		ps.answer(c, entry, http.StatusServiceUnavailable, "ERR_CONNECT_FAIL 111", nil)
		return
	}
	if !ps.track(up) {
		return
	}
	defer ps.untrack(up)
	ps.s.proxyLog.setStatus(entry, http.StatusOK)
	_ = c.SetReadDeadline(time.Time{})
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(c, up)
		c.Close()
	}()
	// What the client sends (br first: bytes it sent right after the
	// CONNECT) is logged up to maxTunnelLog.
	_, _ = io.Copy(up, io.TeeReader(br, &tunnelLog{log: &ps.s.proxyLog, e: entry}))
	up.Close()
	<-done
}

// answer refuses a request as Squid does, with its error name, and ends
// the connection.
func (ps *proxyServer) answer(c net.Conn, entry *ProxyRequest, status int, squidError string, h http.Header) {
	ps.s.proxyLog.setStatus(entry, status)
	body := fmt.Sprintf("<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body><h1>%d %s</h1><p>%s</p><p>Generated by %s (squid/5.7)</p></body></html>\n",
		status, http.StatusText(status), htmlEscape(squidError), ps.name)
	resp := &http.Response{
		StatusCode: status, ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{},
		ContentLength: int64(len(body)), Body: io.NopCloser(strings.NewReader(body)), Close: true,
	}
	for k, v := range h {
		resp.Header[k] = v
	}
	resp.Header.Set("Server", "squid/5.7")
	resp.Header.Set("Content-Type", "text/html;charset=utf-8")
	resp.Header.Set("X-Squid-Error", squidError)
	_ = resp.Write(c)
}

// recordingReader keeps what it reads, for the plaintext log, until done.
type recordingReader struct {
	r    io.Reader
	seen []byte
	done bool
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if !r.done {
		r.seen = append(r.seen, p[:n]...)
	}
	return n, err
}

// tunnelLog appends a tunnel's client bytes to its log entry, up to
// maxTunnelLog.
type tunnelLog struct {
	log *proxyLog
	e   *ProxyRequest
}

func (t *tunnelLog) Write(p []byte) (int, error) {
	t.log.mu.Lock()
	defer t.log.mu.Unlock()
	if keep := maxTunnelLog - len(t.e.Tunnelled); keep > 0 {
		t.e.Tunnelled = append(t.e.Tunnelled, p[:min(len(p), keep)]...)
	}
	return len(p), nil
}
