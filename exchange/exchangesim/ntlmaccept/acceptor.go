package ntlmaccept

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	//lint:ignore SA1019 NTLM is defined on MD4; this is the compatibility use the deprecation allows.
	"golang.org/x/crypto/md4"
)

// Errors returned by Authenticate. They are distinct so that the simulator's
// logs and tests can tell a wrong password from a missing channel binding;
// an HTTP server answers all of them with the same 401.
var (
	ErrMalformed      = errors.New("ntlm: malformed message")
	ErrNoChallenge    = errors.New("ntlm: no outstanding challenge (already used, or never sent)")
	ErrNTLMv1         = errors.New("ntlm: LM/NTLMv1 response refused, NTLMv2 required")
	ErrAnonymous      = errors.New("ntlm: anonymous login refused")
	ErrUnknownDomain  = errors.New("ntlm: unknown domain")
	ErrUnknownUser    = errors.New("ntlm: unknown user")
	ErrBadPassword    = errors.New("ntlm: wrong password")
	ErrChannelBinding = errors.New("ntlm: channel binding missing or wrong (Extended Protection)")
)

// Acceptor verifies NTLMv2 logins for one server. Its fields are read-only
// once it is in use; it may then be shared by many connections.
type Acceptor struct {
	// NetBIOSDomain ("CONTOSO") is sent as the challenge's TargetName and
	// MsvAvNbDomainName; a DOMAIN\user login must name it (or DNSDomain).
	NetBIOSDomain string
	// Computer ("EXCH01") is sent as MsvAvNbComputerName.
	Computer string
	// DNSDomain ("contoso.test") is sent as MsvAvDnsDomainName when set.
	DNSDomain string
	// Lookup returns the password for a login. domain is as sent: "" for a
	// UPN login, where user is "bob@contoso.test", or for a bare "bob".
	Lookup func(domain, user string) (password string, ok bool)
	// RequireChannelBinding enforces Extended Protection: the NTLMv2 blob
	// must carry MsvAvChannelBindings equal to ChannelBindingHash of the
	// server's leaf certificate. Missing or all-zero bindings are refused.
	// Without it, a non-zero binding that is wrong is still refused, as IIS
	// does with Extended Protection set to Allow.
	RequireChannelBinding bool
}

// State is the server side of one handshake: the challenge that was sent.
// It belongs to one connection and is good for one Authenticate call.
type State struct {
	serverChallenge [8]byte
	used            bool
}

// Identity is the login that Authenticate accepted. Domain is the
// acceptor's NetBIOSDomain for a DOMAIN\user login and "" otherwise; User is
// as the client sent it ("alice", or "alice@contoso.test" for a UPN).
type Identity struct {
	Domain, User string
}

