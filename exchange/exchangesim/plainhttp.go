package exchangesim

import (
	"net/http"
	"strings"
)

// servePlainHTTP answers a request that came without TLS on the shared
// port, as port 80 would: the autodiscover HTTP redirect method where a
// host has one, IIS's "SSL required" for Exchange's directories, a web
// site's pages, else 404. It never asks for credentials and ignores any it
// is sent (they are counted: Stats.PlainAuthorization).
func (s *Server) servePlainHTTP(w http.ResponseWriter, r *http.Request) {
	h := findHost(normalizeHost(r.Host))
	p := strings.ToLower(r.URL.Path)
	if h == nil || !h.resolves() || h.kind == kindBlackhole || h.kind == kindClosedPort {
		// No such site: http.sys's answer for a name no binding has.
		w.Header().Set("Server", "Microsoft-HTTPAPI/2.0")
		reply(w, http.StatusNotFound, "text/html; charset=us-ascii", []byte(httpSysNotFoundPage))
		return
	}
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	if der, ok := s.certs.published(h.name, r.URL.Path); ok && get {
		// A CA's publication point (AIA): the certificate, DER, no sign-in.
		w.Header().Set("Server", "Microsoft-IIS/10.0")
		reply(w, http.StatusOK, "application/pkix-cert", der)
		return
	}
	switch {
	case h.httpRedirect != "" && p == "/autodiscover/autodiscover.xml" && get:
		// The HTTP redirect method: an IIS site whose only job is this 302.
		w.Header().Set("Server", "Microsoft-IIS/10.0")
		redirect(w, localURL(h.httpRedirect, r.Host))
	case h.kind == kindWebSite, h.kind == kindNotTLS:
		serveWebSite(w, r, h)
	case isExchangeDirectory(p):
		// Exchange's virtual directories require SSL (IIS 403.4).
		iisHeaders(w, h)
		reply(w, http.StatusForbidden, "text/html", []byte(iis403SSLPage))
	default:
		iisHeaders(w, h)
		notFound(w)
	}
}

// isExchangeDirectory reports whether p lies in one of Exchange's IIS
// virtual directories.
func isExchangeDirectory(p string) bool {
	for _, dir := range []string{"/owa", "/ecp", "/ews", "/autodiscover", "/mapi", "/rpc", "/oab", "/microsoft-server-activesync", "/powershell"} {
		if p == dir || strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// serveWebSite is a company (or shared hosting) web site that has nothing
// to do with Exchange: a home page, and 404 for everything else,
// /autodiscover/ included, whatever the method.
func serveWebSite(w http.ResponseWriter, r *http.Request, h *host) {
	w.Header().Set("Server", "nginx")
	if strings.ToLower(r.URL.Path) == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		reply(w, http.StatusOK, "text/html; charset=utf-8", []byte("<!DOCTYPE html>\n<html><head><title>"+htmlEscape(h.name)+
			"</title></head><body><h1>Welcome to "+htmlEscape(h.name)+"</h1><p>Our products, our people, our story.</p></body></html>\n"))
		return
	}
	reply(w, http.StatusNotFound, "text/html", []byte(nginx404Page))
}

const nginx404Page = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

const httpSysNotFoundPage = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Not Found</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Not Found</h2>
<hr><p>HTTP Error 404. The requested resource is not found.</p>
</BODY></HTML>
`

const iis403SSLPage = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>403 - Forbidden: Access is denied.</title>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>403 - Forbidden: Access is denied.</h2>
  <h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>
 </fieldset></div>
</div>
</body>
</html>
`
