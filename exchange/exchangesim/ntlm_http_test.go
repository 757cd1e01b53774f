package exchangesim

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/go-ntlmssp"

	"ewsconnect/exchange/exchangesim/ntlmaccept"
)

func TestNTLMSignInWithGoNTLMSSP(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		name     string
		host     string
		login    string
		password string
		want     int
	}{
		{"ntlm, domain login", "mail.contoso.test", `CONTOSO\alice`, DemoPassword, 200},
		{"ntlm, UPN login", "mail.contoso.test", "alice@contoso.test", DemoPassword, 200},
		{"ntlm, lower-case domain", "mail.contoso.test", `contoso\alice`, DemoPassword, 200},
		{"ntlm, wrong password", "mail.contoso.test", `CONTOSO\alice`, wrongPassword, 401},
		{"ntlm, UPN wrong password", "mail.contoso.test", "alice@contoso.test", wrongPassword, 401},
		{"ntlm, email is not bob's UPN", "mail.contoso.test", "bob@contoso.test", DemoPassword, 401},
		{"ntlm, bob as DOMAIN\\user", "mail.contoso.test", `CONTOSO\bob`, DemoPassword, 200},
		{"ntlm, bob's real UPN", "mail.contoso.test", "bob@corp.contoso.local", DemoPassword, 200},
		{"ntlm, unknown user", "mail.contoso.test", `CONTOSO\mallory`, DemoPassword, 401},
		{"ntlm, shared mailbox cannot sign in", "mail.contoso.test", `CONTOSO\sales`, DemoPassword, 401},
		{"ntlm, exchange 2016", "ex2016.contoso.test", `CONTOSO\alice`, DemoPassword, 200},
		{"ntlm, exchange 2010", "ex2010.contoso.test", `CONTOSO\alice`, DemoPassword, 200},
		{"ntlm, exchange 2007", "ex2007.contoso.test", `CONTOSO\alice`, DemoPassword, 200},
		{"ntlm, extended protection refuses a message without channel binding", "exse.contoso.test", `CONTOSO\alice`, DemoPassword, 401},
		{"ntlm, exchange online offers no ntlm", "exo.contoso.test", "alice@contoso.test", DemoPassword, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := soapCall(t, ntlmClient(s), tt.host, tt.login, tt.password, envelope("Exchange2007", getInbox)) // a version every release accepts
			if status != tt.want {
				t.Fatalf("got %d, want %d\n%s", status, tt.want, body)
			}
			if status == 200 {
				if code := responseCode(t, body); code != "NoError" {
					t.Errorf("got ResponseCode %s, want NoError", code)
				}
			}
		})
	}
}

func TestBasicSignIn(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		name, host, login, password string
		want                        int
	}{
		{"basic, exchange 2016, domain login", "ex2016.contoso.test", `CONTOSO\alice`, DemoPassword, 200},
		{"basic, exchange 2016, UPN", "ex2016.contoso.test", "alice@contoso.test", DemoPassword, 200},
		{"basic, exchange 2016, wrong password", "ex2016.contoso.test", "alice@contoso.test", wrongPassword, 401},
		{"basic, not offered by exchange 2019", "mail.contoso.test", `CONTOSO\alice`, DemoPassword, 401},
		{"basic, exchange online", "exo.contoso.test", "alice@contoso.test", DemoPassword, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := soapCall(t, plainClient(s), tt.host, tt.login, tt.password, envelope("Exchange2010_SP2", getInbox))
			if status != tt.want {
				t.Fatalf("got %d, want %d\n%s", status, tt.want, body)
			}
		})
	}
}

