package exchange

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"ewsconnect/exchange/exchangesim/ntlmaccept"
)

// The test directory: one mailbox, one password.
const (
	testEmail    = "alice@contoso.test"
	testPassword = "Zebra-7731-Quasar!pw"
	testDomain   = "CONTOSO"
)

// fakeEWS is a small EWS server for the client's tests: it offers the
// configured schemes on 401, signs in with the NTLM acceptor (per
// connection, as IIS does) or Basic (per request), and answers each SOAP
// operation with answer.
type fakeEWS struct {
	schemes  []string // WWW-Authenticate values on 401
	acceptor *ntlmaccept.Acceptor
	cert     *x509.Certificate // the server's leaf, for channel binding
	headers  map[string]string // added to every answer (X-OWA-Version …)
	answer   func(op string, body []byte) (int, string)
	// challenge, when set, turns the CHALLENGE message into the
	// WWW-Authenticate values the NEGOTIATE gets (a server with NTLM
	// blocked, one that speaks Kerberos, a CHALLENGE with other flags).
	challenge func(scheme string, chal []byte) []string
	// closeChallenge sends the CHALLENGE with "Connection: close", as a
	// load balancer without session affinity does.
	closeChallenge bool
	// plainGet answers a GET with the bare schemes, whatever it carries:
	// a server that ignores a NEGOTIATE message on a GET.
	plainGet bool

	mu            sync.Mutex
	ops           []string // operations answered after sign-in
	authErr       error    // the acceptor's last refusal
	authenticates int      // AUTHENTICATE messages received: each one carries a password's proof
}

// newFakeEWS is a healthy Exchange 2019 CU14 offering Negotiate and NTLM.
func newFakeEWS() *fakeEWS {
	return &fakeEWS{
		schemes: []string{"Negotiate", "NTLM"},
		acceptor: &ntlmaccept.Acceptor{
			NetBIOSDomain: testDomain, Computer: "EXCH01", DNSDomain: "contoso.test",
			Lookup: func(domain, user string) (string, bool) {
				if strings.EqualFold(user, "alice") || strings.EqualFold(user, testEmail) {
					return testPassword, true
				}
				return "", false
			},
		},
		headers: map[string]string{"X-FEServer": "EXCH01", "X-OWA-Version": "15.2.1544.4"},
		answer:  healthyAnswer,
	}
}

func (f *fakeEWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	for k, v := range f.headers {
		w.Header().Set(k, v)
	}
	cs := connStateOf(r)
	if cs.authed == "" && !f.signIn(w, r, cs) {
		return
	}
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "You have created a service.")
		return
	}
	op := operation(body)
	f.mu.Lock()
	f.ops = append(f.ops, op)
	f.mu.Unlock()
	status, answer := f.answer(op, body)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, answer)
}

// signIn runs one leg of the sign-in; it reports whether the request may
// go on, having written the 401 itself when not.
func (f *fakeEWS) signIn(w http.ResponseWriter, r *http.Request, cs *connState) bool {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch {
	case strings.EqualFold(scheme, "Basic") && f.offers("Basic"):
		user, pass, _ := r.BasicAuth()
		if (strings.EqualFold(user, testEmail) || strings.EqualFold(user, testDomain+`\alice`)) && pass == testPassword {
			return true // Basic signs in each request, not the connection
		}
	case (strings.EqualFold(scheme, "NTLM") || strings.EqualFold(scheme, "Negotiate")) && f.offers(scheme) &&
		!(f.plainGet && r.Method == http.MethodGet):
		msg, err := base64.StdEncoding.DecodeString(token)
		if err != nil || len(msg) < 12 {
			break
		}
		switch msg[8] {
		case 1:
			chal, st, err := f.acceptor.Challenge(msg)
			if err != nil {
				break
			}
			cs.ntlm = st
			values := []string{scheme + " " + base64.StdEncoding.EncodeToString(chal)}
			if f.challenge != nil {
				values = f.challenge(scheme, chal)
			}
			for _, v := range values {
				w.Header().Add("WWW-Authenticate", v)
			}
			if f.closeChallenge {
				w.Header().Set("Connection", "close")
			}
			w.WriteHeader(http.StatusUnauthorized)
			return false
		case 3:
			f.mu.Lock()
			f.authenticates++
			f.mu.Unlock()
			st, _ := cs.ntlm.(*ntlmaccept.State)
			id, err := f.acceptor.Authenticate(st, msg, f.cert)
			if err == nil {
				cs.authed = id.String()
				return true
			}
			f.mu.Lock()
			f.authErr = err
			f.mu.Unlock()
		}
	}
	for _, s := range f.schemes {
		w.Header().Add("WWW-Authenticate", s)
	}
	w.WriteHeader(http.StatusUnauthorized)
	return false
}

func (f *fakeEWS) offers(scheme string) bool {
	for _, s := range f.schemes {
		name, _, _ := strings.Cut(s, " ")
		if strings.EqualFold(name, scheme) {
			return true
		}
	}
	return false
}

// authenticateCount is how many AUTHENTICATE messages reached the server.
func (f *fakeEWS) authenticateCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.authenticates
}

func (f *fakeEWS) operations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ops...)
}

// operation is the local name of the first element in the SOAP Body.
func operation(body []byte) string {
	d := xml.NewDecoder(bytes.NewReader(body))
	inBody := false
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			if inBody {
				return se.Name.Local
			}
			inBody = se.Name.Local == "Body" && se.Name.Space == nsSOAP
		}
	}
}

