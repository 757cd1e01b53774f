package exchangesim

import (
	"errors"
	"io"
	"net/http"
)

// serveEWS is /EWS/Exchange.asmx: Windows authentication, then the
// per-user EWS switch, then the SOAP operation.
func (s *Server) serveEWS(w http.ResponseWriter, r *http.Request, h *host) {
	who, ok := s.authenticate(w, r, h)
	if !ok {
		return
	}
	if who.user.ewsDisabled {
		// Set-CASMailbox -EwsEnabled $false: refused after sign-in.
		writeFault(w, h.release, faultAccessDenied())
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		reply(w, http.StatusOK, "text/html; charset=UTF-8", []byte(wcfHelpPage(r.Host)))
	case http.MethodPost:
		s.serveSOAP(w, r, h, who)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		reply(w, http.StatusMethodNotAllowed, "text/html", []byte("<html><body><h2>405 - HTTP verb used to access this page is not allowed.</h2></body></html>"))
	}
}

// serveSOAP reads, checks and dispatches one SOAP request.
func (s *Server) serveSOAP(w http.ResponseWriter, r *http.Request, h *host, who signedIn) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			reply(w, http.StatusRequestEntityTooLarge, "text/html", []byte("<html><body><h2>413 - Request Entity Too Large</h2></body></html>"))
		}
		return
	}
	req, f := parseSOAP(body)
	if f == nil {
		f = checkVersionHeader(h.release, req)
	}
	if f != nil {
		writeFault(w, h.release, f)
		return
	}

	if f := throttled(r, who); f != nil {
		writeFault(w, h.release, f)
		return
	}
	op := ewsOperation{server: s, host: h, who: who, req: req}
	out, f := op.answer()
	if f != nil {
		writeFault(w, h.release, f)
		return
	}
	writeEnvelope(w, http.StatusOK, h.release, out)
}

func checkVersionHeader(rel release, req *soapRequest) *fault {
	switch {
	case !req.hasVersion:
		return nil // accepted; the server assumes a version of its own
	case req.version == "":
		return faultSchemaValidation(3, 10, "The required attribute 'Version' is missing.")
	}
	return checkRequestVersion(rel, req.version)
}

// ewsOperation is one request being answered.
type ewsOperation struct {
	server *Server
	host   *host
	who    signedIn
	req    *soapRequest
}

// answer runs the request's operation: its SOAP body, or the fault a real
// server sends (ErrorInvalidRequest for an operation it does not offer).
func (op ewsOperation) answer() (string, *fault) {
	switch op.req.operation {
	case xmlName(nsMessages, "GetFolder"):
		return op.getFolder()
	case xmlName(nsMessages, "ResolveNames"):
		return op.resolveNames()
	case xmlName(nsMessages, "CreateItem"):
		return op.createItem()
	case xmlName(nsMessages, "ConvertId"):
		return op.convertID()
	case xmlName(nsMessages, "FindItem"):
		return op.findItem()
	case xmlName(nsMessages, "GetItem"):
		return op.getItem()
	case xmlName(nsMessages, "GetPasswordExpirationDate"):
		return op.getPasswordExpirationDate()
	}
	return "", faultInvalidRequest()
}

// wcfHelpPage is what an authenticated browser GET of the endpoint shows.
func wcfHelpPage(hostPort string) string {
	return `<HTML><HEAD><link rel="alternate" type="text/xml" href="https://` + htmlEscape(hostPort) + `/EWS/Exchange.asmx?disco"/>
<TITLE>Service</TITLE></HEAD><BODY>
<DIV id="content"><P class="heading1">Service</P><BR/>
<P class="intro">You have created a service.<P class='intro'>To test this service, you will need to create a client and use it to call the service. You can do this using the svcutil.exe tool from the command line with the following syntax:</P>
<BR/><PRE>svcutil.exe <A HREF="https://` + htmlEscape(hostPort) + `/EWS/Services.wsdl">https://` + htmlEscape(hostPort) + `/EWS/Services.wsdl</A></PRE></P>
</DIV></BODY></HTML>
`
}
