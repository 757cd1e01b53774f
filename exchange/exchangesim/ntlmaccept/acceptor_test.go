package ntlmaccept

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/Azure/go-ntlmssp"
)

const testPassword = "Demo-Pa55word!"

func testAcceptor(requireCB bool) *Acceptor {
	return &Acceptor{
		NetBIOSDomain: "CONTOSO",
		Computer:      "EXCH01",
		DNSDomain:     "contoso.test",
		Lookup: func(domain, user string) (string, bool) {
			switch strings.ToLower(user) {
			case "alice", "alice@contoso.test":
				return testPassword, true
			}
			return "", false
		},
		RequireChannelBinding: requireCB,
	}
}

// handshake runs NEGOTIATE and CHALLENGE, lets edit change the challenge
// the client sees (nil: unchanged), and returns the client's AUTHENTICATE.
func handshake(t *testing.T, a *Acceptor, login, password string, edit func([]byte) []byte) (*State, []byte) {
	t.Helper()
	neg, err := ntlmssp.NewNegotiateMessage("", "")
	if err != nil {
		t.Fatal(err)
	}
	chal, st, err := a.Challenge(neg)
	if err != nil {
		t.Fatalf("Challenge: %v", err)
	}
	if edit != nil {
		chal = edit(chal)
	}
	auth, err := ntlmssp.NewAuthenticateMessage(chal, login, password, nil)
	if err != nil {
		t.Fatalf("go-ntlmssp refused the challenge: %v", err)
	}
	return st, auth
}

// insertChannelBinding adds MsvAvChannelBindings to a challenge's
// TargetInfo, which this acceptor puts last, so that go-ntlmssp copies it
// into the NTLMv2 blob. This is what a CBT-aware client has to do.
func insertChannelBinding(cbt [16]byte) func([]byte) []byte {
	return func(chal []byte) []byte {
		n := int(binary.LittleEndian.Uint16(chal[40:]))
		off := int(binary.LittleEndian.Uint32(chal[44:]))
		if off+n != len(chal) {
			panic("TargetInfo is not last")
		}
		pair := binary.LittleEndian.AppendUint16(nil, avChannelBindings)
		pair = binary.LittleEndian.AppendUint16(pair, 16)
		pair = append(pair, cbt[:]...)
		out := append([]byte{}, chal[:len(chal)-4]...) // drop MsvAvEOL
		out = append(out, pair...)
		out = append(out, 0, 0, 0, 0)
		binary.LittleEndian.PutUint16(out[40:], uint16(n+len(pair)))
		binary.LittleEndian.PutUint16(out[42:], uint16(n+len(pair)))
		return out
	}
}

