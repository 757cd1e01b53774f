package exchange

import (
	"bytes"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/Azure/go-ntlmssp"

	"ewsconnect/exchange/exchangesim/ntlmaccept"
)

// Our hash must equal the acceptor's (an independent implementation) for
// every hash RFC 5929 picks.
func TestChannelBindingHashMatchesAcceptor(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	for _, alg := range []x509.SignatureAlgorithm{x509.ECDSAWithSHA256, x509.ECDSAWithSHA384, x509.ECDSAWithSHA512} {
		t.Run(alg.String(), func(t *testing.T) {
			leaf := ca.issue(t, leafOptions{cn: testHost, sigAlg: alg}).Leaf
			if got, want := channelBindingHash(leaf), ntlmaccept.ChannelBindingHash(leaf); got != want {
				t.Errorf("got %x, want %x", got, want)
			}
		})
	}
}

// Extended Protection refuses go-ntlmssp's plain message and accepts the
// same login once the binding is added.
func TestChannelBindingIsWhatExtendedProtectionNeeds(t *testing.T) {
	acc := newFakeEWS().acceptor
	acc.RequireChannelBinding = true
	leaf := newTestCA(t, "Contoso Test Root").issue(t, leafOptions{cn: testHost}).Leaf
	negotiate, _ := ntlmssp.NewNegotiateMessage("", "")

	chal, st, err := acc.Challenge(negotiate)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := ntlmssp.NewAuthenticateMessage(chal, testEmail, testPassword, nil)
	if _, err := acc.Authenticate(st, plain, leaf); !errors.Is(err, ntlmaccept.ErrChannelBinding) {
		t.Fatalf("plain go-ntlmssp: got %v, want a channel binding refusal", err)
	}

	chal, st, _ = acc.Challenge(negotiate)
	bound, err := withChannelBinding(chal, channelBindingHash(leaf))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := ntlmssp.NewAuthenticateMessage(bound, testEmail, testPassword, nil)
	if _, err := acc.Authenticate(st, msg, leaf); err != nil {
		t.Fatalf("with channel binding: %v", err)
	}
}

func TestWithChannelBinding(t *testing.T) {
	cbt := [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	ti := appendAVPair(appendAVPair(nil, avNbDomainName, utf16le("CONTOSO")), 0, nil)
	name := utf16le("CONTOSO")
	tests := []struct {
		name    string
		chal    []byte
		wantErr bool
	}{
		{name: "TargetInfo last, as Windows sends it", chal: challengeMessage(name, ti, false)},
		{name: "TargetInfo before TargetName", chal: challengeMessage(name, ti, true)},
		{name: "binding already present is replaced", chal: challengeMessage(name, appendAVPair(appendAVPair(nil, avChannelBindings, make([]byte, 16)), 0, nil), false)},
		{name: "no TargetInfo", chal: challengeMessage(name, nil, false)},
		{name: "TargetInfo without EOL", chal: challengeMessage(name, appendAVPair(nil, avNbDomainName, utf16le("X")), false)},
		{name: "too short", chal: []byte("NTLMSSP\x00\x02\x00\x00\x00"), wantErr: true},
		{name: "not a challenge", chal: append([]byte("NTLMSSP\x00\x01\x00\x00\x00"), make([]byte, 40)...), wantErr: true},
		{name: "TargetInfo outside the message", chal: func() []byte {
			c := challengeMessage(name, ti, false)
			binary.LittleEndian.PutUint32(c[44:], 4000)
			return c
		}(), wantErr: true},
		{name: "AV pair longer than TargetInfo", chal: challengeMessage(name, []byte{2, 0, 200, 0, 'x'}, false), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := withChannelBinding(tt.chal, cbt)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			newTI := securityBuffer(out, targetInfoField)
			off := int(binary.LittleEndian.Uint32(out[targetInfoField+4:]))
			if off+len(newTI) != len(out) {
				t.Errorf("TargetInfo is not last: offset %d len %d of %d", off, len(newTI), len(out))
			}
			pairs, err := parseAVPairs(newTI)
			if err != nil {
				t.Fatal(err)
			}
			var bindings int
			for _, p := range pairs {
				if p.id == avChannelBindings {
					bindings++
					if !bytes.Equal(p.value, cbt[:]) {
						t.Errorf("binding %x", p.value)
					}
				}
			}
			if bindings != 1 || !bytes.HasSuffix(newTI, []byte{0, 0, 0, 0}) {
				t.Errorf("%d bindings, TargetInfo %x", bindings, newTI)
			}
			if got := challengeDomain(out); got != "CONTOSO" && got != "X" {
				t.Errorf("domain after rewrite %q", got)
			}
			if !bytes.Equal(out[24:32], tt.chal[24:32]) {
				t.Error("server challenge changed")
			}
		})
	}
}

// challengeMessage builds a CHALLENGE with TargetName and TargetInfo, the
// TargetInfo last unless tiFirst.
func challengeMessage(targetName, targetInfo []byte, tiFirst bool) []byte {
	m := make([]byte, challengeHeaderLen)
	copy(m, "NTLMSSP\x00")
	binary.LittleEndian.PutUint32(m[8:], 2)
	binary.LittleEndian.PutUint32(m[20:], flagUnicode|0x00800000|0x00000200)
	copy(m[24:32], "CHALLNGE")
	put := func(field int, data []byte) {
		binary.LittleEndian.PutUint16(m[field:], uint16(len(data)))
		binary.LittleEndian.PutUint16(m[field+2:], uint16(len(data)))
		binary.LittleEndian.PutUint32(m[field+4:], uint32(len(m)))
		m = append(m, data...)
	}
	if tiFirst {
		put(targetInfoField, targetInfo)
		put(12, targetName)
	} else {
		put(12, targetName)
		put(targetInfoField, targetInfo)
	}
	return m
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = binary.LittleEndian.AppendUint16(b, uint16(r))
	}
	return b
}

func TestChallengeDomain(t *testing.T) {
	noTI := challengeMessage(utf16le("FABRIKAM"), nil, false)
	oem := challengeMessage([]byte("OEMDOM"), nil, false)
	binary.LittleEndian.PutUint32(oem[20:], 0)
	for name, tt := range map[string]struct {
		chal []byte
		want string
	}{
		"from MsvAvNbDomainName": {challengeMessage(utf16le("IGNORED"), appendAVPair(appendAVPair(nil, avNbDomainName, utf16le("CONTOSO")), 0, nil), false), "CONTOSO"},
		"from TargetName":        {noTI, "FABRIKAM"},
		"OEM TargetName":         {oem, "OEMDOM"},
		"garbage":                {[]byte("hello"), ""},
	} {
		t.Run(name, func(t *testing.T) {
			if got := challengeDomain(tt.chal); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzWithChannelBinding(f *testing.F) {
	f.Add(challengeMessage(utf16le("CONTOSO"), appendAVPair(nil, 0, nil), false))
	f.Fuzz(func(t *testing.T, chal []byte) {
		out, err := withChannelBinding(chal, [16]byte{1})
		if err == nil {
			if _, err := parseAVPairs(securityBuffer(out, targetInfoField)); err != nil {
				t.Errorf("rewrite produced a bad TargetInfo: %v", err)
			}
		}
		challengeDomain(chal)
	})
}
