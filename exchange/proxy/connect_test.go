package proxy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// fakeProxy accepts one connection, reads the request's header and hands
// it, with the connection, to answer.
func fakeProxy(t *testing.T, answer func(c net.Conn, header string)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		var header strings.Builder
		for {
			line, err := br.ReadString('\n')
			header.WriteString(line)
			if err != nil || line == "\r\n" {
				break
			}
		}
		answer(c, header.String())
	}()
	return ln.Addr().String()
}

// tunnel dials addr and runs Tunnel with a deadline.
func tunnel(t *testing.T, p *Proxy, addr string, timeout time.Duration) (net.Conn, error) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return p.Tunnel(ctx, conn, "mail.contoso.test:443", http.Header{"User-Agent": {"ewsconnect/test"}})
}

func mustNew(t *testing.T, raw string) *Proxy {
	t.Helper()
	p, err := New(raw, SourceFlag)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A 200 makes the connection the tunnel; bytes the proxy sent after its
// answer (in the same packet) are read first, not lost; and the
// handshake's deadline no longer applies.
func TestTunnelOpens(t *testing.T) {
	got := make(chan string, 1)
	addr := fakeProxy(t, func(c net.Conn, header string) {
		got <- header
		io.WriteString(c, "HTTP/1.1 200 Connection established\r\nVia: 1.1 proxy\r\n\r\nEARLY BYTES|")
		time.Sleep(500 * time.Millisecond) // past the handshake's deadline
		io.WriteString(c, "LATER BYTES")
		// and echo what comes through the tunnel
		b := make([]byte, 5)
		if _, err := io.ReadFull(c, b); err == nil {
			c.Write(b)
		}
	})
	tc, err := tunnel(t, mustNew(t, "http://proxy.contoso.test:3128"), addr, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	header := <-got
	for _, want := range []string{"CONNECT mail.contoso.test:443 HTTP/1.1\r\n", "Host: mail.contoso.test:443\r\n", "User-Agent: ewsconnect/test\r\n"} {
		if !strings.Contains(header, want) {
			t.Errorf("request lacks %q:\n%s", want, header)
		}
	}
	if strings.Contains(header, "Authorization") {
		t.Errorf("a proxy without credentials got an authorization header:\n%s", header)
	}
	b := make([]byte, len("EARLY BYTES|LATER BYTES"))
	if _, err := io.ReadFull(tc, b); err != nil || string(b) != "EARLY BYTES|LATER BYTES" {
		t.Fatalf("tunnel read %q, %v", b, err)
	}
	tc.Write([]byte("hello"))
	if _, err := io.ReadFull(tc, b[:5]); err != nil || string(b[:5]) != "hello" {
		t.Errorf("echo %q, %v", b[:5], err)
	}
}

// Only credentials in the proxy URL go to the proxy, as Basic.
func TestTunnelSendsProxyCredentials(t *testing.T) {
	got := make(chan string, 1)
	addr := fakeProxy(t, func(c net.Conn, header string) {
		got <- header
		io.WriteString(c, "HTTP/1.0 200 OK\r\n\r\n")
	})
	p := mustNew(t, "http://CONTOSO%5Calice:Pr0xy%20pw@proxy.contoso.test:3128")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A caller's Authorization or Host never reaches the proxy.
	_, err = p.Tunnel(context.Background(), conn, "mail.contoso.test:443", http.Header{"Authorization": {"Basic bWFpbDpwdw=="}, "Host": {"evil"}})
	if err != nil {
		t.Fatal(err)
	}
	header := <-got
	want := "Proxy-Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(`CONTOSO\alice:Pr0xy pw`)) + "\r\n"
	if !strings.Contains(header, want) {
		t.Errorf("request lacks %q:\n%s", want, header)
	}
	if strings.Contains(header, "\r\nAuthorization:") || strings.Contains(header, "evil") {
		t.Errorf("the caller's headers reached the proxy:\n%s", header)
	}
}

func TestTunnelRefusals(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		check  func(t *testing.T, err error)
	}{
		{"407 with its schemes", "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\nProxy-Authenticate: Basic realm=\"CONTOSO, proxy\"\r\nProxy-Authenticate: Negotiate\r\nContent-Length: 0\r\n\r\n",
			func(t *testing.T, err error) {
				var e *AuthRequiredError
				if !errors.As(err, &e) || e.Status != "407 Proxy Authentication Required" || len(e.Challenges) != 3 || e.Refused {
					t.Errorf("got %#v", err)
				}
			}},
		{"403", "HTTP/1.1 403 Forbidden\r\nX-Squid-Error: ERR_ACCESS_DENIED 0\r\nContent-Length: 5\r\n\r\nnope!",
			func(t *testing.T, err error) {
				var e *RefusedError
				if !errors.As(err, &e) || e.StatusCode != 403 || e.Status != "403 Forbidden" || e.Header.Get("X-Squid-Error") != "ERR_ACCESS_DENIED 0" {
					t.Errorf("got %#v", err)
				}
			}},
		{"502 without a reason phrase", "HTTP/1.1 502\r\n\r\n",
			func(t *testing.T, err error) {
				var e *RefusedError
				if !errors.As(err, &e) || e.Status != "502 Bad Gateway" {
					t.Errorf("got %#v", err)
				}
			}},
		{"closed without an answer", "",
			func(t *testing.T, err error) {
				var e *NoReplyError
				if !errors.As(err, &e) || e.Timeout || e.Received != 0 {
					t.Errorf("got %#v", err)
				}
			}},
		{"closed in the middle of the answer", "HTTP/1.1 200 Connection est",
			func(t *testing.T, err error) {
				var e *NoReplyError
				if !errors.As(err, &e) || e.Timeout || e.Received == 0 {
					t.Errorf("got %#v", err)
				}
			}},
		{"not HTTP: a TLS server", "\x15\x03\x01\x00\x02\x02\x50",
			func(t *testing.T, err error) {
				var e *BadReplyError
				if !errors.As(err, &e) || !bytes.HasPrefix(e.Start, []byte("\x15\x03\x01")) {
					t.Errorf("got %#v", err)
				}
			}},
		{"not HTTP: an SSH daemon", "SSH-2.0-OpenSSH_9.6\r\n",
			func(t *testing.T, err error) {
				var e *BadReplyError
				if !errors.As(err, &e) || !bytes.HasPrefix(e.Start, []byte("SSH-2.0")) {
					t.Errorf("got %#v", err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := fakeProxy(t, func(c net.Conn, _ string) { io.WriteString(c, tt.answer) })
			tc, err := tunnel(t, mustNew(t, "proxy.contoso.test:3128"), addr, 2*time.Second)
			if tc != nil || err == nil {
				t.Fatalf("got a tunnel: %v", err)
			}
			tt.check(t, err)
		})
	}
}

// A 407 to credentials that were sent says that they were refused.
func TestTunnelCredentialsRefused(t *testing.T) {
	addr := fakeProxy(t, func(c net.Conn, _ string) {
		io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\n")
	})
	_, err := tunnel(t, mustNew(t, "http://u:p@proxy.contoso.test:3128"), addr, 2*time.Second)
	var e *AuthRequiredError
	if !errors.As(err, &e) || !e.Refused {
		t.Errorf("got %#v", err)
	}
}

// A proxy that never answers ends at the deadline, not later.
func TestTunnelTimeout(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	addr := fakeProxy(t, func(net.Conn, string) { <-release })
	start := time.Now()
	_, err := tunnel(t, mustNew(t, "proxy.contoso.test:3128"), addr, 300*time.Millisecond)
	var e *NoReplyError
	if !errors.As(err, &e) || !e.Timeout {
		t.Fatalf("got %#v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v for a 300ms deadline", took)
	}
}

// A cancelled context (Ctrl+C) ends the wait at once, with its error.
func TestTunnelInterrupted(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	addr := fakeProxy(t, func(net.Conn, string) { <-release })
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err = mustNew(t, "proxy.contoso.test:3128").Tunnel(ctx, conn, "mail.contoso.test:443", nil)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Errorf("got %v after %v", err, time.Since(start))
	}
}
