package exchange

import (
	"net"
	"strconv"
	"strings"
	"unicode"

	"ewsconnect/i18n"
)

// errConnectToForm is the shape a --connect-to value must have, for errors.
func errConnectToForm() error { return i18n.NewError("flag.connect-to.format") }

// ParseConnectTo reads one --connect-to value, HOST:PORT:ADDR:PORT2 as
// curl has it: a connection to HOST:PORT goes to ADDR:PORT2 instead. An
// empty HOST or PORT matches any; an empty ADDR or PORT2 keeps the
// original. ADDR is a name (looked up like any other) or an IP; an IPv6
// address is written in brackets ("[::1]"). The fields are kept without
// brackets, HOST and ADDR lower-cased. Errors do not repeat v (the flag
// package does), only the part that is wrong.
func ParseConnectTo(v string) (ConnectTo, error) {
	fields, err := splitConnectTo(v)
	if err != nil {
		return ConnectTo{}, err
	}
	for _, i := range []int{0, 2} {
		if err := checkConnectToHost(fields[i]); err != nil {
			return ConnectTo{}, err
		}
		fields[i] = strings.ToLower(strings.Trim(fields[i], "[]"))
	}
	for _, i := range []int{1, 3} {
		if fields[i] == "" {
			continue
		}
		if n, err := strconv.Atoi(fields[i]); err != nil || n < 1 || n > 65535 || strings.HasPrefix(fields[i], "+") {
			return ConnectTo{}, i18n.NewError("flag.connect-to.port", i18n.Data{"Port": fields[i]})
		}
	}
	return ConnectTo{Host: fields[0], Port: fields[1], Addr: fields[2], Port2: fields[3]}, nil
}

// splitConnectTo cuts v at the colons that are outside brackets; there
// must be exactly four fields.
func splitConnectTo(v string) ([]string, error) {
	var fields []string
	start, inBrackets := 0, false
	for i, r := range v {
		switch {
		case r == '[' && i == start:
			inBrackets = true
		case r == ']' && inBrackets:
			inBrackets = false
			if i+1 < len(v) && v[i+1] != ':' {
				return nil, errConnectToForm()
			}
		case r == ':' && !inBrackets:
			fields = append(fields, v[start:i])
			start = i + 1
		}
	}
	fields = append(fields, v[start:])
	if inBrackets || len(fields) != 4 {
		return nil, errConnectToForm()
	}
	return fields, nil
}

// checkConnectToHost accepts an empty field, a host name, an IPv4
// address or a bracketed IPv6 address.
func checkConnectToHost(h string) error {
	if h == "" {
		return nil
	}
	if strings.HasPrefix(h, "[") {
		if ip := net.ParseIP(strings.Trim(h, "[]")); ip == nil || ip.To4() != nil {
			return i18n.NewError("flag.connect-to.ipv6", i18n.Data{"Host": h})
		}
		return nil
	}
	if net.ParseIP(h) != nil {
		return nil
	}
	// The URL's host rule, in ASCII only: a rule names hosts as DNS does.
	if !hostFault(h).IsZero() || strings.IndexFunc(h, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
		return i18n.NewError("flag.connect-to.host", i18n.Data{"Host": h})
	}
	return nil
}

// String is the rule as it was written, IPv6 in brackets.
func (c ConnectTo) String() string {
	return bracket(c.Host) + ":" + c.Port + ":" + bracket(c.Addr) + ":" + c.Port2
}

func bracket(h string) string {
	if strings.Contains(h, ":") {
		return "[" + h + "]"
	}
	return h
}

// matches reports whether the rule applies to a connection to host:port.
func (c ConnectTo) matches(host, port string) bool {
	if c.Port != "" && c.Port != port {
		return false
	}
	return c.Host == "" || sameHost(c.Host, host)
}

// sameHost compares host names as DNS does (case and a final dot aside)
// and IP addresses by value.
func sameHost(a, b string) bool {
	a, b = strings.Trim(a, "[]"), strings.Trim(b, "[]")
	if ipA, ipB := net.ParseIP(a), net.ParseIP(b); ipA != nil || ipB != nil {
		return ipA != nil && ipB != nil && ipA.Equal(ipB)
	}
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// connectTo applies the first --connect-to rule that matches host:port.
// It returns where the connection goes and the rule's "ADDR:PORT2" as
// applied (empty fields filled with the original), or ok false when no
// rule matches.
func (n Network) connectTo(host, port string) (toHost, toPort string, ok bool) {
	for _, rule := range n.ConnectTo {
		if !rule.matches(host, port) {
			continue
		}
		toHost, toPort = rule.Addr, rule.Port2
		if toHost == "" {
			toHost = host
		}
		if toPort == "" {
			toPort = port
		}
		return strings.Trim(toHost, "[]"), toPort, true
	}
	return host, port, false
}
