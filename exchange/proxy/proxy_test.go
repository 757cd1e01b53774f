package proxy

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	tests := []struct {
		raw      string
		wantURL  string
		wantUser bool
		wantErr  string // a piece of the error; "" = accepted
	}{
		{"proxy.contoso.test:3128", "http://proxy.contoso.test:3128", false, ""},
		{"http://proxy.contoso.test:3128", "http://proxy.contoso.test:3128", false, ""},
		{"HTTP://Proxy.Contoso.TEST:8080/", "http://proxy.contoso.test:8080", false, ""},
		{"http://proxy.contoso.test", "http://proxy.contoso.test:80", false, ""},
		{"  10.0.0.5:3128  ", "http://10.0.0.5:3128", false, ""},
		{"http://[::1]:3128", "http://[::1]:3128", false, ""},
		{"http://alice:s3cret@proxy.contoso.test:3128", "http://proxy.contoso.test:3128", true, ""},
		{"http://:s3cret@proxy.contoso.test:3128", "http://proxy.contoso.test:3128", false, ""},
		{"", "", false, "empty"},
		{"https://proxy.contoso.test:443", "", false, "https:// proxy"},
		{"socks5://proxy.contoso.test:1080", "", false, "socks5:// proxies are not supported"},
		{"socks5h://alice:s3cret@proxy.contoso.test:1080", "", false, "socks5h://"},
		{"ftp://proxy.contoso.test", "", false, `scheme "ftp"`},
		{"http://proxy.contoso.test:0", "", false, "port"},
		{"http://proxy.contoso.test:99999", "", false, "port"},
		{"http://alice:s3cret@proxy.contoso.test:3128/wpad.dat", "", false, "no path"},
		{"http://proxy.contoso.test:3128?x=1", "", false, "no path"},
		{"http://", "", false, "no host"},
		{"http://alice:s3cret@:3128", "", false, "no host"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			p, err := New(tt.raw, SourceFlag)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "--proxy: ") {
					t.Fatalf("err = %v, want one starting --proxy: and mentioning %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("the error repeats the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.URL() != tt.wantURL || p.HasCredentials() != tt.wantUser || p.Source() != SourceFlag {
				t.Errorf("got %s, credentials %v, source %q; want %s, %v", p.URL(), p.HasCredentials(), p.Source(), tt.wantURL, tt.wantUser)
			}
			for _, shown := range []string{p.URL(), p.String(), p.GoString()} {
				if strings.Contains(shown, "s3cret") || strings.Contains(shown, "alice") {
					t.Errorf("%q shows the proxy's user information", shown)
				}
			}
			if !p.Applies("mail.contoso.test", "443") || !p.Applies("127.0.0.1", "443") {
				t.Error("--proxy applies to every host")
			}
		})
	}
}

func TestNilProxyAppliesNowhere(t *testing.T) {
	var p *Proxy
	if p.Applies("mail.contoso.test", "443") {
		t.Error("a nil proxy applies")
	}
}

// env is a fake environment.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestChoose(t *testing.T) {
	manual := func(s Settings) func() (Settings, error) { return func() (Settings, error) { return s, nil } }
	broken := func() (Settings, error) { return Settings{}, errors.New("no such key") }
	tests := []struct {
		name       string
		c          Choice
		wantURL    string // "" = no proxy
		wantSource string
		wantScript string
		wantErr    string
	}{
		{"nothing set", Choice{Getenv: env(nil), Windows: manual(Settings{})}, "", "", "", ""},
		{"flag", Choice{Flag: "proxy.contoso.test:3128"}, "http://proxy.contoso.test:3128", "--proxy", "", ""},
		{"flag wins over the environment", Choice{Flag: "http://a.test:1", Getenv: env(map[string]string{"HTTPS_PROXY": "http://b.test:2"})},
			"http://a.test:1", "--proxy", "", ""},
		{"no-proxy beats the environment", Choice{Off: true, Getenv: env(map[string]string{"HTTPS_PROXY": "http://b.test:2"}),
			Windows: manual(Settings{Enabled: true, Server: "c.test:3"})}, "", "", "", ""},
		{"no-proxy beats a bad environment", Choice{Off: true, Getenv: env(map[string]string{"HTTPS_PROXY": "socks5://b.test:2"})}, "", "", "", ""},
		{"HTTPS_PROXY", Choice{Getenv: env(map[string]string{"HTTPS_PROXY": "http://b.test:2"})}, "http://b.test:2", "HTTPS_PROXY", "", ""},
		{"https_proxy", Choice{Getenv: env(map[string]string{"https_proxy": "b.test:2"})}, "http://b.test:2", "https_proxy", "", ""},
		{"upper case first, as Go reads it", Choice{Getenv: env(map[string]string{"HTTPS_PROXY": "http://up.test:1", "https_proxy": "http://low.test:2"})},
			"http://up.test:1", "HTTPS_PROXY", "", ""},
		{"http_proxy alone is not for https", Choice{Getenv: env(map[string]string{"HTTP_PROXY": "http://b.test:2", "http_proxy": "http://b.test:2"})}, "", "", "", ""},
		{"the environment wins over Windows", Choice{Getenv: env(map[string]string{"HTTPS_PROXY": "http://b.test:2"}),
			Windows: manual(Settings{Enabled: true, Server: "c.test:3"})}, "http://b.test:2", "HTTPS_PROXY", "", ""},
		{"a bad HTTPS_PROXY is named", Choice{Getenv: env(map[string]string{"HTTPS_PROXY": "socks5://b.test:1080"})}, "", "", "", "HTTPS_PROXY: socks5://"},
		{"a bad --proxy is named", Choice{Flag: "https://b.test"}, "", "", "", "--proxy: an https:// proxy"},
		{"Windows", Choice{Getenv: env(nil), Windows: manual(Settings{Enabled: true, Server: "proxy.contoso.test:8080"})},
			"http://proxy.contoso.test:8080", "Windows proxy setting", "", ""},
		{"Windows, switched off", Choice{Windows: manual(Settings{Server: "proxy.contoso.test:8080"})}, "", "", "", ""},
		{"Windows, a PAC script only", Choice{Windows: manual(Settings{AutoConfigURL: "http://wpad.contoso.test/wpad.dat"})},
			"", "", "http://wpad.contoso.test/wpad.dat", ""},
		{"Windows, a proxy and a PAC script: the proxy", Choice{Windows: manual(Settings{Enabled: true, Server: "p.test:1", AutoConfigURL: "http://wpad/wpad.dat"})},
			"http://p.test:1", "Windows proxy setting", "", ""},
		{"Windows, unreadable", Choice{Windows: broken}, "", "", "", ""},
		{"Windows, a bad ProxyServer is named", Choice{Windows: manual(Settings{Enabled: true, Server: "https=https://p.test:443"})}, "", "", "", "Windows proxy setting (ProxyServer): an https:// proxy"},
		{"under --demo: the flag only", Choice{Flag: "http://proxy.contoso.test:3128"}, "http://proxy.contoso.test:3128", "--proxy", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Choose(tt.c)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, source := "", ""
			if d.Proxy != nil {
				got, source = d.Proxy.URL(), d.Proxy.Source()
			}
			if got != tt.wantURL || source != tt.wantSource || d.Script != tt.wantScript {
				t.Errorf("got %q from %q, script %q; want %q from %q, script %q", got, source, d.Script, tt.wantURL, tt.wantSource, tt.wantScript)
			}
		})
	}
}

