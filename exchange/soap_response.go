package exchange

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"ewsconnect/i18n"
)

// soapEnvelope is the part of an EWS answer the checks read. Elements are
// matched by namespace and local name, never by prefix (Exchange 2007 uses
// t: where later versions use h:).
type soapEnvelope struct {
	XMLName xml.Name   `xml:"http://schemas.xmlsoap.org/soap/envelope/ Envelope"`
	Header  soapHeader `xml:"http://schemas.xmlsoap.org/soap/envelope/ Header"`
	Body    soapBody   `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

type soapHeader struct {
	ServerVersion *serverVersionInfo `xml:"http://schemas.microsoft.com/exchange/services/2006/types ServerVersionInfo"`
}

// serverVersionInfo keeps the attributes as text: every one is optional,
// and "absent" must stay distinguishable from 0.
type serverVersionInfo struct {
	MajorVersion     string `xml:"MajorVersion,attr"`
	MinorVersion     string `xml:"MinorVersion,attr"`
	MajorBuildNumber string `xml:"MajorBuildNumber,attr"`
	MinorBuildNumber string `xml:"MinorBuildNumber,attr"`
	Version          string `xml:"Version,attr"`
}

type soapBody struct {
	Fault     *soapFault          `xml:"http://schemas.xmlsoap.org/soap/envelope/ Fault"`
	Responses []operationResponse `xml:",any"`
}

// soapFault is a SOAP 1.1 fault; faultcode and faultstring are unqualified.
type soapFault struct {
	Code   string `xml:"faultcode"`
	String string `xml:"faultstring"`
	Detail struct {
		ResponseCode string      `xml:"http://schemas.microsoft.com/exchange/services/2006/errors ResponseCode"`
		Message      string      `xml:"http://schemas.microsoft.com/exchange/services/2006/errors Message"`
		MessageXML   *messageXML `xml:"MessageXml"` // in the types namespace here
	} `xml:"detail"`
}

// operationResponse is GetFolderResponse, ResolveNamesResponse, … .
type operationResponse struct {
	XMLName          xml.Name
	ResponseMessages struct {
		Items []responseMessage `xml:",any"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/messages ResponseMessages"`
}

// responseMessage is one …ResponseMessage with the payloads we read.
type responseMessage struct {
	XMLName       xml.Name
	Class         string         `xml:"ResponseClass,attr"`
	MessageText   string         `xml:"http://schemas.microsoft.com/exchange/services/2006/messages MessageText"`
	ResponseCode  string         `xml:"http://schemas.microsoft.com/exchange/services/2006/messages ResponseCode"`
	ResolutionSet *resolutionSet `xml:"http://schemas.microsoft.com/exchange/services/2006/messages ResolutionSet"`
	MessageXML    *messageXML    `xml:"MessageXml"` // in the messages namespace here
	Folders       *struct {
		Items []folder `xml:",any"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/messages Folders"`
}

// messageXML is MessageXml: named values that explain an error, such as
// BackOffMilliseconds (ErrorServerBusy), MailboxGuid (a mailbox that is not
// here) or InnerErrorResponseCode (ErrorInternalServerError). It sits in
// the types namespace in a fault's detail and in the messages namespace in
// a ResponseMessage, and Value's prefix varies, so only local names are
// matched.
type messageXML struct {
	Values []struct {
		Name string `xml:"Name,attr"`
		Text string `xml:",chardata"`
	} `xml:"Value"`
}

// value is the trimmed text of the Value called name; a nil MessageXml
// has none.
func (x *messageXML) value(name string) (string, bool) {
	if x == nil {
		return "", false
	}
	for _, v := range x.Values {
		if strings.EqualFold(strings.TrimSpace(v.Name), name) {
			return strings.TrimSpace(v.Text), true
		}
	}
	return "", false
}

type resolutionSet struct {
	Resolutions []resolution `xml:"http://schemas.microsoft.com/exchange/services/2006/types Resolution"`
}

type resolution struct {
	Mailbox struct {
		Name         string `xml:"http://schemas.microsoft.com/exchange/services/2006/types Name"`
		EmailAddress string `xml:"http://schemas.microsoft.com/exchange/services/2006/types EmailAddress"`
		RoutingType  string `xml:"http://schemas.microsoft.com/exchange/services/2006/types RoutingType"`
		MailboxType  string `xml:"http://schemas.microsoft.com/exchange/services/2006/types MailboxType"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/types Mailbox"`
	Contact struct {
		DisplayName string `xml:"http://schemas.microsoft.com/exchange/services/2006/types DisplayName"`
	} `xml:"http://schemas.microsoft.com/exchange/services/2006/types Contact"`
}

type folder struct {
	XMLName     xml.Name
	DisplayName string `xml:"http://schemas.microsoft.com/exchange/services/2006/types DisplayName"`
}

// errNotSOAP is returned for a body that is not a SOAP envelope (an HTML
// error page, an empty 401).
var errNotSOAP = errors.New("not a SOAP envelope")

// parseSOAP reads an EWS answer. The body is already capped at maxBody.
func parseSOAP(body []byte) (*soapEnvelope, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errNotSOAP
	}
	var env soapEnvelope
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = passThroughCharset
	if err := d.Decode(&env); err != nil {
		return nil, errors.Join(errNotSOAP, err)
	}
	return &env, nil
}

// passThroughCharset accepts the declarations EWS uses (utf-8, and
// "utf-16" on some proxies that re-encode nothing); the bytes are read as
// UTF-8 either way.
func passThroughCharset(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "us-ascii", "ascii", "utf-16", "iso-8859-1":
		return input, nil
	}
	return nil, errors.New("unsupported charset " + charset)
}

