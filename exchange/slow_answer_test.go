package exchange

import (
	"net"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// A server that answers one byte at a time did answer: the timeout says
// so, with the bytes that arrived, instead of "no answer". A silent server
// keeps the "no answer within" wording.
func TestSlowAnswer(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	cert := ca.issue(t, leafOptions{cn: testHost})
	const timeout = 600 * time.Millisecond
	tests := []struct {
		name   string
		start  func(t *testing.T) string // the server's address
		step   string                    // the step that times out
		detail []string
		bytes  bool // the detail counts bytes
	}{
		{name: "endpoint, answer trickled one byte at a time", step: "endpoint",
			start: func(t *testing.T) string {
				return "127.0.0.1:" + startTLSServer(t, cert, trickle(unauthorizedAnswer)).port()
			},
			detail: []string{testHost + " answered too slowly", "bytes in 600 ms", "the answer was still incomplete"}, bytes: true},
		{name: "endpoint, headers sent, body trickled", step: "endpoint",
			start: func(t *testing.T) string {
				return "127.0.0.1:" + startTLSServer(t, cert, trickleBody(4096)).port()
			},
			detail: []string{"answered too slowly", "the answer was still incomplete"}, bytes: true},
		{name: "endpoint, silent after TLS", step: "endpoint",
			start: func(t *testing.T) string {
				// Silent until the test ends: a handler that returned when the
				// client hangs up would make net/http send a 200 just then.
				stop := make(chan struct{})
				addr := "127.0.0.1:" + startTLSServer(t, cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					<-stop
				})).port()
				t.Cleanup(func() { close(stop) })
				return addr
			},
			detail: []string{"no answer from " + testHost + " within 600 ms"}},
		{name: "tls, handshake trickled one byte at a time", step: "tls",
			start:  trickledHandshakeServer,
			detail: []string{testHost + " answered too slowly", "bytes arrived", "the TLS handshake was still incomplete after 600 ms"}, bytes: true},
		{name: "tls, silent after TCP", step: "tls",
			start:  silentTCPServer,
			detail: []string{"did not answer the TLS handshake within 600 ms"}},
	}
	count := regexp.MustCompile(`(\d+) bytes`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := testNetwork(tt.start(t), ca.pool)
			n.Timeout = timeout
			s := NewSession("https://"+testHost+ewsPath, n, Credentials{})
			defer s.Close()
			before := map[string]string{"tls": "connect", "endpoint": "tls"}[tt.step]
			if err := runUntil(t, s, before); err != nil {
				t.Fatal(err)
			}
			err := runUntil(t, s, tt.step)
			p := wantCode(t, err, CodeConnectTimeout)
			wantDetail(t, p, tt.detail...)
			m := count.FindStringSubmatch(p.Detail)
			switch {
			case !tt.bytes && m != nil:
				t.Errorf("detail %q counts bytes from a silent server", p.Detail)
			case tt.bytes && m == nil:
				t.Errorf("detail %q does not count the bytes", p.Detail)
			case tt.bytes:
				if got, _ := strconv.Atoi(m[1]); got <= 0 {
					t.Errorf("detail %q: want a positive count", p.Detail)
				}
			}
		})
	}
}

const unauthorizedAnswer = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nWWW-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n"

// trickle takes over the connection and writes answer one byte at a time.
func trickle(answer string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		for i := range len(answer) {
			if _, err := conn.Write([]byte{answer[i]}); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// trickleBody sends the headers at once, then the body a byte at a time.
func trickleBody(size int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(size))
		w.WriteHeader(http.StatusUnauthorized)
		rc := http.NewResponseController(w)
		for range size {
			if _, err := w.Write([]byte{'x'}); err != nil || rc.Flush() != nil {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// trickledHandshakeServer reads the ClientHello and answers with a TLS 1.2
// ServerHello record one byte at a time, never completing it in time.
func trickledHandshakeServer(t *testing.T) string {
	hello := []byte{2, 0, 0, 70, 3, 3}
	hello = append(hello, make([]byte, 66)...)
	record := tlsRecord(22, hello)
	addr, _ := startRawServer(t, func(c net.Conn) {
		readRecord(c)
		for _, b := range record {
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	return addr
}

// silentTCPServer accepts and reads, but never writes.
func silentTCPServer(t *testing.T) string {
	addr, _ := startRawServer(t, func(c net.Conn) {
		readRecord(c)
		var buf [1]byte
		c.Read(buf[:]) // until the client gives up
	})
	return addr
}
