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
}

// Server is a running simulated Exchange server.
type Server struct {
	opts      Options
	addr      string
	certs     *certificates
	acceptors map[bool]*ntlmaccept.Acceptor // by "requires channel binding"
	http      *http.Server
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
		if err := os.WriteFile(opts.CAFile, certs.demoCA.pem(), 0o644); err != nil {
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
	s.acceptors = map[bool]*ntlmaccept.Acceptor{false: s.newAcceptor(false), true: s.newAcceptor(true)}
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
	tlsLn := tls.NewListener(countingListener{ln, &s.stats}, s.tlsConfig())
	go func() {
		defer close(s.served)
		_ = s.http.Serve(tlsLn)
	}()
	return s, nil
}

func (s *Server) newAcceptor(requireCBT bool) *ntlmaccept.Acceptor {
	return &ntlmaccept.Acceptor{
		NetBIOSDomain: netBIOSDomain,
		Computer:      "EXCH01",
		DNSDomain:     demoDomain,
		Lookup: func(domain, user string) (string, bool) {
			if findLogin(domain, user) == nil {
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
		case h != nil && h.maxTLS != 0:
			old := cfg.Clone()
			old.MinVersion, old.MaxVersion = tls.VersionTLS10, h.maxTLS
			return old, nil
		}
		return nil, nil
	}
	return cfg
}

// Addr is the address the server listens on, e.g. "127.0.0.1:40123".
func (s *Server) Addr() string { return s.addr }

// port is Addr's port.
func (s *Server) port() string {
	_, p, _ := net.SplitHostPort(s.addr)
	return p
}

// CAPEM is the demo CA certificate, PEM-encoded.
func (s *Server) CAPEM() []byte { return s.certs.demoCA.pem() }

// CAPool is a pool holding only the demo CA.
func (s *Server) CAPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(s.certs.demoCA.cert)
	return p
}

// Domain is the demo DNS domain, "contoso.test".
func (s *Server) Domain() string { return demoDomain }

// Stats counts all accepted TCP connections and completed TLS handshakes.
func (s *Server) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	return s.stats.total
}

// HostStats counts, for one host name, the TLS ClientHellos that named it
// (Connections) and the handshakes that completed (Handshakes).
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