// ntlmLeg sends one request with an Authorization header (none when token
// is nil) and returns the response, body drained.
func ntlmLeg(t *testing.T, c *http.Client, host, scheme string, token []byte) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ewsURL(host), strings.NewReader(envelope("Exchange2010_SP2", getInbox)))
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	if token != nil {
		req.Header.Set("Authorization", scheme+" "+base64.StdEncoding.EncodeToString(token))
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// withChannelBinding adds MsvAvChannelBindings to the TargetInfo of a
// challenge (which the simulator puts last), the way a CBT-aware client
// makes go-ntlmssp carry it.
func withChannelBinding(chal []byte, cbt [16]byte) []byte {
	n := int(binary.LittleEndian.Uint16(chal[40:]))
	pair := binary.LittleEndian.AppendUint16(nil, 0x000A)
	pair = binary.LittleEndian.AppendUint16(pair, 16)
	pair = append(pair, cbt[:]...)
	out := append(append([]byte{}, chal[:len(chal)-4]...), pair...)
	out = append(out, 0, 0, 0, 0)
	binary.LittleEndian.PutUint16(out[40:], uint16(n+len(pair)))
	binary.LittleEndian.PutUint16(out[42:], uint16(n+len(pair)))
	return out
}

// TestNTLMHandshakeByHand drives the three legs on one connection, as a
// CBT-aware client must, and checks that the connection stays signed in.
func TestNTLMHandshakeByHand(t *testing.T) {
	tests := []struct {
		name   string
		host   string
		scheme string
		cbt    func(s *Server) *[16]byte
		want   int
	}{
		{"extended protection, right channel binding", "exse.contoso.test", "NTLM",
			func(s *Server) *[16]byte {
				h := ntlmaccept.ChannelBindingHash(s.certs.byHost["exse.contoso.test"].Leaf)
				return &h
			}, 200},
		{"extended protection, binding of another host's certificate", "exse.contoso.test", "NTLM",
			func(s *Server) *[16]byte {
				h := ntlmaccept.ChannelBindingHash(s.certs.byHost["mail.contoso.test"].Leaf)
				return &h
			}, 401},
		{"extended protection, no binding", "exse.contoso.test", "NTLM", func(*Server) *[16]byte { return nil }, 401},
		{"negotiate scheme carrying raw ntlm", "mail.contoso.test", "Negotiate", func(*Server) *[16]byte { return nil }, 200},
		{"healthy host accepts a right binding too", "mail.contoso.test", "NTLM",
			func(s *Server) *[16]byte {
				h := ntlmaccept.ChannelBindingHash(s.certs.byHost["mail.contoso.test"].Leaf)
				return &h
			}, 200},
		{"inspecting proxy, binding to the certificate the client was shown", "inspected.contoso.test", "NTLM",
			func(s *Server) *[16]byte {
				h := ntlmaccept.ChannelBindingHash(s.certs.byHost["inspected.contoso.test"].Leaf)
				return &h
			}, 401},
		{"inspecting proxy, no binding (accept mode)", "inspected.contoso.test", "NTLM", func(*Server) *[16]byte { return nil }, 200},
		{"inspecting proxy, binding to the server's own certificate", "inspected.contoso.test", "NTLM",
			func(s *Server) *[16]byte {
				h := ntlmaccept.ChannelBindingHash(s.certs.own["inspected.contoso.test"].Leaf)
				return &h
			}, 200},
		{"tls offload, binding to the certificate the client was shown", "lb.contoso.test", "NTLM",
			func(s *Server) *[16]byte {
				h := ntlmaccept.ChannelBindingHash(s.certs.byHost["lb.contoso.test"].Leaf)
				return &h
			}, 401},
		{"tls offload, no binding (require mode)", "lb.contoso.test", "NTLM", func(*Server) *[16]byte { return nil }, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t)
			c := plainClient(s)
			neg, _ := ntlmssp.NewNegotiateMessage("", "")
			resp := ntlmLeg(t, c, tt.host, tt.scheme, neg)
			challengeHeader := resp.Header.Get("WWW-Authenticate")
			prefix := tt.scheme + " "
			if resp.StatusCode != 401 || !strings.HasPrefix(challengeHeader, prefix) {
				t.Fatalf("NEGOTIATE got %d %q, want 401 with a %s challenge", resp.StatusCode, challengeHeader, tt.scheme)
			}
			chal, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(challengeHeader, prefix))
			if err != nil {
				t.Fatal(err)
			}
			if cbt := tt.cbt(s); cbt != nil {
				chal = withChannelBinding(chal, *cbt)
			}
			auth, err := ntlmssp.NewAuthenticateMessage(chal, `CONTOSO\alice`, DemoPassword, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp = ntlmLeg(t, c, tt.host, tt.scheme, auth)
			if resp.StatusCode != tt.want {
				t.Fatalf("AUTHENTICATE got %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want != 200 {
				if got := resp.Header.Values("WWW-Authenticate"); len(got) < 2 {
					t.Errorf("a refused sign-in must offer the schemes again, got %q", got)
				}
				return
			}
			// IIS keeps an NTLM connection signed in.
			if resp := ntlmLeg(t, c, tt.host, "", nil); resp.StatusCode != 200 {
				t.Errorf("next request on the signed-in connection: got %d, want 200", resp.StatusCode)
			}
			if st := s.Stats(); st.Connections != 1 || st.Handshakes != 1 {
				t.Errorf("got %+v, want the whole exchange on 1 connection with 1 handshake", st)
			}
		})
	}
}