// NO_PROXY is applied as Go's net/http applies it.
func TestNoProxy(t *testing.T) {
	tests := []struct {
		noProxy    string
		host, port string
		direct     bool
	}{
		{"", "mail.contoso.test", "443", false},
		{"", "localhost", "443", true}, // loopback never uses a proxy, as in Go
		{"", "127.0.0.1", "443", true},
		{"", "::1", "443", true},
		{".contoso.test", "mail.contoso.test", "443", true},
		{".contoso.test", "contoso.test", "443", false},
		{"contoso.test", "contoso.test", "443", true},
		{"contoso.test", "mail.contoso.test", "443", true},
		{"contoso.test", "notcontoso.test", "443", false},
		{"*.contoso.test", "mail.contoso.test", "443", true},
		{"MAIL.Contoso.Test", "mail.contoso.test", "443", true},
		{"fabrikam.test, .contoso.test", "mail.contoso.test", "443", true},
		{"fabrikam.test,mail.contoso.test:8443", "mail.contoso.test", "443", false},
		{"fabrikam.test,mail.contoso.test:443", "mail.contoso.test", "443", true},
		{"10.0.0.0/8", "10.1.2.3", "443", true},
		{"10.0.0.0/8", "192.168.1.5", "443", false},
		{"10.1.2.3", "10.1.2.3", "443", true},
		{"*", "anything.example", "443", true},
	}
	for _, tt := range tests {
		t.Run(tt.noProxy+"/"+tt.host, func(t *testing.T) {
			d, err := Choose(Choice{Getenv: env(map[string]string{"HTTPS_PROXY": "http://proxy.contoso.test:3128", "no_proxy": tt.noProxy})})
			if err != nil {
				t.Fatal(err)
			}
			if got := !d.Proxy.Applies(tt.host, tt.port); got != tt.direct {
				t.Errorf("direct = %v, want %v", got, tt.direct)
			}
			if tt.noProxy != "" && d.Proxy.Bypass() != "no_proxy="+tt.noProxy {
				t.Errorf("Bypass() = %q", d.Proxy.Bypass())
			}
		})
	}
	// NO_PROXY is read before no_proxy.
	d, _ := Choose(Choice{Getenv: env(map[string]string{"HTTPS_PROXY": "p.test:1", "NO_PROXY": ".contoso.test", "no_proxy": ".fabrikam.test"})})
	if d.Proxy.Applies("mail.contoso.test", "443") || !d.Proxy.Applies("mail.fabrikam.test", "443") {
		t.Errorf("NO_PROXY must win over no_proxy: %s", d.Proxy.Bypass())
	}
}

// No way of printing a proxy shows the password of its address.
func TestProxyPrintsNoPassword(t *testing.T) {
	p, err := New("http://alice:s3cret@proxy.contoso.test:3128", SourceFlag)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{p, *p, struct{ P *Proxy }{p}} {
			if got := fmt.Sprintf(format, v); strings.Contains(got, "s3cret") {
				t.Errorf("%s of %T shows the password: %s", format, v, got)
			}
		}
	}
}
