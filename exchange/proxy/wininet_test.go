package proxy

import "testing"

// The WinINet decisions, with the values Windows really stores.
func TestHTTPSServer(t *testing.T) {
	tests := []struct {
		server string
		want   string
		ok     bool
	}{
		{"proxy.contoso.com:8080", "proxy.contoso.com:8080", true},
		{" proxy.contoso.com:8080 ", "proxy.contoso.com:8080", true},
		{"http://proxy.contoso.com:8080", "http://proxy.contoso.com:8080", true},
		{"http=web.contoso.com:80;https=secure.contoso.com:8443;ftp=ftp.contoso.com:21", "secure.contoso.com:8443", true},
		{"HTTPS=secure.contoso.com:8443", "secure.contoso.com:8443", true},
		{"http=web.contoso.com:80; https=secure.contoso.com:8443", "secure.contoso.com:8443", true},
		{"http=web.contoso.com:80", "", false},      // https goes direct
		{"socks=socks.contoso.com:1080", "", false}, // SOCKS is not supported
		{"https=", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := httpsServer(tt.server)
		if got != tt.want || ok != tt.ok {
			t.Errorf("httpsServer(%q) = %q, %v; want %q, %v", tt.server, got, ok, tt.want, tt.ok)
		}
	}
}

func TestProxyOverride(t *testing.T) {
	tests := []struct {
		override string
		host     string
		direct   bool
	}{
		{"", "mail.contoso.com", false},
		{"", "localhost", true}, // loopback goes direct unless <-loopback>
		{"", "127.0.0.1", true},
		{"<-loopback>", "127.0.0.1", false},
		{"<local>", "exch01", true},
		{"<local>", "mail.contoso.com", false},
		{"<local>", "10.0.0.5", false},
		{"*.contoso.com", "mail.contoso.com", true},
		{"*.contoso.com", "MAIL.Contoso.COM.", true},
		{"*.contoso.com", "contoso.com", false},
		{"*.contoso.com", "mail.contoso.com.evil.test", false},
		{"*contoso.com", "contoso.com", true},
		{"mail.contoso.com", "mail.contoso.com", true},
		{"mail.contoso.com", "mail2.contoso.com", false},
		{"10.*", "10.1.2.3", true},
		{"10.*", "110.1.2.3", false},
		{"192.168.1.*;*.fabrikam.com;<local>", "ex.fabrikam.com", true},
		{"192.168.1.*; *.fabrikam.com ;<local>", "192.168.1.20", true},
		{"*.fabrikam.com;*.contoso.com", "mail.tailspin.com", false},
		{"https://*.contoso.com", "mail.contoso.com", true},
		{"http://*.contoso.com", "mail.contoso.com", false}, // for http only
		{"mail.contoso.com:443", "mail.contoso.com", true},
		{"mail.contoso.com:8443", "mail.contoso.com", false},
		{"mail.contoso.com:*", "mail.contoso.com", true},
		{"ma?l.contoso.com", "mail.contoso.com", true},
		{"[bad;*.contoso.com", "mail.contoso.com", true}, // a bracket is a character, not a class
	}
	for _, tt := range tests {
		t.Run(tt.override+"/"+tt.host, func(t *testing.T) {
			p, err := Settings{Enabled: true, Server: "proxy.contoso.com:8080", Override: tt.override}.Proxy()
			if err != nil || p == nil {
				t.Fatalf("%v, %v", p, err)
			}
			if got := !p.Applies(tt.host, "443"); got != tt.direct {
				t.Errorf("direct = %v, want %v", got, tt.direct)
			}
		})
	}
}

func TestSettingsProxy(t *testing.T) {
	tests := []struct {
		s       Settings
		want    string
		wantErr bool
	}{
		{Settings{}, "", false},
		{Settings{Server: "proxy.contoso.com:8080"}, "", false}, // ProxyEnable = 0
		{Settings{Enabled: true}, "", false},
		{Settings{Enabled: true, Server: "proxy.contoso.com:8080"}, "http://proxy.contoso.com:8080", false},
		{Settings{Enabled: true, Server: "proxy.contoso.com"}, "http://proxy.contoso.com:80", false},
		{Settings{Enabled: true, Server: "http=a.test:80;https=b.test:8443"}, "http://b.test:8443", false},
		{Settings{Enabled: true, Server: "http=a.test:80"}, "", false},
		{Settings{Enabled: true, Server: "https=socks5://b.test:1080"}, "", true},
	}
	for _, tt := range tests {
		p, err := tt.s.Proxy()
		got := ""
		if p != nil {
			got = p.URL()
			if p.Source() != SourceWindows {
				t.Errorf("%+v: source %q", tt.s, p.Source())
			}
		}
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("%+v: got %q, %v; want %q (error %v)", tt.s, got, err, tt.want, tt.wantErr)
		}
	}
	p, _ := Settings{Enabled: true, Server: "p.test:1", Override: "<local>;*.contoso.com"}.Proxy()
	if p.Bypass() != "ProxyOverride=<local>;*.contoso.com" {
		t.Errorf("Bypass() = %q", p.Bypass())
	}
}