// String renders the login the way Windows logs it.
func (id Identity) String() string {
	if id.Domain == "" {
		return id.User
	}
	return id.Domain + `\` + id.User
}

// Challenge answers a NEGOTIATE message with a CHALLENGE message that
// offers NTLMv2 with extended session security, never LM keys or key
// exchange (go-ntlmssp refuses those). The TargetInfo is the last thing in
// the payload, as Windows sends it, so clients that append a channel
// binding to it can do so in place.
func (a *Acceptor) Challenge(negotiate []byte) (challenge []byte, st *State, err error) {
	if messageType(negotiate) != typeNegotiate || len(negotiate) < 16 {
		return nil, nil, fmt.Errorf("%w: not a NEGOTIATE message", ErrMalformed)
	}
	st = &State{}
	if _, err := rand.Read(st.serverChallenge[:]); err != nil {
		return nil, nil, err
	}

	targetName := toUTF16LE(a.NetBIOSDomain)
	pairs := []avPair{
		{avNbDomainName, toUTF16LE(a.NetBIOSDomain)},
		{avNbComputerName, toUTF16LE(a.Computer)},
	}
	if a.DNSDomain != "" {
		pairs = append(pairs,
			avPair{avDNSDomainName, toUTF16LE(a.DNSDomain)},
			avPair{avDNSComputerName, toUTF16LE(strings.ToLower(a.Computer) + "." + a.DNSDomain)})
	}
	pairs = append(pairs, avPair{avTimestamp, fileTime(time.Now())})
	targetInfo := encodeAVPairs(pairs)

	const headerLen = 56 // fixed fields plus the 8-byte VERSION
	flags := uint32(flagUnicode | flagRequestTarget | flagNTLM | flagAlwaysSign |
		flagTargetTypeDomain | flagExtendedSessionSecurity | flagTargetInfo |
		flagVersion | flag128 | flag56)

	m := make([]byte, 0, headerLen+len(targetName)+len(targetInfo))
	m = append(m, signature...)
	m = binary.LittleEndian.AppendUint32(m, typeChallenge)
	m = appendSecurityBuffer(m, len(targetName), headerLen)
	m = binary.LittleEndian.AppendUint32(m, flags)
	m = append(m, st.serverChallenge[:]...)
	m = append(m, make([]byte, 8)...) // reserved
	m = appendSecurityBuffer(m, len(targetInfo), headerLen+len(targetName))
	m = append(m, 10, 0) // VERSION: Windows Server 2019, build 17763, NTLM revision 15
	m = binary.LittleEndian.AppendUint16(m, 17763)
	m = append(m, 0, 0, 0, 15)
	m = append(m, targetName...)
	m = append(m, targetInfo...)
	return m, st, nil
}

// Authenticate verifies an AUTHENTICATE message against st, the state of
// the challenge sent on the same connection. serverCert is the leaf
// certificate the server presented on that connection (nil on plain
// HTTP); it is needed only for channel binding. The state is spent either
// way: a client that fails must start again with a NEGOTIATE message.
//
// On failure the returned Identity still names the login that was tried,
// when the message could be parsed that far, so that logs can say who
// failed.
func (a *Acceptor) Authenticate(st *State, authenticate []byte, serverCert *x509.Certificate) (Identity, error) {
	if st == nil || st.used {
		return Identity{}, ErrNoChallenge
	}
	st.used = true

	msg := authenticate
	if messageType(msg) != typeAuthenticate || len(msg) < 52 {
		return Identity{}, fmt.Errorf("%w: not an AUTHENTICATE message", ErrMalformed)
	}
	nt, ok1 := field(msg, 20)
	domainRaw, ok2 := field(msg, 28)
	userRaw, ok3 := field(msg, 36)
	if !ok1 || !ok2 || !ok3 {
		return Identity{}, fmt.Errorf("%w: a security buffer lies outside the message", ErrMalformed)
	}
	domain, user := decodeString(msg, domainRaw), decodeString(msg, userRaw)
	tried := Identity{Domain: domain, User: user}

	switch {
	case len(nt) == 0 && user == "":
		return tried, ErrAnonymous
	case len(nt) == 0 || len(nt) == 24:
		return tried, ErrNTLMv1 // LM only, NTLMv1, or NTLM2 session response
	case len(nt) < 16+28:
		return tried, fmt.Errorf("%w: NTLMv2 response too short", ErrMalformed)
	case nt[16] != 1 || nt[17] != 1:
		return tried, fmt.Errorf("%w: unknown NTLMv2 blob version", ErrMalformed)
	case user == "":
		return tried, ErrUnknownUser
	}

	if domain != "" {
		if !strings.EqualFold(domain, a.NetBIOSDomain) && (a.DNSDomain == "" || !strings.EqualFold(domain, a.DNSDomain)) {
			return tried, ErrUnknownDomain
		}
		tried.Domain = a.NetBIOSDomain
	}
	if a.Lookup == nil {
		return tried, ErrUnknownUser
	}
	password, ok := a.Lookup(domain, user)
	if !ok {
		return tried, ErrUnknownUser
	}

	key := ntowfv2(password, user, domain)
	proof := hmacMD5(key, st.serverChallenge[:], nt[16:])
	if !hmac.Equal(proof, nt[:16]) {
		return tried, ErrBadPassword
	}

	if err := a.checkChannelBinding(nt[16+28:], serverCert); err != nil {
		return tried, err
	}
	return tried, nil
}

// checkChannelBinding looks for MsvAvChannelBindings in the AV pairs of the
// client's NTLMv2 blob.
func (a *Acceptor) checkChannelBinding(avPairs []byte, serverCert *x509.Certificate) error {
	got, present := findAVPair(avPairs, avChannelBindings)
	if present && len(got) == 16 && !allZero(got) {
		if serverCert == nil {
			return fmt.Errorf("%w: no server certificate to bind to", ErrChannelBinding)
		}
		want := ChannelBindingHash(serverCert)
		if !hmac.Equal(got, want[:]) {
			return fmt.Errorf("%w: bindings do not match this certificate", ErrChannelBinding)
		}
		return nil
	}
	if present && len(got) != 16 {
		return fmt.Errorf("%w: MsvAvChannelBindings is %d bytes, want 16", ErrChannelBinding, len(got))
	}
	if a.RequireChannelBinding {
		return fmt.Errorf("%w: the client sent none", ErrChannelBinding)
	}
	return nil
}

// decodeString decodes a Type 3 string: UTF-16LE unless the client cleared
// NTLMSSP_NEGOTIATE_UNICODE in the message's flags.
func decodeString(msg, raw []byte) string {
	if len(msg) >= 64 && binary.LittleEndian.Uint32(msg[60:])&flagUnicode == 0 {
		return string(raw)
	}
	return fromUTF16LE(raw)
}

// ntowfv2 is NTOWFv2 of [MS-NLMP] 3.3.2: HMAC-MD5 keyed with the NT hash
// (MD4 of the UTF-16LE password) over UTF-16LE(UPPER(user) + domain).
func ntowfv2(password, user, domain string) []byte {
	h := md4.New()
	h.Write(toUTF16LE(password))
	return hmacMD5(h.Sum(nil), toUTF16LE(strings.ToUpper(user)+domain))
}

func hmacMD5(key []byte, data ...[]byte) []byte {
	m := hmac.New(md5.New, key)
	for _, d := range data {
		m.Write(d)
	}
	return m.Sum(nil)
}

func appendSecurityBuffer(m []byte, n, offset int) []byte {
	m = binary.LittleEndian.AppendUint16(m, uint16(n))
	m = binary.LittleEndian.AppendUint16(m, uint16(n))
	return binary.LittleEndian.AppendUint32(m, uint32(offset))
}

// fileTime is t as a Windows FILETIME: 100 ns ticks since 1601.
func fileTime(t time.Time) []byte {
	ticks := uint64(t.UnixNano()/100) + 116444736000000000
	return binary.LittleEndian.AppendUint64(nil, ticks)
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
