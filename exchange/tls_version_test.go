package exchange

import (
	"crypto/tls"
	"encoding/binary"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

func TestParseSelectedVersion(t *testing.T) {
	tests := []struct {
		msg  string
		want uint16
		ok   bool
	}{
		{"tls: server selected unsupported protocol version 301", tls.VersionTLS10, true},
		{"tls: server selected unsupported protocol version 302", tls.VersionTLS11, true},
		{"tls: server selected unsupported protocol version 300", 0x0300, true}, // SSL 3.0
		{"handshake: tls: server selected unsupported protocol version 301 (wrapped)", tls.VersionTLS10, true},
		{"remote error: tls: protocol version not supported", 0, false},
		{"tls: server selected unsupported protocol version ", 0, false},
		{"tls: server selected unsupported protocol version 12345", 0, false}, // not a 16-bit number
		{"tls: handshake failure", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			got, ok := parseSelectedVersion(tt.msg)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %#x %v, want %#x %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// Servers that offer only old versions, each way they say so: crypto/tls
// servers send a protocol_version alert to a TLS 1.2/1.3 ClientHello (one
// more handshake, TLS 1.0–1.1 only, learns the version), older stacks
// (Schannel on Windows 2008 R2) answer with a ServerHello for their own
// version (named at once).
func TestHandshakeOldProtocol(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	cert := ca.issue(t, leafOptions{cn: testHost})
	tests := []struct {
		name   string
		start  func(t *testing.T) (addr string, conns *atomic.Int32, served *atomic.Int32)
		detail string
		conns  int32 // TCP connections the server saw
	}{
		{"tls, server speaks only TLS 1.0 (alert)", goTLSServer(cert, tls.VersionTLS10, tls.VersionTLS10), "at most TLS 1.0;", 2},
		{"tls, server speaks TLS 1.0 and 1.1 (alert)", goTLSServer(cert, tls.VersionTLS10, tls.VersionTLS11), "at most TLS 1.1;", 2},
		{"tls, server selects TLS 1.0 in its ServerHello", serverHelloServer(tls.VersionTLS10), "at most TLS 1.0;", 1},
		{"tls, server selects TLS 1.1 in its ServerHello", serverHelloServer(tls.VersionTLS11), "at most TLS 1.1;", 1},
		{"tls, server refuses every version", alertServer(70), "did not complete a TLS 1.0 or 1.1 handshake", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, conns, served := tt.start(t)
			s := NewSession("https://"+testHost+ewsPath, testNetwork(addr, ca.pool), Credentials{Email: testEmail, Password: testPassword})
			defer s.Close()
			p := wantCode(t, runUntil(t, s, "tls"), CodeTLSOldProtocol)
			wantDetail(t, p, tt.detail, "ewsconnect needs TLS 1.2 or newer")
			if got := conns.Load(); got != tt.conns {
				t.Errorf("the server saw %d connections, want %d", got, tt.conns)
			}
			if served != nil && served.Load() != 0 {
				t.Errorf("%d requests went over the old-version handshake", served.Load())
			}
		})
	}
}

// goTLSServer is an HTTPS server limited to versions min..max.
func goTLSServer(cert tls.Certificate, min, max uint16) func(t *testing.T) (string, *atomic.Int32, *atomic.Int32) {
	return func(t *testing.T) (string, *atomic.Int32, *atomic.Int32) {
		var conns, served atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { served.Add(1) }))
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				conns.Add(1)
			}
		}
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: min, MaxVersion: max}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv.Listener.Addr().String(), &conns, &served
	}
}

// serverHelloServer answers every ClientHello with a bare ServerHello
// choosing version, as a TLS stack that knows nothing newer does.
func serverHelloServer(version uint16) func(t *testing.T) (string, *atomic.Int32, *atomic.Int32) {
	hello := []byte{2, 0, 0, 38} // ServerHello, 38 bytes
	hello = binary.BigEndian.AppendUint16(hello, version)
	hello = append(hello, make([]byte, 32)...) // random
	hello = append(hello, 0)                   // no session id
	hello = binary.BigEndian.AppendUint16(hello, tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA)
	hello = append(hello, 0) // no compression
	return rawTLSServer(tlsRecord(22, hello))
}

// alertServer answers every ClientHello with a fatal alert.
func alertServer(alert byte) func(t *testing.T) (string, *atomic.Int32, *atomic.Int32) {
	return rawTLSServer(tlsRecord(21, []byte{2, alert}))
}

func tlsRecord(contentType byte, body []byte) []byte {
	rec := []byte{contentType, 3, 1}
	rec = binary.BigEndian.AppendUint16(rec, uint16(len(body)))
	return append(rec, body...)
}

// rawTLSServer reads each connection's first record and answers answer.
func rawTLSServer(answer []byte) func(t *testing.T) (string, *atomic.Int32, *atomic.Int32) {
	return func(t *testing.T) (string, *atomic.Int32, *atomic.Int32) {
		addr, conns := startRawServer(t, func(c net.Conn) {
			if readRecord(c) != nil {
				return
			}
			c.Write(answer)
			io.Copy(io.Discard, c) // until the client hangs up
		})
		return addr, conns, nil
	}
}
