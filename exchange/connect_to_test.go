package exchange

import (
	"strings"
	"testing"
)

func TestParseConnectTo(t *testing.T) {
	tests := []struct {
		name, in string
		want     ConnectTo
		err      string
	}{
		{name: "every field", in: "mail.contoso.test:443:10.0.0.5:8443",
			want: ConnectTo{Host: "mail.contoso.test", Port: "443", Addr: "10.0.0.5", Port2: "8443"}},
		{name: "any host", in: ":443:10.0.0.5:443", want: ConnectTo{Port: "443", Addr: "10.0.0.5", Port2: "443"}},
		{name: "any port", in: "mail.contoso.test::lb1.contoso.test:", want: ConnectTo{Host: "mail.contoso.test", Addr: "lb1.contoso.test"}},
		{name: "keep the address, change the port", in: "mail.contoso.test:443::40123",
			want: ConnectTo{Host: "mail.contoso.test", Port: "443", Port2: "40123"}},
		{name: "all empty", in: ":::", want: ConnectTo{}},
		{name: "names lower-cased", in: "Mail.Contoso.Test:443:LB1.Contoso.Test:443",
			want: ConnectTo{Host: "mail.contoso.test", Port: "443", Addr: "lb1.contoso.test", Port2: "443"}},
		{name: "IPv6 target in brackets", in: "mail.contoso.test:443:[::1]:40123",
			want: ConnectTo{Host: "mail.contoso.test", Port: "443", Addr: "::1", Port2: "40123"}},
		{name: "IPv6 host in brackets", in: "[2001:db8::1]:443:[fd00::5]:443",
			want: ConnectTo{Host: "2001:db8::1", Port: "443", Addr: "fd00::5", Port2: "443"}},
		{name: "an underscore in an internal name", in: "mail.contoso.test:443:ex_01.corp.local:443",
			want: ConnectTo{Host: "mail.contoso.test", Port: "443", Addr: "ex_01.corp.local", Port2: "443"}},
		{name: "too few fields", in: "mail.contoso.test:443:10.0.0.5", err: "want HOST:PORT:ADDR:PORT2"},
		{name: "too many fields", in: "mail.contoso.test:443:10.0.0.5:443:1", err: "want HOST:PORT:ADDR:PORT2"},
		{name: "IPv6 without brackets", in: "mail.contoso.test:443:::1:443", err: "want HOST:PORT:ADDR:PORT2"},
		{name: "unclosed bracket", in: "mail.contoso.test:443:[::1:443", err: "want HOST:PORT:ADDR:PORT2"},
		{name: "text after a bracket", in: "mail.contoso.test:443:[::1]x:443", err: "want HOST:PORT:ADDR:PORT2"},
		{name: "IPv4 in brackets", in: "mail.contoso.test:443:[10.0.0.5]:443", err: "not an IPv6 address"},
		{name: "port not a number", in: "mail.contoso.test:https:10.0.0.5:443", err: `the port "https"`},
		{name: "port out of range", in: "mail.contoso.test:443:10.0.0.5:65536", err: `the port "65536"`},
		{name: "port zero", in: "mail.contoso.test:443:10.0.0.5:0", err: `the port "0"`},
		{name: "a URL, not a host", in: "https://mail.contoso.test:443:10.0.0.5:443", err: "want HOST:PORT:ADDR:PORT2"},
		{name: "a space in a name", in: "mail contoso:443:10.0.0.5:443", err: "not a host name"},
		{name: "empty", in: "", err: "want HOST:PORT:ADDR:PORT2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseConnectTo(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %+v, %v; want an error saying %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// The first rule that matches decides; empty fields match any or keep
// the original.
func TestNetworkConnectTo(t *testing.T) {
	rules := []ConnectTo{
		{Host: "mail.contoso.test", Port: "443", Addr: "10.0.0.5", Port2: "8443"},
		{Host: "mail.contoso.test", Addr: "10.0.0.6"},       // any port, port kept
		{Port: "80", Addr: "127.0.0.1", Port2: "40080"},     // any host on 80
		{Host: "autodiscover.contoso.test", Port2: "40443"}, // address kept
		{Host: "2001:db8::1", Addr: "::1"},
	}
	n := Network{ConnectTo: rules}
	tests := []struct {
		name, host, port  string
		wantHost, wantPrt string
		matched           bool
	}{
		{"first rule", "mail.contoso.test", "443", "10.0.0.5", "8443", true},
		{"case and final dot ignored", "MAIL.contoso.test.", "443", "10.0.0.5", "8443", true},
		{"second rule, port kept", "mail.contoso.test", "444", "10.0.0.6", "444", true},
		{"any host", "contoso.test", "80", "127.0.0.1", "40080", true},
		{"address kept", "autodiscover.contoso.test", "443", "autodiscover.contoso.test", "40443", true},
		{"IPv6 by value", "2001:0db8::0001", "443", "::1", "443", true},
		{"no rule", "other.test", "443", "other.test", "443", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, p, ok := n.connectTo(tt.host, tt.port)
			if h != tt.wantHost || p != tt.wantPrt || ok != tt.matched {
				t.Errorf("got %s %s %v, want %s %s %v", h, p, ok, tt.wantHost, tt.wantPrt, tt.matched)
			}
		})
	}
}

func TestConnectToString(t *testing.T) {
	for _, in := range []string{"mail.contoso.test:443:[::1]:40123", ":::", "[2001:db8::1]:443:10.0.0.5:"} {
		c, err := ParseConnectTo(in)
		if err != nil || c.String() != in {
			t.Errorf("ParseConnectTo(%q).String() = %q, %v", in, c.String(), err)
		}
	}
}