func testCert(t testing.TB, cn string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{cn},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestAuthenticateWithGoNTLMSSP(t *testing.T) {
	serverCert := testCert(t, "mail.contoso.test")
	otherCert := testCert(t, "other.contoso.test")
	tests := []struct {
		name      string
		requireCB bool
		login     string
		password  string
		edit      func([]byte) []byte
		want      error
		wantID    Identity
	}{
		{name: "domain login, right password", login: `CONTOSO\alice`, password: testPassword, wantID: Identity{"CONTOSO", "alice"}},
		{name: "domain login, lower-case domain", login: `contoso\ALICE`, password: testPassword, wantID: Identity{"CONTOSO", "ALICE"}},
		{name: "DNS domain login", login: `contoso.test\alice`, password: testPassword, wantID: Identity{"CONTOSO", "alice"}},
		{name: "UPN login, right password", login: "alice@contoso.test", password: testPassword, wantID: Identity{"", "alice@contoso.test"}},
		{name: "bare user name", login: "alice", password: testPassword, wantID: Identity{"", "alice"}},
		{name: "domain login, wrong password", login: `CONTOSO\alice`, password: "wrong", want: ErrBadPassword},
		{name: "UPN login, wrong password", login: "alice@contoso.test", password: "wrong", want: ErrBadPassword},
		{name: "unknown user", login: `CONTOSO\mallory`, password: testPassword, want: ErrUnknownUser},
		{name: "foreign domain", login: `OTHER\alice`, password: testPassword, want: ErrUnknownDomain},
		{name: "extended protection, no channel binding", requireCB: true, login: `CONTOSO\alice`, password: testPassword, want: ErrChannelBinding},
		{name: "extended protection, right channel binding", requireCB: true, login: `CONTOSO\alice`, password: testPassword,
			edit: insertChannelBinding(ChannelBindingHash(serverCert)), wantID: Identity{"CONTOSO", "alice"}},
		{name: "extended protection, UPN with right channel binding", requireCB: true, login: "alice@contoso.test", password: testPassword,
			edit: insertChannelBinding(ChannelBindingHash(serverCert)), wantID: Identity{"", "alice@contoso.test"}},
		{name: "extended protection, binding of another certificate", requireCB: true, login: `CONTOSO\alice`, password: testPassword,
			edit: insertChannelBinding(ChannelBindingHash(otherCert)), want: ErrChannelBinding},
		{name: "extended protection, all-zero binding", requireCB: true, login: `CONTOSO\alice`, password: testPassword,
			edit: insertChannelBinding([16]byte{}), want: ErrChannelBinding},
		{name: "extended protection, right binding, wrong password", requireCB: true, login: `CONTOSO\alice`, password: "wrong",
			edit: insertChannelBinding(ChannelBindingHash(serverCert)), want: ErrBadPassword},
		{name: "no extended protection, wrong binding is still refused", login: `CONTOSO\alice`, password: testPassword,
			edit: insertChannelBinding(ChannelBindingHash(otherCert)), want: ErrChannelBinding},
		{name: "no extended protection, right binding", login: `CONTOSO\alice`, password: testPassword,
			edit: insertChannelBinding(ChannelBindingHash(serverCert)), wantID: Identity{"CONTOSO", "alice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testAcceptor(tt.requireCB)
			st, auth := handshake(t, a, tt.login, tt.password, tt.edit)
			id, err := a.Authenticate(st, auth, serverCert)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if tt.want == nil && id != tt.wantID {
				t.Errorf("got identity %+v, want %+v", id, tt.wantID)
			}
		})
	}
}

func TestChallengeIsAcceptableToGoNTLMSSP(t *testing.T) {
	a := testAcceptor(false)
	neg, _ := ntlmssp.NewNegotiateMessage("", "")
	chal, _, err := a.Challenge(neg)
	if err != nil {
		t.Fatal(err)
	}
	flags := binary.LittleEndian.Uint32(chal[20:])
	if flags&(1<<7) != 0 || flags&(1<<30) != 0 {
		t.Errorf("challenge sets LM_KEY or KEY_EXCH: flags %#x", flags)
	}
	n := int(binary.LittleEndian.Uint16(chal[40:]))
	off := int(binary.LittleEndian.Uint32(chal[44:]))
	if off+n != len(chal) {
		t.Errorf("TargetInfo ends at %d, message at %d: want it last", off+n, len(chal))
	}
	name, _ := field(chal, 12)
	if got := fromUTF16LE(name); got != "CONTOSO" {
		t.Errorf("TargetName %q, want CONTOSO", got)
	}
	ti := chal[off : off+n]
	for id, want := range map[uint16]string{avNbDomainName: "CONTOSO", avNbComputerName: "EXCH01", avDNSDomainName: "contoso.test"} {
		v, ok := findAVPair(ti, id)
		if !ok || fromUTF16LE(v) != want {
			t.Errorf("AV pair %d = %q, want %q", id, fromUTF16LE(v), want)
		}
	}
}

func TestChallengeRefusesNonNegotiate(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("hello"), []byte("NTLMSSP\x00\x03\x00\x00\x00\x00\x00\x00\x00")} {
		if _, _, err := testAcceptor(false).Challenge(in); !errors.Is(err, ErrMalformed) {
			t.Errorf("Challenge(%q): got %v, want ErrMalformed", in, err)
		}
	}
}

func TestStateIsSingleUse(t *testing.T) {
	a := testAcceptor(false)
	st, auth := handshake(t, a, `CONTOSO\alice`, testPassword, nil)
	if _, err := a.Authenticate(st, auth, nil); err != nil {
		t.Fatalf("first use: %v", err)
	}
	if _, err := a.Authenticate(st, auth, nil); !errors.Is(err, ErrNoChallenge) {
		t.Errorf("replay: got %v, want ErrNoChallenge", err)
	}
	if _, err := a.Authenticate(nil, auth, nil); !errors.Is(err, ErrNoChallenge) {
		t.Errorf("nil state: got %v, want ErrNoChallenge", err)
	}
}

// TestNTLMv1Refused swaps the NTLMv2 response for a 24-byte one.
func TestNTLMv1Refused(t *testing.T) {
	a := testAcceptor(false)
	st, _ := handshake(t, a, `CONTOSO\alice`, testPassword, nil)
	user := toUTF16LE("alice")
	dom := toUTF16LE("CONTOSO")
	m := append([]byte{}, signature...)
	m = binary.LittleEndian.AppendUint32(m, typeAuthenticate)
	off := 64
	m = appendSecurityBuffer(m, 24, off)    // LM
	m = appendSecurityBuffer(m, 24, off+24) // NT (v1 length)
	m = appendSecurityBuffer(m, len(dom), off+48)
	m = appendSecurityBuffer(m, len(user), off+48+len(dom))
	m = appendSecurityBuffer(m, 0, off+48+len(dom)+len(user))
	m = appendSecurityBuffer(m, 0, off+48+len(dom)+len(user))
	m = binary.LittleEndian.AppendUint32(m, flagUnicode|flagNTLM)
	m = append(m, make([]byte, 48)...)
	m = append(m, dom...)
	m = append(m, user...)
	if _, err := a.Authenticate(st, m, nil); !errors.Is(err, ErrNTLMv1) {
		t.Errorf("got %v, want ErrNTLMv1", err)
	}
}

func TestChannelBindingHashFollowsSignatureHash(t *testing.T) {
	c := testCert(t, "mail.contoso.test")
	a := ChannelBindingHash(c)
	c384 := *c
	c384.SignatureAlgorithm = x509.ECDSAWithSHA384
	if ChannelBindingHash(&c384) == a {
		t.Error("a SHA-384 signed certificate must be hashed with SHA-384")
	}
	if ChannelBindingHash(c) != a {
		t.Error("not deterministic")
	}
}
