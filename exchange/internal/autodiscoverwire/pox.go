// Package autodiscoverwire reads and writes autodiscover's wire formats: the
// POX (plain old XML) request and response of Exchange 2007 and later, and
// the v2 JSON answer. Everything it reads comes from servers that may be
// hostile or broken, so the parsers cap their input, never panic, and
// tolerate the namespace variations Exchange versions send.
package autodiscoverwire

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxPOXSize caps a POX answer: a real one is a few KiB.
const MaxPOXSize = 1 << 20

// The schemas of the POX exchange (ews-notes §6.1).
const (
	requestSchema  = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
	responseSchema = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
)

// Limits that keep a hostile answer from costing much: nesting depth and
// the number of Protocol elements kept.
const (
	maxDepth     = 32
	maxProtocols = 32
	maxTextLen   = 4096
)

// The Actions of a POX Account.
const (
	ActionSettings     = "settings"
	ActionRedirectURL  = "redirectUrl"
	ActionRedirectAddr = "redirectAddr"
)

// The Protocol Types that carry EWS URLs.
const (
	TypeEXPR = "EXPR" // external (Outlook Anywhere): what an outside client uses
	TypeEXCH = "EXCH" // internal
)

// ErrNotPOX is an answer that is XML but not an autodiscover answer.
var ErrNotPOX = errors.New("not an autodiscover answer")

// ErrTooLarge is an answer over the size cap.
var ErrTooLarge = errors.New("autodiscover answer too large")

// RequestBody is the POX request for email (ews-notes §6.1), with the
// address escaped for XML.
func RequestBody(email string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<Autodiscover xmlns="` + requestSchema + `">` + "\n")
	b.WriteString("  <Request>\n    <EMailAddress>")
	_ = xml.EscapeText(&b, []byte(email)) // a bytes.Buffer never fails
	b.WriteString("</EMailAddress>\n")
	b.WriteString("    <AcceptableResponseSchema>" + responseSchema + "</AcceptableResponseSchema>\n")
	b.WriteString("  </Request>\n</Autodiscover>\n")
	return b.Bytes()
}

// POX is what a POX answer says. Exactly one of the parts is meaningful,
// by Action (or Error when the server answered with one).
type POX struct {
	Action       string     // ActionSettings, ActionRedirectURL, ActionRedirectAddr, or "" (an Error, or nothing)
	Protocols    []Protocol // with ActionSettings
	RedirectURL  string     // with ActionRedirectURL
	RedirectAddr string     // with ActionRedirectAddr
	Error        *Error     // the server's Error element, when sent
}

// Protocol is one Account/Protocol element, reduced to what EWS needs.
type Protocol struct {
	Type   string // EXPR, EXCH, WEB, EXHTTP …
	EwsURL string
	ASURL  string // the Availability Service URL, which is the EWS URL
}

// Error is a POX Error element.
type Error struct {
	Code    string // "500" … "603", as sent
	Message string
}

// ParsePOX reads a POX answer. Namespaces are ignored (Exchange versions
// and proxies differ in what they declare); element names are matched
// case-sensitively as the schema spells them, except Action values, which
// are compared without regard to case.
func ParsePOX(b []byte) (POX, error) {
	if len(b) > MaxPOXSize {
		return POX{}, ErrTooLarge
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	var (
		out      POX
		path     []string
		text     strings.Builder
		proto    *Protocol
		sawRoot  bool
		errorSet bool
		errInfo  Error
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return POX{}, fmt.Errorf("malformed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) >= maxDepth {
				return POX{}, errors.New("malformed XML: nested too deeply")
			}
			name := t.Name.Local
			if len(path) == 0 {
				if name != "Autodiscover" {
					return POX{}, fmt.Errorf("%w: the root element is <%s>", ErrNotPOX, clip(name, 40))
				}
				sawRoot = true
			}
			path = append(path, name)
			text.Reset()
			switch {
			case name == "Protocol" && parentIs(path, "Account"):
				proto = &Protocol{}
			case name == "Error" && !inside(path, "Account", "Protocol"):
				errorSet = true
			}
		case xml.CharData:
			if text.Len() < maxTextLen {
				text.Write(t)
			}
		case xml.EndElement:
			if len(path) == 0 {
				return POX{}, errors.New("malformed XML")
			}
			name := path[len(path)-1]
			value := strings.TrimSpace(clip(text.String(), maxTextLen))
			switch {
			case name == "Protocol" && proto != nil && parentIs(path, "Account"):
				if len(out.Protocols) < maxProtocols {
					out.Protocols = append(out.Protocols, *proto)
				}
				proto = nil
			case proto != nil && parentIs(path, "Protocol"):
				switch name {
				case "Type":
					proto.Type = value
				case "EwsUrl":
					proto.EwsURL = value
				case "ASUrl":
					proto.ASURL = value
				}
			case parentIs(path, "Account"):
				switch name {
				case "Action":
					out.Action = canonicalAction(value)
				case "RedirectUrl":
					out.RedirectURL = value
				case "RedirectAddr":
					out.RedirectAddr = value
				}
			case parentIs(path, "Error") && errorSet:
				switch name {
				case "ErrorCode":
					errInfo.Code = value
				case "Message":
					errInfo.Message = value
				}
			}
			path = path[:len(path)-1]
			text.Reset()
		}
	}
	if !sawRoot {
		return POX{}, fmt.Errorf("%w: no XML element", ErrNotPOX)
	}
	if errorSet {
		out.Error = &errInfo
	}
	if out.Action == "" && out.Error == nil {
		return POX{}, fmt.Errorf("%w: neither an Action nor an Error", ErrNotPOX)
	}
	return out, nil
}

// canonicalAction spells a known Action as the schema does.
func canonicalAction(v string) string {
	for _, a := range []string{ActionSettings, ActionRedirectURL, ActionRedirectAddr} {
		if strings.EqualFold(v, a) {
			return a
		}
	}
	return clip(v, 40)
}

// parentIs reports whether the element at the end of path sits directly in
// an element named parent.
func parentIs(path []string, parent string) bool {
	return len(path) >= 2 && path[len(path)-2] == parent
}

// inside reports whether any enclosing element of the last one is named
// one of names.
func inside(path []string, names ...string) bool {
	for _, p := range path[:len(path)-1] {
		for _, n := range names {
			if p == n {
				return true
			}
		}
	}
	return false
}

// clip cuts s to at most n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// EWSURL is the EWS URL a settings answer gives, by preference: EXPR's
// EwsUrl (external), then EXCH's EwsUrl (internal), then an ASUrl (EXPR's,
// then EXCH's). from names where it came from ("EXPR EwsUrl"); internal is
// set when only the internal (EXCH) settings named one.
func (p POX) EWSURL() (url, from string, internal bool) {
	pick := func(typ string, asURL bool) string {
		for _, pr := range p.Protocols {
			if !strings.EqualFold(pr.Type, typ) {
				continue
			}
			if v := pr.EwsURL; !asURL && v != "" {
				return v
			}
			if v := pr.ASURL; asURL && v != "" {
				return v
			}
		}
		return ""
	}
	if v := pick(TypeEXPR, false); v != "" {
		return v, "EXPR EwsUrl", false
	}
	if v := pick(TypeEXCH, false); v != "" {
		return v, "EXCH EwsUrl", true
	}
	if v := pick(TypeEXPR, true); v != "" {
		return v, "EXPR ASUrl", false
	}
	if v := pick(TypeEXCH, true); v != "" {
		return v, "EXCH ASUrl", true
	}
	return "", "", false
}
