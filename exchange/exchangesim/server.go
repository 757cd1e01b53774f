package exchangesim

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"ewsconnect/exchange/exchangesim/ntlmaccept"
)

// Options configure Start.
type Options struct {
	// Listen is the loopback address to listen on; "" means 127.0.0.1:0 (a
	// free port). Other addresses are refused with ErrNotLoopback.
	Listen string
	// SlowDelay is how long the slow host waits before it answers; 0 means
	// 30s. It stops waiting when the client goes away.
	SlowDelay time.Duration
	// CAFile is where to write the demo CA certificate (PEM); "" writes none.
	CAFile string
	// OnSend, when set, is called with each test message as it arrives.
	OnSend func(Message)
	// Latency, when set, makes loopback behave like a network with this
	// round-trip time, for measurements: each answer on a connection (TLS
	// or plain HTTP) is held back by it, a connection's first answer by
	// twice it (the TCP handshake), and each DNS answer by it. See
	// latencyConn.
	Latency time.Duration
}

// Server is a running simulated Exchange server.
type Server struct {
	opts      Options
	addr      string
	certs     *certificates
	acceptors map[acceptorKey]*ntlmaccept.Acceptor
	http      *http.Server
	dns       *dnsServer
	proxies   []*proxyServer // the demo's web proxies (proxy.go)
	proxyLog  proxyLog
	queries   queryLog
	stats     counters
	done      chan struct{}
	closeOnce sync.Once
	served    chan struct{}

	mu   sync.Mutex
	sent []Message
}

// Start makes the demo CA and certificates, listens on opts.Listen and
// serves in the background until Close.
func Start(opts Options) (*Server, error) {
	listen, err := loopbackAddr(opts.Listen)
	if err != nil {
		return nil, err
	}
	if opts.SlowDelay <= 0 {
		opts.SlowDelay = 30 * time.Second
	}
	certs, err := newCertificates(time.Now())
	if err != nil {
		return nil, err
	}
	if opts.CAFile != "" {
		if err := os.WriteFile(opts.CAFile, certs.trustedPEM(), 0o644); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, err
	}

	s := &Server{
		opts:   opts,
		addr:   ln.Addr().String(),
		certs:  certs,
		done:   make(chan struct{}),
		served: make(chan struct{}),
	}
	s.acceptors = map[acceptorKey]*ntlmaccept.Acceptor{}
	for _, o := range organisations {
		for _, cbt := range []bool{false, true} {
			s.acceptors[acceptorKey{o.netbios, cbt}] = s.newAcceptor(o, cbt)
		}
	}
	if s.dns, err = s.startDNS(); err != nil {
		ln.Close()
		return nil, err
	}
	if err := s.startProxies(); err != nil {
		ln.Close()
		s.dns.close()
		return nil, err
	}
	s.http = &http.Server{
		Handler:           http.HandlerFunc(s.route),
		ConnContext:       withConnState,
		ReadHeaderTimeout: 30 * time.Second,
		ReadTimeout:       time.Minute,
		// The slow host must be able to stay silent for SlowDelay.
		WriteTimeout:   opts.SlowDelay + 30*time.Second,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		// IIS refuses Windows authentication over HTTP/2; so do we.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ErrorLog:     log.New(io.Discard, "", 0),
	}
	// One port for both: TLS for the ClientHellos, plain HTTP (port 80's
	// role: the autodiscover redirect method) for the rest.
	mux := newSniffListener(ln, s.tlsConfig(), &s.stats, opts.Latency, s.done)
	go func() {
		defer close(s.served)
		_ = s.http.Serve(mux)
	}()
	return s, nil
}

// acceptorKey picks the NTLM acceptor: the server's organisation, and
// whether it requires channel binding.
type acceptorKey struct {
	org        string
	requireCBT bool
}

func (s *Server) newAcceptor(o organisation, requireCBT bool) *ntlmaccept.Acceptor {
	return &ntlmaccept.Acceptor{
		NetBIOSDomain: o.netbios,
		Computer:      o.computer,
		DNSDomain:     o.dns,
		Lookup: func(domain, user string) (string, bool) {
			if findLoginAt(o.netbios, domain, user) == nil {
				return "", false
			}
			return DemoPassword, true
		},
		RequireChannelBinding: requireCBT,
	}
}

func (s *Server) tlsConfig() *tls.Config {
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"http/1.1"},
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			return s.certs.forSNI(hello.ServerName), nil
		},
	}
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		name := normalizeHost(hello.ServerName)
		s.stats.hello(name)
		h := findHost(name)
		switch {
		case h != nil && h.kind == kindNotTLS:
			answerPlainHTTP(hello.Conn)
			return nil, errNotTLS
		case h != nil && h.kind == kindBlackhole:
			s.staySilent(hello.Conn)
			return nil, errBlackhole
		case h != nil && h.maxTLS != 0:
			old := cfg.Clone()
			old.MinVersion, old.MaxVersion = tls.VersionTLS10, h.maxTLS
			return old, nil
		}
		return nil, nil
	}
	return cfg
}

var errBlackhole = errors.New("the blackhole host never answers")

// staySilent holds a connection whose ClientHello will never be answered
// until the client hangs up, the server closes, or net/http's handshake
// timeout (30s) ends it.
func (s *Server) staySilent(c net.Conn) {
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		var b [256]byte
		for {
			if _, err := c.Read(b[:]); err != nil {
				return
			}
		}
	}()
	select {
	case <-gone:
	case <-s.done:
		c.Close()
		<-gone
	}
}

// Addr is the address the server listens on, e.g. "127.0.0.1:40123".
func (s *Server) Addr() string { return s.addr }

// port is Addr's port.
func (s *Server) port() string {
	_, p, _ := net.SplitHostPort(s.addr)
	return p
}

// CAPEM is the demo CA certificate, PEM-encoded, followed by the TLS
// inspection CA that the demo's company computers trust too.
func (s *Server) CAPEM() []byte { return s.certs.trustedPEM() }

// CAPool is a pool holding only the demo CA and the inspection CA.
func (s *Server) CAPool() *x509.CertPool {
	p := x509.NewCertPool()
	for _, ca := range s.certs.trusted() {
		p.AddCert(ca.cert)
	}
	return p
}

// Domain is the demo DNS domain, "contoso.test".
func (s *Server) Domain() string { return demoDomain }

// Stats counts all accepted TCP connections, completed TLS handshakes and
// the requests of HostStats, over all hosts.
func (s *Server) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	return s.stats.total
}

// HostStats counts, for one host name, the TLS ClientHellos that named it
// (Connections), the handshakes that completed (Handshakes), and the
// requests whose Host header named it: with credentials (SignIns), over
// plain HTTP (PlainRequests), plain with an Authorization header
// (PlainAuthorization).
func (s *Server) HostStats(host string) Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	if st := s.stats.byHost[normalizeHost(host)]; st != nil {
		return *st
	}
	return Stats{}
}

// Close stops the server and drops open connections, including requests
// the slow host is holding.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.done)
		err = s.http.Close()
		<-s.served
		s.dns.close()
		s.closeProxies()
	})
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// normalizeHost turns a Host header or SNI name into a demo host key.
func normalizeHost(h string) string {
	if name, _, err := net.SplitHostPort(h); err == nil {
		h = name
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}