// healthyAnswer is Exchange 2019 CU14 with alice's mailbox.
func healthyAnswer(op string, _ []byte) (int, string) {
	switch op {
	case "GetFolder":
		return 200, soapAnswer(svi2019, getFolderSuccess)
	case "ResolveNames":
		return 200, soapAnswer(svi2019, resolveNamesOne(testEmail, "Alice Example"))
	case "CreateItem":
		return 200, soapAnswer(svi2019, createItemSuccess)
	case "GetPasswordExpirationDate":
		return 200, soapAnswer(svi2019, passwordNeverExpires)
	}
	return 500, soapAnswer(svi2019, `<s:Fault><faultcode>s:Client</faultcode><faultstring>unknown</faultstring></s:Fault>`)
}

// soapAnswer wraps a header fragment and a body fragment in an envelope.
func soapAnswer(header, body string) string {
	return `<?xml version="1.0" encoding="utf-8"?>` +
		`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">` +
		`<s:Header>` + header + `</s:Header>` +
		`<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` + body + `</s:Body></s:Envelope>`
}

// serverVersion is a ServerVersionInfo header with the h: prefix.
func serverVersion(major, minor, build, rev int, version string) string {
	v := ""
	if version != "" {
		v = ` Version="` + version + `"`
	}
	return fmt.Sprintf(`<h:ServerVersionInfo MajorVersion="%d" MinorVersion="%d" MajorBuildNumber="%d" MinorBuildNumber="%d"%s `+
		`xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" xmlns="http://schemas.microsoft.com/exchange/services/2006/types"/>`,
		major, minor, build, rev, v)
}

var svi2019 = serverVersion(15, 2, 1544, 4, "V2017_07_11")

const getFolderSuccess = `<m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
<m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>
<m:Folders><t:Folder><t:FolderId Id="AAMk" ChangeKey="AQ"/><t:DisplayName>Posteingang</t:DisplayName><t:TotalCount>3</t:TotalCount></t:Folder></m:Folders>
</m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse>`

const getFolderNoMailbox = `<m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
<m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Error"><m:MessageText>The SMTP address has no mailbox associated with it.</m:MessageText>
<m:ResponseCode>ErrorNonExistentMailbox</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Folders/></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse>`

// passwordNeverExpires is Exchange's answer for a password that never
// expires: DateTime.MaxValue, of unspecified kind.
const passwordNeverExpires = `<m:GetPasswordExpirationDateResponse ResponseClass="Success" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">` +
	`<m:ResponseCode>NoError</m:ResponseCode><m:PasswordExpirationDate>9999-12-31T23:59:59.9999999</m:PasswordExpirationDate></m:GetPasswordExpirationDateResponse>`

const createItemSuccess = `<m:CreateItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
<m:ResponseMessages><m:CreateItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items/></m:CreateItemResponseMessage></m:ResponseMessages></m:CreateItemResponse>`

const createItemSendAsDenied = `<m:CreateItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
<m:ResponseMessages><m:CreateItemResponseMessage ResponseClass="Error"><m:MessageText>The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.</m:MessageText>
<m:ResponseCode>ErrorSendAsDenied</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Items/></m:CreateItemResponseMessage></m:ResponseMessages></m:CreateItemResponse>`

const versionFault = `<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorInvalidServerVersion</faultcode>
<faultstring xml:lang="en-US">The specified server version is invalid.</faultstring><detail>
<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorInvalidServerVersion</e:ResponseCode>
<e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The specified server version is invalid.</e:Message></detail></s:Fault>`

// accessDeniedFault is the body of EWS's 403 for an account with EWS
// turned off (ews-notes §4.6).
const accessDeniedFault = `<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorAccessDenied</faultcode>
<faultstring xml:lang="en-US">Access is denied. Check credentials and try again.</faultstring><detail>
<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorAccessDenied</e:ResponseCode>
<e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">Access is denied. Check credentials and try again.</e:Message></detail></s:Fault>`

const resolveNoResults = `<m:ResolveNamesResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
<m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="Error"><m:MessageText>No results were found.</m:MessageText>
<m:ResponseCode>ErrorNameResolutionNoResults</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>`

// resolveNamesOne is a single SMTP resolution.
func resolveNamesOne(email, name string) string {
	return resolveNames2("Success", "NoError", [][3]string{{email, "SMTP", name}})
}

// resolveNames2 builds a ResolveNames answer with the given mailboxes
// (address, routing type, name).
func resolveNames2(class, code string, boxes [][3]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<m:ResolveNamesResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">`+
		`<m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="%s">`, class)
	if code != "NoError" {
		b.WriteString(`<m:MessageText>Multiple results were found.</m:MessageText>`)
	}
	fmt.Fprintf(&b, `<m:ResponseCode>%s</m:ResponseCode><m:ResolutionSet TotalItemsInView="%d" IncludesLastItemInRange="true">`, code, len(boxes))
	for _, mb := range boxes {
		fmt.Fprintf(&b, `<t:Resolution><t:Mailbox><t:Name>%s</t:Name><t:EmailAddress>%s</t:EmailAddress><t:RoutingType>%s</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox></t:Resolution>`,
			mb[2], mb[0], mb[1])
	}
	b.WriteString(`</m:ResolutionSet></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse>`)
	return b.String()
}
