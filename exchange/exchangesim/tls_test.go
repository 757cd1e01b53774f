package exchangesim

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestCertificates(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		name  string
		host  string
		check func(t *testing.T, err error)
	}{
		{"tls, healthy host", "mail.contoso.test", func(t *testing.T, err error) {
			if err != nil {
				t.Errorf("got %v, want a verified handshake", err)
			}
		}},
		{"tls, wrong host name", "wrongname.contoso.test", func(t *testing.T, err error) {
			var he x509.HostnameError
			if !errors.As(err, &he) {
				t.Fatalf("got %v, want x509.HostnameError", err)
			}
			if names := he.Certificate.DNSNames; len(names) == 0 || names[0] != "exch01.contoso.local" {
				t.Errorf("certificate names %v", names)
			}
		}},
		{"tls, host only in the CN", "legacycn.contoso.test", func(t *testing.T, err error) {
			var he x509.HostnameError
			if !errors.As(err, &he) {
				t.Fatalf("got %v, want x509.HostnameError", err)
			}
			if he.Certificate.Subject.CommonName != "legacycn.contoso.test" || len(he.Certificate.DNSNames) != 0 {
				t.Errorf("want CN legacycn.contoso.test and no SAN, got %q %v", he.Certificate.Subject.CommonName, he.Certificate.DNSNames)
			}
		}},
		{"tls, expired", "expired.contoso.test", func(t *testing.T, err error) {
			var ce x509.CertificateInvalidError
			if !errors.As(err, &ce) || ce.Reason != x509.Expired {
				t.Errorf("got %v, want x509.CertificateInvalidError{Reason: Expired}", err)
			}
		}},
		{"tls, unknown CA", "untrusted.contoso.test", func(t *testing.T, err error) {
			var ue x509.UnknownAuthorityError
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want x509.UnknownAuthorityError", err)
			}
			if ue.Cert.Issuer.CommonName != "CONTOSO-DC01-CA" {
				t.Errorf("issuer %q", ue.Cert.Issuer.CommonName)
			}
		}},
		{"tls, signed with SHA-1 by the demo CA", "sha1.contoso.test", func(t *testing.T, err error) {
			var ue x509.UnknownAuthorityError
			if !errors.As(err, &ue) || !strings.Contains(ue.Error(), "insecure algorithm ECDSA-SHA1") {
				t.Fatalf("got %v, want the demo CA refused for its SHA-1 signature", err)
			}
			if ue.Cert.SignatureAlgorithm != x509.ECDSAWithSHA1 || ue.Cert.Issuer.CommonName != "ewsconnect Demo Root CA" {
				t.Errorf("certificate signed with %v by %q", ue.Cert.SignatureAlgorithm, ue.Cert.Issuer.CommonName)
			}
		}},
		{"tls, TLS 1.0 only", "tls10.contoso.test", func(t *testing.T, err error) {
			if err == nil || !strings.Contains(err.Error(), "protocol version not supported") {
				t.Errorf("got %v, want a protocol_version alert to a TLS 1.2+ client", err)
			}
		}},
		{"tls, plain HTTP on the TLS port", "plain.contoso.test", func(t *testing.T, err error) {
			var rh tls.RecordHeaderError
			if !errors.As(err, &rh) || !strings.HasPrefix(string(rh.RecordHeader[:]), "HTTP/") {
				t.Errorf("got %v, want tls.RecordHeaderError starting with HTTP/", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: tt.host, RootCAs: s.CAPool()})
			if err == nil {
				conn.Close()
			}
			tt.check(t, err)
		})
	}
}

// The TLS 1.0 host completes a handshake, and serves, for a client that
// still allows TLS 1.0.
func TestTLS10HostSpeaksTLS10(t *testing.T) {
	s := startServer(t)
	conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: "tls10.contoso.test", RootCAs: s.CAPool(), MinVersion: tls.VersionTLS10})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if v := conn.ConnectionState().Version; v != tls.VersionTLS10 {
		t.Errorf("got %s, want TLS 1.0", tls.VersionName(v))
	}
}

func TestCertificateForUnknownSNIIsTheDefault(t *testing.T) {
	s := startServer(t)
	conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: "other.contoso.test", InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if got := conn.ConnectionState().PeerCertificates[0].DNSNames; len(got) == 0 || got[0] != "mail.contoso.test" {
		t.Errorf("got names %v, want the default host's certificate", got)
	}
}

func TestCAPEMMatchesCAPool(t *testing.T) {
	s := startServer(t)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CAPEM()) {
		t.Fatal("CAPEM holds no certificate")
	}
	tr := transport(s)
	tr.TLSClientConfig.RootCAs = pool
	resp, err := (&http.Client{Transport: tr}).Get("https://mail.contoso.test/EWS/Exchange.asmx")
	if err != nil {
		t.Fatalf("trusting CAPEM: %v", err)
	}
	resp.Body.Close()
}
