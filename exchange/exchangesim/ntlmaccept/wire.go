package ntlmaccept

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
)

// signature opens every NTLMSSP message.
var signature = []byte("NTLMSSP\x00")

// Message types of [MS-NLMP] 2.2.1.
const (
	typeNegotiate    = 1
	typeChallenge    = 2
	typeAuthenticate = 3
)

// Negotiate flags of [MS-NLMP] 2.2.2.5 that the acceptor reads or sends.
const (
	flagUnicode                 = 1 << 0
	flagRequestTarget           = 1 << 2
	flagNTLM                    = 1 << 9
	flagAlwaysSign              = 1 << 15
	flagTargetTypeDomain        = 1 << 16
	flagExtendedSessionSecurity = 1 << 19
	flagTargetInfo              = 1 << 23
	flagVersion                 = 1 << 25
	flag128                     = 1 << 29
	flag56                      = 1 << 31
)

// AV pair ids of [MS-NLMP] 2.2.2.1.
const (
	avEOL             = 0x0000
	avNbComputerName  = 0x0001
	avNbDomainName    = 0x0002
	avDNSComputerName = 0x0003
	avDNSDomainName   = 0x0004
	avTimestamp       = 0x0007
	avChannelBindings = 0x000A
)

// field reads the security buffer (len u16, maxlen u16, offset u32) whose
// descriptor starts at at. ok is false when the descriptor or the buffer it
// points to lies outside msg.
func field(msg []byte, at int) (b []byte, ok bool) {
	if at < 0 || at+8 > len(msg) {
		return nil, false
	}
	n := uint64(binary.LittleEndian.Uint16(msg[at:]))
	off := uint64(binary.LittleEndian.Uint32(msg[at+4:]))
	if off+n > uint64(len(msg)) {
		return nil, false
	}
	return msg[off : off+n], true
}

// messageType returns the type of an NTLMSSP message, or 0 when msg is not one.
func messageType(msg []byte) uint32 {
	if len(msg) < 12 || !bytes.Equal(msg[:8], signature) {
		return 0
	}
	return binary.LittleEndian.Uint32(msg[8:12])
}

func toUTF16LE(s string) []byte {
	units := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(b[2*i:], u)
	}
	return b
}

// fromUTF16LE decodes b; an odd trailing byte is dropped, as Windows does.
func fromUTF16LE(b []byte) string {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(units))
}

// avPairs appends the AV pairs (id, value) and the closing MsvAvEOL.
type avPair struct {
	id    uint16
	value []byte
}

func encodeAVPairs(pairs []avPair) []byte {
	var b []byte
	for _, p := range pairs {
		b = binary.LittleEndian.AppendUint16(b, p.id)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(p.value)))
		b = append(b, p.value...)
	}
	return append(b, 0, 0, 0, 0) // MsvAvEOL, length 0
}

// findAVPair returns the value of the first AV pair with id in list, a
// sequence of AV pairs that need not be terminated. ok is false when the id
// is absent or the list is malformed before it.
func findAVPair(list []byte, id uint16) (value []byte, ok bool) {
	for len(list) >= 4 {
		got := binary.LittleEndian.Uint16(list)
		n := int(binary.LittleEndian.Uint16(list[2:]))
		if got == avEOL {
			return nil, false
		}
		if 4+n > len(list) {
			return nil, false
		}
		if got == id {
			return list[4 : 4+n], true
		}
		list = list[4+n:]
	}
	return nil, false
}
