package exchangesim

import (
	"errors"
	"fmt"
	"net"
	"time"
)

var errNotTLS = errors.New("the not-tls host speaks plain HTTP")

// badRequestPage is http.sys's answer to bytes that are not HTTP, such as a
// TLS ClientHello sent to a plain-HTTP site.
const badRequestPage = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Bad Request</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Bad Request - Invalid Verb</h2>
<hr><p>HTTP Error 400. The request verb is invalid.</p>
</BODY></HTML>
`

// answerPlainHTTP writes what a plain-HTTP server answers to a ClientHello.
// The client reads an HTTP status line where it expects a TLS record and
// fails the handshake ("first record does not look like a TLS handshake",
// OpenSSL's "wrong version number"), which is the not-tls scenario.
func answerPlainHTTP(c net.Conn) {
	_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(c, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html; charset=us-ascii\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: %s\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s",
		time.Now().UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"), len(badRequestPage), badRequestPage)
}
