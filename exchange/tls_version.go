package exchange

import (
	"context"
	"crypto/tls"
	"strconv"
	"strings"

	"ewsconnect/i18n"
)

// oldProtocolProblem explains a server that refused TLS 1.2 and 1.3,
// naming the newest version it offers. A server that picked an old version
// said which in its ServerHello; one that sent a protocol_version alert
// instead is asked once more, with TLS 1.0–1.1 only.
func (s *Session) oldProtocolProblem(ctx context.Context, err error) *Problem {
	v, ok := parseSelectedVersion(err.Error())
	if !ok {
		v, ok = s.newestOldVersion(ctx)
	}
	if !ok || v >= tls.VersionTLS12 {
		return NewProblem(CodeTLSOldProtocol, err, i18n.M("seen.tls.old-protocol-refused"))
	}
	return NewProblem(CodeTLSOldProtocol, err, i18n.M("seen.tls.old-protocol", i18n.Data{"Version": tls.VersionName(v)}))
}

// newestOldVersion runs one extra handshake limited to TLS 1.0–1.1 to learn
// the version the server speaks. It is not verified because nothing is
// ever sent over it: the connection is closed as soon as the version is
// known. Every cipher suite crypto/tls has is offered, since a server this
// old may know no modern one.
func (s *Session) newestOldVersion(ctx context.Context) (uint16, bool) {
	conn, err := s.dialTCP(ctx)
	if err != nil {
		return 0, false
	}
	defer conn.Close()
	s.mu.Lock()
	s.handshakes++
	s.mu.Unlock()

	var seen uint16 // the version, known once the certificate arrives
	tc := tls.Client(conn, &tls.Config{
		ServerName:         s.u.Hostname(),
		MinVersion:         tls.VersionTLS10,
		MaxVersion:         tls.VersionTLS11,
		CipherSuites:       allCipherSuites(),
		InsecureSkipVerify: true, // only the version is read
		VerifyConnection: func(cs tls.ConnectionState) error {
			seen = cs.Version
			return nil
		},
	})
	err = tc.HandshakeContext(ctx)
	tc.Close()
	switch {
	case err == nil:
		return tc.ConnectionState().Version, true
	case seen != 0: // a later step failed (key exchange, cipher), the version was chosen
		return seen, true
	}
	return parseSelectedVersion(err.Error()) // an SSL 3.0 server picks 300
}

// allCipherSuites lists every TLS 1.0–1.2 suite crypto/tls implements,
// the insecure ones included.
func allCipherSuites() []uint16 {
	var ids []uint16
	for _, list := range [][]*tls.CipherSuite{tls.CipherSuites(), tls.InsecureCipherSuites()} {
		for _, cs := range list {
			ids = append(ids, cs.ID)
		}
	}
	return ids
}

// parseSelectedVersion reads the version from crypto/tls's refusal of a
// server's choice, "tls: server selected unsupported protocol version
// 301": the number is hexadecimal (300 SSL 3.0, 301 TLS 1.0, 302 TLS 1.1).
func parseSelectedVersion(msg string) (uint16, bool) {
	const prefix = "server selected unsupported protocol version "
	_, rest, found := strings.Cut(msg, prefix)
	if !found {
		return 0, false
	}
	if end := strings.IndexFunc(rest, func(r rune) bool { return !strings.ContainsRune("0123456789abcdefABCDEF", r) }); end >= 0 {
		rest = rest[:end]
	}
	v, err := strconv.ParseUint(rest, 16, 16)
	if err != nil {
		return 0, false
	}
	return uint16(v), true
}