func TestNTLMSignInDoesNotCarryToAnotherConnection(t *testing.T) {
	s := startServer(t)
	status, _ := soapCall(t, ntlmClient(s), "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", getInbox))
	if status != 200 {
		t.Fatalf("sign-in: got %d", status)
	}
	status, _ = soapCall(t, plainClient(s), "mail.contoso.test", "", "", envelope("Exchange2010_SP2", getInbox))
	if status != 401 {
		t.Errorf("a fresh connection without credentials: got %d, want 401", status)
	}
}

func TestNTLMGarbageTokens(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	for _, tok := range [][]byte{
		[]byte("not ntlm at all"),
		{0x60, 0x82, 0x01, 0x00}, // a SPNEGO/Kerberos token
		[]byte("NTLMSSP\x00\x03\x00\x00\x00"),
		[]byte("NTLMSSP\x00\x01\x00\x00\x00"),
		[]byte("NTLMSSP\x00\x09\x00\x00\x00"),
	} {
		if resp := ntlmLeg(t, c, "mail.contoso.test", "NTLM", tok); resp.StatusCode != 401 {
			t.Errorf("token %q: got %d, want 401", tok, resp.StatusCode)
		}
	}
}

// The host with NTLM restricted offers Negotiate and NTLM, and answers the
// NEGOTIATE message with the same bare schemes: no CHALLENGE, in either
// scheme, so no client can get as far as sending a password's proof.
func TestNTLMRestrictedHostIssuesNoChallenge(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	if got := ntlmLeg(t, c, "ntlmoff.contoso.test", "", nil).Header.Values("WWW-Authenticate"); strings.Join(got, ",") != "Negotiate,NTLM" {
		t.Fatalf("unauthenticated request offered %q, want Negotiate and NTLM", got)
	}
	neg, _ := ntlmssp.NewNegotiateMessage("", "")
	for _, scheme := range []string{"NTLM", "Negotiate"} {
		resp := ntlmLeg(t, c, "ntlmoff.contoso.test", scheme, neg)
		got := resp.Header.Values("WWW-Authenticate")
		if resp.StatusCode != 401 || strings.Join(got, ",") != "Negotiate,NTLM" {
			t.Errorf("%s NEGOTIATE: got %d %q, want 401 with the bare schemes", scheme, resp.StatusCode, got)
		}
	}
	if status, _ := soapCall(t, ntlmClient(s), "ntlmoff.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", getInbox)); status != 401 {
		t.Errorf("go-ntlmssp sign-in: got %d, want 401", status)
	}
}

