package exchangesim

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxBody caps every request body, as IIS's request limits do.
const maxBody = 1 << 20

// route picks the host by the Host header (SNI when there is none) and
// hands the request to what answers there.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	cs := connStateOf(r)
	if r.TLS != nil && cs.firstRequest() {
		s.stats.handshake(normalizeHost(r.TLS.ServerName))
	}
	name := normalizeHost(r.Host)
	if name == "" && r.TLS != nil {
		name = normalizeHost(r.TLS.ServerName)
	}
	s.stats.request(name, r.TLS == nil, r.Header.Get("Authorization"))
	if r.TLS == nil {
		s.servePlainHTTP(w, r)
		return
	}
	h := hostOrDefault(name)
	switch h.kind {
	case kindNotTLS, kindUnresolvable, kindClosedPort, kindBlackhole:
		h = hostOrDefault("") // reachable only by a forged Host header
	}

	switch h.kind {
	case kindWebSite:
		serveWebSite(w, r, h)
	case kindLoginProxy:
		serveLoginProxy(w, r)
	case kindOnline:
		serveExchangeOnline(w, r, h)
	case kindUnavailable:
		serveUnavailable(w)
	case kindSlow:
		s.serveSlowly(w, r, h)
	case kindBalanced:
		s.serveBalanced(w, r, h)
	case kindModernOnly:
		s.serveModernOnly(w, r, h)
	default:
		s.serveExchange(w, r, h)
	}
}

// serveExchange is an on-premises Exchange server's IIS: OWA, ECP, EWS.
func (s *Server) serveExchange(w http.ResponseWriter, r *http.Request, h *host) {
	iisHeaders(w, h)
	p := strings.ToLower(r.URL.Path)
	switch {
	case p == "/":
		redirect(w, "https://"+r.Host+"/owa/")
	case p == "/ews/exchange.asmx":
		s.serveEWS(w, r, h)
	case p == "/autodiscover/autodiscover.xml" && h.autodiscover != nil:
		s.servePOX(w, r, h)
	case (p == "/autodiscover/autodiscover.json" || strings.HasPrefix(p, "/autodiscover/autodiscover.json/v1.0/")) &&
		h.autodiscover != nil && h.autodiscover.json:
		serveAutodiscoverJSON(w, r, h)
	case p == "/owa/auth/logon.aspx":
		serveOWALogon(w, r)
	case p == "/owa/auth.owa" && r.Method == http.MethodPost:
		// Forms sign-in is not simulated; every attempt "fails".
		redirect(w, owaLogonURL(r.Host, "/owa/", 2))
	case p == "/owa" || strings.HasPrefix(p, "/owa/"):
		redirect(w, owaLogonURL(r.Host, "/owa/", 0))
	case p == "/ecp" || strings.HasPrefix(p, "/ecp/"):
		redirect(w, owaLogonURL(r.Host, "/ecp/", 0))
	default:
		notFound(w)
	}
}

// serveSlowly waits SlowDelay (or until the client leaves) and then
// answers as Exchange would. The wait is in the handler, not a server
// timeout, so the TLS handshake itself is quick.
func (s *Server) serveSlowly(w http.ResponseWriter, r *http.Request, h *host) {
	// Read the body first: only then does net/http notice a client that
	// hangs up and cancel r.Context().
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	t := time.NewTimer(s.opts.SlowDelay)
	defer t.Stop()
	select {
	case <-t.C:
		s.serveExchange(w, r, h)
	case <-r.Context().Done():
		// The client left: answer nothing. Returning would send an empty
		// 200 OK, which a client whose timeout fires that instant may
		// still read as the answer.
		panic(http.ErrAbortHandler)
	case <-s.done:
		panic(http.ErrAbortHandler)
	}
}
