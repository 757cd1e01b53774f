package exchangesim

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// soapRequest is an EWS request as far as the simulator reads it. Elements
// are matched by namespace URI and local name, never by prefix.
type soapRequest struct {
	version    string // RequestServerVersion's Version; "" when absent
	hasVersion bool
	operation  xml.Name // the first element in s:Body
	decoder    *xml.Decoder
	start      xml.StartElement // the operation's start tag, for decodeOperation
}

// parseSOAP reads the envelope up to the operation element. Its errors are
// the faults Exchange sends for unreadable or non-SOAP requests.
func parseSOAP(body []byte) (*soapRequest, *fault) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, faultInvalidRequest() // EWS's answer to an empty POST
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	root, err := nextStart(d)
	if err != nil {
		return nil, syntaxFault(d, err)
	}
	if root.Name.Space != nsSOAP || root.Name.Local != "Envelope" {
		return nil, faultInvalidRequest()
	}
	req := &soapRequest{decoder: d}
	for {
		se, err := nextStart(d)
		if err != nil {
			if errors.Is(err, errEndOfParent) {
				return nil, faultInvalidRequest() // no Body
			}
			return nil, syntaxFault(d, err)
		}
		switch {
		case se.Name.Space == nsSOAP && se.Name.Local == "Header":
			if err := req.readHeader(d); err != nil {
				return nil, syntaxFault(d, err)
			}
		case se.Name.Space == nsSOAP && se.Name.Local == "Body":
			op, err := nextStart(d)
			if err != nil {
				if errors.Is(err, errEndOfParent) {
					return nil, faultInvalidRequest() // empty Body
				}
				return nil, syntaxFault(d, err)
			}
			req.operation, req.start = op.Name, op
			return req, nil
		default:
			if err := d.Skip(); err != nil {
				return nil, syntaxFault(d, err)
			}
		}
	}
}

// readHeader reads RequestServerVersion and skips the other SOAP headers.
func (req *soapRequest) readHeader(d *xml.Decoder) error {
	for {
		se, err := nextStart(d)
		if errors.Is(err, errEndOfParent) {
			return nil
		}
		if err != nil {
			return err
		}
		if se.Name.Space == nsTypes && se.Name.Local == "RequestServerVersion" {
			req.hasVersion = true
			for _, a := range se.Attr {
				if a.Name.Space == "" && a.Name.Local == "Version" {
					req.version = a.Value
				}
			}
		}
		if err := d.Skip(); err != nil {
			return err
		}
	}
}

// decodeOperation unmarshals the operation element into v.
func (req *soapRequest) decodeOperation(v any) *fault {
	if err := req.decoder.DecodeElement(v, &req.start); err != nil {
		return syntaxFault(req.decoder, err)
	}
	return nil
}

var errEndOfParent = errors.New("end of parent element")

// nextStart returns the next start tag at the current level, or
// errEndOfParent when the enclosing element ends first.
func nextStart(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return xml.StartElement{}, io.ErrUnexpectedEOF
		}
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, nil
		case xml.EndElement:
			return xml.StartElement{}, errEndOfParent
		}
	}
}

// syntaxFault turns an XML error into the schema-validation fault EWS
// gives for a body it cannot read.
func syntaxFault(d *xml.Decoder, err error) *fault {
	line, col := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	return faultSchemaValidation(line, col, fmt.Sprintf("The request is not well-formed XML: %v", err))
}