// The host behind a balancer without session affinity sends the CHALLENGE
// with Connection: close and closes the connection; an AUTHENTICATE on a
// new connection finds no CHALLENGE there and is refused.
func TestNoAffinityHostClosesAfterChallenge(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	neg, _ := ntlmssp.NewNegotiateMessage("", "")
	resp := ntlmLeg(t, c, "nlb.contoso.test", "NTLM", neg)
	header := resp.Header.Get("WWW-Authenticate")
	if resp.StatusCode != 401 || !strings.HasPrefix(header, "NTLM ") || !resp.Close {
		t.Fatalf("NEGOTIATE got %d %q close=%v, want 401 with a CHALLENGE and Connection: close", resp.StatusCode, header, resp.Close)
	}
	chal, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(header, "NTLM "))
	if err != nil {
		t.Fatal(err)
	}
	auth, err := ntlmssp.NewAuthenticateMessage(chal, `CONTOSO\alice`, DemoPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp := ntlmLeg(t, c, "nlb.contoso.test", "NTLM", auth); resp.StatusCode != 401 {
		t.Errorf("AUTHENTICATE on a new connection: got %d, want 401", resp.StatusCode)
	}
	if st := s.Stats(); st.Connections != 2 {
		t.Errorf("got %+v, want the AUTHENTICATE on a second connection", st)
	}
}

// A NEGOTIATE message on the GET a client sends first gets what IIS sends
// ([MS-NTHT] 4.1): a 401 with the NTLM CHALLENGE alone, which an
// AUTHENTICATE on a POST of the same connection then answers.
func TestNegotiateOnAGetGetsTheChallengeAlone(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	neg, _ := ntlmssp.NewNegotiateMessage("", "")
	req, _ := http.NewRequest(http.MethodGet, ewsURL("mail.contoso.test"), nil)
	req.Header.Set("Authorization", "NTLM "+base64.StdEncoding.EncodeToString(neg))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	got := resp.Header.Values("WWW-Authenticate")
	if resp.StatusCode != 401 || len(got) != 1 || !strings.HasPrefix(got[0], "NTLM TlRMTVNTUAAC") {
		t.Fatalf("GET with a NEGOTIATE: got %d %q, want 401 with the NTLM CHALLENGE alone", resp.StatusCode, got)
	}
	chal, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(got[0], "NTLM "))
	auth, err := ntlmssp.NewAuthenticateMessage(chal, `CONTOSO\alice`, DemoPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp := ntlmLeg(t, c, "mail.contoso.test", "NTLM", auth); resp.StatusCode != 200 {
		t.Errorf("AUTHENTICATE on the POST: got %d, want 200", resp.StatusCode)
	}
	if st := s.Stats(); st.Connections != 1 {
		t.Errorf("got %+v, want one connection", st)
	}
}

// The inspected host shows the inspecting proxy's certificate, which the
// demo's clients trust as company computers trust their firewall's CA,
// and which the demo CA file carries.
func TestInspectedHostShowsTheProxysCertificate(t *testing.T) {
	s := startServer(t)
	conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: "inspected.contoso.test", RootCAs: s.CAPool()})
	if err != nil {
		t.Fatalf("the inspection CA is not trusted: %v", err)
	}
	defer conn.Close()
	leaf := conn.ConnectionState().PeerCertificates[0]
	if leaf.Issuer.CommonName != "Contoso TLS Inspection CA" {
		t.Errorf("issuer %q, want the inspection CA", leaf.Issuer.CommonName)
	}
	if own := s.certs.own["inspected.contoso.test"].Leaf; own.Equal(leaf) || own.Issuer.CommonName != "ewsconnect Demo Root CA" {
		t.Errorf("the server's own certificate (%s) should be the demo CA's, not the one shown", own.Issuer.CommonName)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CAPEM()) {
		t.Fatal("CAPEM holds no certificate")
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: "inspected.contoso.test"}); err != nil {
		t.Errorf("the CA file does not trust the proxy's certificate: %v", err)
	}
}
