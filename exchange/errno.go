package exchange

import (
	"errors"
	"runtime"
	"syscall"
)

// errnoKind is what a socket error number means for a connection.
type errnoKind int

const (
	errnoOther       errnoKind = iota
	errnoRefused               // nothing listens on the port
	errnoTimedOut              // the OS gave up waiting
	errnoUnreachable           // no route to the host or its network
	errnoReset                 // the peer reset or aborted the connection
)

// Windows reports Winsock numbers (WSAE*) or, for a failed ConnectEx, the
// Win32 error (ERROR_*) its NTSTATUS maps to. syscall.ECONNREFUSED and
// friends hold invented values on Windows, so they never match these.
var windowsErrnos = map[uintptr]errnoKind{
	10061: errnoRefused,     // WSAECONNREFUSED
	1225:  errnoRefused,     // ERROR_CONNECTION_REFUSED
	10060: errnoTimedOut,    // WSAETIMEDOUT
	121:   errnoTimedOut,    // ERROR_SEM_TIMEOUT, a ConnectEx that timed out
	10065: errnoUnreachable, // WSAEHOSTUNREACH
	10051: errnoUnreachable, // WSAENETUNREACH
	1232:  errnoUnreachable, // ERROR_HOST_UNREACHABLE
	1231:  errnoUnreachable, // ERROR_NETWORK_UNREACHABLE
	10054: errnoReset,       // WSAECONNRESET
	10053: errnoReset,       // WSAECONNABORTED: often a local firewall or TLS-inspecting antivirus
}

// unixErrnos are this build's own numbers, which differ between Unixes
// (ECONNREFUSED is 111 on Linux, 61 on macOS and the BSDs).
var unixErrnos = map[uintptr]errnoKind{
	uintptr(syscall.ECONNREFUSED): errnoRefused,
	uintptr(syscall.ETIMEDOUT):    errnoTimedOut,
	uintptr(syscall.EHOSTUNREACH): errnoUnreachable,
	uintptr(syscall.ENETUNREACH):  errnoUnreachable,
	uintptr(syscall.ECONNRESET):   errnoReset,
}

// classifyErrno says what error number n means on Windows or on a Unix.
// It is a pure function so that both tables are tested on every platform.
func classifyErrno(n uintptr, windows bool) errnoKind {
	table := unixErrnos
	if windows {
		table = windowsErrnos
	}
	return table[n] // errnoOther when absent
}

// errnoKindOf finds the error number inside err and classifies it for the
// platform this program runs on.
func errnoKindOf(err error) errnoKind {
	var n syscall.Errno
	if !errors.As(err, &n) {
		return errnoOther
	}
	return classifyErrno(uintptr(n), runtime.GOOS == "windows")
}

func isConnRefused(err error) bool    { return errnoKindOf(err) == errnoRefused }
func isUnreachable(err error) bool    { return errnoKindOf(err) == errnoUnreachable }
func isTimedOutErrno(err error) bool  { return errnoKindOf(err) == errnoTimedOut }
func isConnResetErrno(err error) bool { return errnoKindOf(err) == errnoReset }
