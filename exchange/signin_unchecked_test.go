package exchange

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"strings"
	"testing"
)

// kerberosToken is the start of a SPNEGO/Kerberos token (an
// InitialContextToken, tag 0x60), as a server that speaks only Kerberos
// answers inside Negotiate.
var kerberosToken = base64.StdEncoding.EncodeToString([]byte{0x60, 0x82, 0x01, 0x2a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x01, 0x00})

// withFlags sets extra NegotiateFlags in a CHALLENGE message.
func withFlags(chal []byte, flags uint32) []byte {
	out := append([]byte(nil), chal...)
	binary.LittleEndian.PutUint32(out[20:], binary.LittleEndian.Uint32(out[20:])|flags)
	return out
}

// Sign-ins that end before the server checks the password must not say
// the password was wrong: the problem points at the server, and no
// AUTHENTICATE message (the password's proof) was sent.
func TestSignInNeverChecked(t *testing.T) {
	tests := []struct {
		name      string
		schemes   []string
		challenge func(scheme string, chal []byte) []string
		close     bool
		plainGet  bool // the probe's GET learns the schemes only
		want      Code
		detail    []string
	}{
		{name: "ntlm blocked by policy: the NEGOTIATE gets the bare schemes again",
			challenge: func(string, []byte) []string { return []string{"Negotiate", "NTLM"} },
			want:      CodeAuthNTLMRefused, detail: []string{"NTLM sign-in as " + testEmail, "HTTP 401 Unauthorized without a CHALLENGE", "offered: Negotiate, NTLM", "never sent"}},
		{name: "negotiate only, kerberos only: a bare Negotiate again",
			schemes:   []string{"Negotiate"},
			challenge: func(string, []byte) []string { return []string{"Negotiate"} },
			want:      CodeAuthNTLMRefused, detail: []string{"Negotiate sign-in", "without a CHALLENGE", "only Kerberos"}},
		{name: "negotiate only, kerberos only: a Kerberos token instead of a CHALLENGE",
			schemes:   []string{"Negotiate"},
			challenge: func(string, []byte) []string { return []string{"Negotiate " + kerberosToken} },
			want:      CodeAuthNTLMRefused, detail: []string{"Kerberos (SPNEGO) token instead of an NTLM CHALLENGE"}},
		{name: "ntlm answered under the other scheme only",
			challenge: func(_ string, chal []byte) []string {
				return []string{"Negotiate " + base64.StdEncoding.EncodeToString(chal)}
			},
			plainGet: true,
			want:     CodeAuthNTLMRefused, detail: []string{"without a CHALLENGE"}},
		{name: "challenge asks for NTLMv1 (LM key)",
			challenge: func(scheme string, chal []byte) []string {
				return []string{scheme + " " + base64.StdEncoding.EncodeToString(withFlags(chal, 1<<7))}
			},
			want: CodeAuthNTLMRefused, detail: []string{"NTLMSSP_NEGOTIATE_LM_KEY", "NTLMv2 only", "never sent"}},
		{name: "challenge asks for key exchange",
			challenge: func(scheme string, chal []byte) []string {
				return []string{scheme + " " + base64.StdEncoding.EncodeToString(withFlags(chal, 1<<30))}
			},
			want: CodeAuthNTLMRefused, detail: []string{"NTLMSSP_NEGOTIATE_KEY_EXCH"}},
		{name: "load balancer without affinity: Connection: close on the challenge",
			close: true,
			want:  CodeAuthConnectionLost, detail: []string{"NTLM sign-in as " + testEmail, "closed right after the server's CHALLENGE", "Connection: close", "front end EXCH01", "never checked"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			if tt.schemes != nil {
				f.schemes = tt.schemes
			}
			f.challenge, f.closeChallenge, f.plainGet = tt.challenge, tt.close, tt.plainGet
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "endpoint"); err != nil {
				t.Fatal(err)
			}
			_, err := s.SignIn(context.Background())
			p := wantCode(t, err, tt.want)
			wantDetail(t, p, tt.detail...)
			if p.Field != FieldServer {
				t.Errorf("field %s, want server: the password was never checked", p.Field)
			}
			if n := f.authenticateCount(); n != 0 {
				t.Errorf("%d AUTHENTICATE messages reached the server; the detail says none was sent", n)
			}
			if sug := s.Suggestions().Username; sug != "" {
				t.Errorf("suggests the login %q though the login was never checked", sug)
			}
			if strings.Contains(p.Detail, kerberosToken) || strings.Contains(p.Detail, "TlRMTVNTUA") {
				t.Errorf("a token reached the detail: %q", p.Detail)
			}
		})
	}
}

// When the AUTHENTICATE leaves on another connection than the CHALLENGE
// came on, its 401 is no verdict on the password.
func TestSignInAuthenticateOnNewConnection(t *testing.T) {
	f := newFakeEWS()
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
	// The endpoint probe's answer brings the CHALLENGE.
	s.httpClient().Transport = dropAfterChallenge{s.httpClient().Transport}
	if err := runUntil(t, s, "endpoint"); err != nil {
		t.Fatal(err)
	}
	_, err := s.SignIn(context.Background())
	p := wantCode(t, err, CodeAuthConnectionLost)
	wantDetail(t, p, "new connection", "HTTP 401", "never checked")
	if p.Field != FieldServer {
		t.Errorf("field %s, want server", p.Field)
	}
	if conns, _ := s.Stats(); conns != 2 {
		t.Errorf("%d connections, want 2: the AUTHENTICATE on a second one", conns)
	}
}

// dropAfterChallenge closes the idle connection that carried the NTLM
// challenge after the transport kept it, as a server's idle timeout or a
// proxy would, so that the AUTHENTICATE needs a new connection.
type dropAfterChallenge struct{ next http.RoundTripper }

func (d dropAfterChallenge) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := d.next.RoundTrip(req)
	if err == nil && strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "NTLM ") {
		resp.Close = true // the transport will not reuse this connection
		d.next.(*http.Transport).CloseIdleConnections()
	}
	return resp, err
}

// The same sign-in, refused on the connection that carried the CHALLENGE,
// is a checked password: auth-failed (tried with a channel binding, then
// once without).
func TestSignInRefusedOnTheSameConnection(t *testing.T) {
	f := newFakeEWS()
	_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: "not-the-password"})
	p := wantCode(t, runUntil(t, s, "auth"), CodeAuthFailed)
	if p.Field != FieldCredentials || f.authenticateCount() != 2 {
		t.Errorf("field %s after %d AUTHENTICATE messages, want credentials after 2", p.Field, f.authenticateCount())
	}
}
