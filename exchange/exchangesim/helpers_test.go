package exchangesim

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/go-ntlmssp"
)

// startServer runs a simulator for one test with a short slow delay.
func startServer(t *testing.T) *Server {
	t.Helper()
	s, err := Start(Options{SlowDelay: 300 * time.Millisecond})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// transport connects every demo host name to the simulator (as curl's
// --resolve does), trusts the demo CA and speaks HTTP/1.1 only.
func transport(s *Server) *http.Transport { return transportTo(s.Addr(), s.CAPool()) }

func transportTo(addr string, roots *x509.CertPool) *http.Transport {
	var d net.Dialer
	return &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		TLSClientConfig:   &tls.Config{RootCAs: roots},
		TLSNextProto:      map[string]func(string, *tls.Conn) http.RoundTripper{},
		ForceAttemptHTTP2: false,
	}
}

// plainClient sends requests without authentication and does not follow
// redirects.
func plainClient(s *Server) *http.Client {
	return &http.Client{
		Transport:     transport(s),
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// ntlmClient signs in with go-ntlmssp's Negotiator.
func ntlmClient(s *Server) *http.Client {
	return &http.Client{Transport: ntlmssp.Negotiator{RoundTripper: transport(s)}, Timeout: 10 * time.Second}
}

func ewsURL(host string) string { return "https://" + host + "/EWS/Exchange.asmx" }

// soapCall POSTs an EWS request as login and returns the status and body.
func soapCall(t *testing.T, c *http.Client, host, login, password, body string) (int, []byte) {
	t.Helper()
	resp, b := postXML(t, c, ewsURL(host), login, password, body)
	return resp.StatusCode, b
}

// postXML POSTs an XML body to url, with Basic credentials unless login is
// "", and returns the response and its whole body.
func postXML(t *testing.T, c *http.Client, url, login, password, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	if login != "" {
		req.SetBasicAuth(login, password)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// envelope builds a SOAP request with the prefixes the docs use.
func envelope(version, body string) string {
	header := ""
	if version != "" {
		header = `<soap:Header><t:RequestServerVersion Version="` + version + `"/></soap:Header>`
	}
	return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">` +
		header + `<soap:Body>` + body + `</soap:Body></soap:Envelope>`
}

const getInbox = `<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>`

func getInboxOf(mailbox string) string {
	return `<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"><t:Mailbox><t:EmailAddress>` +
		mailbox + `</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId></m:FolderIds></m:GetFolder>`
}

func resolveName(entry string) string {
	return `<m:ResolveNames ReturnFullContactData="false" SearchScope="ActiveDirectory"><m:UnresolvedEntry>` + entry + `</m:UnresolvedEntry></m:ResolveNames>`
}

// sendTest is CreateItem SendOnly, BCC to bcc, From from ("" for none).
func sendTest(from, bcc string) string {
	fromXML := ""
	if from != "" {
		fromXML = `<t:From><t:Mailbox><t:EmailAddress>` + from + `</t:EmailAddress></t:Mailbox></t:From>`
	}
	return `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>Connection test</t:Subject><t:Body BodyType="Text">Sent by the setup wizard.</t:Body>` +
		`<t:BccRecipients><t:Mailbox><t:EmailAddress>` + bcc + `</t:EmailAddress></t:Mailbox></t:BccRecipients>` + fromXML + `</t:Message></m:Items></m:CreateItem>`
}

// node is a parsed XML element, names by namespace URI.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []node     `xml:",any"`
}

func parseXML(t *testing.T, b []byte) *node {
	t.Helper()
	n := &node{}
	d := xml.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(n); err != nil {
		t.Fatalf("answer is not well-formed XML: %v\n%s", err, b)
	}
	return n
}

// find returns the first element, depth first, with the name.
func (n *node) find(space, local string) *node {
	if n.XMLName.Space == space && n.XMLName.Local == local {
		return n
	}
	for i := range n.Children {
		if f := n.Children[i].find(space, local); f != nil {
			return f
		}
	}
	return nil
}

func (n *node) attr(local string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// childNames lists the local names of n's children, in order.
func (n *node) childNames() []string {
	var out []string
	for _, c := range n.Children {
		out = append(out, c.XMLName.Local)
	}
	return out
}

// responseCode returns the ResponseCode of an EWS answer: the fault's
// e:ResponseCode or the first m:ResponseCode.
func responseCode(t *testing.T, b []byte) string {
	t.Helper()
	root := parseXML(t, b)
	if root.XMLName.Space != nsSOAP || root.XMLName.Local != "Envelope" {
		t.Fatalf("root is %v, want a SOAP 1.1 Envelope", root.XMLName)
	}
	if f := root.find(nsErrors, "ResponseCode"); f != nil {
		return f.Text
	}
	if m := root.find(nsMessages, "ResponseCode"); m != nil {
		return m.Text
	}
	t.Fatalf("no ResponseCode in %s", b)
	return ""
}
