package ntlmaccept

import (
	"testing"

	"github.com/Azure/go-ntlmssp"
)

// FuzzAuthenticate feeds hostile AUTHENTICATE messages to the acceptor; it
// must refuse them with an error and never panic. The seeds run as a
// normal test.
func FuzzAuthenticate(f *testing.F) {
	a := testAcceptor(true)
	neg, _ := ntlmssp.NewNegotiateMessage("", "")
	chal, _, _ := a.Challenge(neg)
	good, _ := ntlmssp.NewAuthenticateMessage(chal, `CONTOSO\alice`, testPassword, nil)
	f.Add(good)
	f.Add(good[:60])
	f.Add(good[:len(good)-10])
	f.Add([]byte("NTLMSSP\x00\x03\x00\x00\x00"))
	f.Add([]byte("NTLMSSP\x00\x03\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Add([]byte{})
	cert := testCert(f, "mail.contoso.test")
	f.Fuzz(func(t *testing.T, msg []byte) {
		neg, _ := ntlmssp.NewNegotiateMessage("", "")
		_, st, err := a.Challenge(neg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Authenticate(st, msg, cert); err == nil {
			t.Errorf("accepted a message answering another challenge: %x", msg)
		}
		_, _, _ = a.Challenge(msg)
	})
}
