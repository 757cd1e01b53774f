package exchangesim

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/go-ntlmssp"
)

// The balancer without affinity passes each request on one client
// connection to the next back end, each with its own NTLM state: the
// AUTHENTICATE that follows its CHALLENGE reaches the other server and is
// refused, one that reaches the server of its CHALLENGE signs in.
func TestBalancerSendsEachRequestToTheNextBackEnd(t *testing.T) {
	s := startServer(t)
	c := plainClient(s)
	const host = "lbnoaff.contoso.test"
	frontEnd := func(resp *http.Response) string { return resp.Header.Get("X-FEServer") }
	authenticate := func(resp *http.Response) []byte {
		t.Helper()
		header := resp.Header.Get("WWW-Authenticate")
		chal, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(header, "NTLM "))
		if resp.StatusCode != 401 || !strings.HasPrefix(header, "NTLM ") || err != nil {
			t.Fatalf("NEGOTIATE got %d %q, want 401 with a CHALLENGE", resp.StatusCode, header)
		}
		auth, err := ntlmssp.NewAuthenticateMessage(chal, `CONTOSO\alice`, DemoPassword, nil)
		if err != nil {
			t.Fatal(err)
		}
		return auth
	}
	neg, _ := ntlmssp.NewNegotiateMessage("", "")

	// The client's order: an anonymous request, NEGOTIATE, AUTHENTICATE.
	if resp := ntlmLeg(t, c, host, "NTLM", nil); resp.StatusCode != 401 || frontEnd(resp) != "EXCH01" {
		t.Fatalf("anonymous request: %d from %q, want 401 from EXCH01", resp.StatusCode, frontEnd(resp))
	}
	challenge := ntlmLeg(t, c, host, "NTLM", neg)
	if frontEnd(challenge) != "EXCH02" {
		t.Errorf("the CHALLENGE came from %q, want EXCH02", frontEnd(challenge))
	}
	if resp := ntlmLeg(t, c, host, "NTLM", authenticate(challenge)); resp.StatusCode != 401 || frontEnd(resp) != "EXCH01" {
		t.Errorf("AUTHENTICATE at the other back end: %d from %q, want 401 from EXCH01", resp.StatusCode, frontEnd(resp))
	}

	// Back at EXCH02 two requests later, an AUTHENTICATE finds its CHALLENGE.
	challenge = ntlmLeg(t, c, host, "NTLM", neg) // request 4: EXCH02
	ntlmLeg(t, c, host, "NTLM", nil)             // request 5: EXCH01
	if resp := ntlmLeg(t, c, host, "NTLM", authenticate(challenge)); resp.StatusCode != 200 || frontEnd(resp) != "EXCH02" {
		t.Errorf("AUTHENTICATE at the back end of its CHALLENGE: %d from %q, want 200 from EXCH02", resp.StatusCode, frontEnd(resp))
	}
	if st := s.Stats(); st.Connections != 1 {
		t.Errorf("got %+v, want every request on one client connection", st)
	}
}
