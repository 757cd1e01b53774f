package exchangesim

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strconv"
)

// reply writes a complete response with a Content-Length, as IIS does:
// NTLM clients need every reply, 401s included, to keep the connection.
func reply(w http.ResponseWriter, status int, contentType string, body []byte) {
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// iisHeaders adds what IIS and the Exchange front end put on every answer.
func iisHeaders(w http.ResponseWriter, h *host) {
	hd := w.Header()
	hd.Set("Server", h.release.iis)
	hd.Set("X-Powered-By", "ASP.NET")
	if !h.release.modern() {
		hd.Set("X-AspNet-Version", "2.0.50727")
		return
	}
	setRaw(hd, "request-id", newRequestID())
	setRaw(hd, "X-OWA-Version", h.release.buildString())
	if h.frontEnd != "" {
		setRaw(hd, "X-FEServer", h.frontEnd)
	}
}

// setRaw sets a header with IIS's spelling ("X-FEServer", "request-id")
// rather than Go's canonical form, so that curl -i shows what a real
// server sends. Header names are case-insensitive; Go clients still find
// them with Header.Get.
func setRaw(h http.Header, key string, values ...string) {
	h[key] = values
}

// redirect answers 302 to location, with the short HTML body IIS sends.
func redirect(w http.ResponseWriter, location string) {
	w.Header().Set("Location", location)
	body := fmt.Sprintf("<head><title>Document Moved</title></head>\n<body><h1>Object Moved</h1>This document may be found <a HREF=\"%s\">here</a></body>", htmlEscape(location))
	reply(w, http.StatusFound, "text/html; charset=UTF-8", []byte(body))
}

// notFound is IIS 10's 404 page.
func notFound(w http.ResponseWriter) {
	reply(w, http.StatusNotFound, "text/html", []byte(iis404Page))
}

const iis404Page = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>404 - File or directory not found.</title>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>404 - File or directory not found.</h2>
  <h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3>
 </fieldset></div>
</div>
</body>
</html>
`

// serviceUnavailablePage is what http.sys sends when the application pool
// behind a URL is stopped.
const serviceUnavailablePage = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Service Unavailable</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Service Unavailable</h2>
<hr><p>HTTP Error 503. The service is unavailable.</p>
</BODY></HTML>
`

// serveUnavailable answers every request on the broken host.
func serveUnavailable(w http.ResponseWriter) {
	w.Header().Set("Server", "Microsoft-HTTPAPI/2.0")
	reply(w, http.StatusServiceUnavailable, "text/html; charset=us-ascii", []byte(serviceUnavailablePage))
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