// message returns the first ResponseMessage of the answer, or nil.
func (env *soapEnvelope) message() *responseMessage {
	for i := range env.Body.Responses {
		if items := env.Body.Responses[i].ResponseMessages.Items; len(items) > 0 {
			return &items[0]
		}
	}
	return nil
}

// faultResponseCode is the fault's EWS code: detail/ResponseCode, else the
// faultcode's local part (it is a QName like "a:ErrorInvalidServerVersion").
func (f *soapFault) responseCode() string {
	if f.Detail.ResponseCode != "" {
		return strings.TrimSpace(f.Detail.ResponseCode)
	}
	code := strings.TrimSpace(f.Code)
	if i := strings.LastIndexByte(code, ':'); i >= 0 {
		code = code[i+1:]
	}
	return code
}

// soapSeen summarises a fault or the first ResponseMessage as a piece of
// what was seen: the code, then the server's own words, quoted as its
// words ("SOAP fault ErrorAccessDenied; the server said: \"…\""). It says
// nothing for a successful answer.
func soapSeen(env *soapEnvelope) i18n.Msg {
	if f := env.Body.Fault; f != nil {
		return Seen(i18n.M("seen.soap.fault", i18n.Data{"Code": firstNonEmpty(f.responseCode(), strings.TrimSpace(f.Code))}),
			Said("", firstNonEmpty(f.Detail.Message, f.String)))
	}
	if m := env.message(); m != nil && m.ResponseCode != "" && m.ResponseCode != "NoError" {
		return m.evidence()
	}
	return i18n.Msg{}
}

// evidence is "ResponseCode X; the server said: \"…\"", with the inner
// code that ErrorInternalServerError carries in MessageXml.
func (m *responseMessage) evidence() i18n.Msg {
	return Seen(m.codeEvidence(), Said("", m.MessageText))
}

// codeEvidence is "ResponseCode X", or "ResponseCode X (inner Y)".
func (m *responseMessage) codeEvidence() i18n.Msg {
	code := strings.TrimSpace(m.ResponseCode)
	inner, _ := m.MessageXML.value("InnerErrorResponseCode")
	switch {
	case code == "":
		return i18n.M("seen.soap.response-code-none")
	case inner != "":
		return i18n.M("seen.soap.response-code-inner", i18n.Data{"Code": code, "Inner": inner})
	}
	return i18n.M("seen.soap.response-code", i18n.Data{"Code": code})
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// passwordExpiryEnvelope is the answer to GetPasswordExpirationDate. Its
// response is itself the response message (ResponseClass, ResponseCode),
// directly in the body, not in a ResponseMessages list.
type passwordExpiryEnvelope struct {
	XMLName xml.Name `xml:"http://schemas.xmlsoap.org/soap/envelope/ Envelope"`
	Body    struct {
		Response *struct {
			Class        string `xml:"ResponseClass,attr"`
			ResponseCode string `xml:"http://schemas.microsoft.com/exchange/services/2006/messages ResponseCode"`
			// The schema puts it in the messages namespace; the EWS
			// Managed API reads it in any, and so do we.
			Date string `xml:"PasswordExpirationDate"`
		} `xml:"http://schemas.microsoft.com/exchange/services/2006/messages GetPasswordExpirationDateResponse"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

// parsePasswordExpiry reads the date of a successful
// GetPasswordExpirationDate answer, as it was sent; "" for anything else.
func parsePasswordExpiry(body []byte) string {
	var env passwordExpiryEnvelope
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = passThroughCharset
	if err := d.Decode(&env); err != nil || env.Body.Response == nil {
		return ""
	}
	r := env.Body.Response
	if r.Class != "Success" || (r.ResponseCode != "" && strings.TrimSpace(r.ResponseCode) != "NoError") {
		return ""
	}
	return strings.TrimSpace(r.Date)
}
