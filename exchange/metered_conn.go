package exchange

import (
	"crypto/tls"
	"net"
	"sync/atomic"

	"ewsconnect/i18n"
)

// meteredConn counts the bytes read from a connection, so that a timeout
// can tell a server that said nothing from one that answered too slowly.
// dialTCP wraps every connection the session opens in one.
type meteredConn struct {
	net.Conn
	read atomic.Int64
}

func (c *meteredConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read.Add(int64(n))
	return n, err
}

// bytesRead is how many bytes have arrived on conn (under TLS: on the TCP
// connection beneath it, records and handshake included); 0 for a
// connection the session did not dial.
func bytesRead(conn net.Conn) int64 {
	if tc, ok := conn.(*tls.Conn); ok {
		conn = tc.NetConn()
	}
	if m, ok := conn.(*meteredConn); ok {
		return m.read.Load()
	}
	return 0
}

// bytesMsg is a number of bytes in words ("1 byte", "5 bytes"), for what
// was seen of an answer that came too slowly.
func bytesMsg(n int64) i18n.Msg { return i18n.MN("seen.connect.bytes", int(n)) }
