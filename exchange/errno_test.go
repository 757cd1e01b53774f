package exchange

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"syscall"
	"testing"
)

// Both tables run on every platform: the Windows numbers are plain values,
// the Unix ones are this build's syscall constants.
func TestClassifyErrno(t *testing.T) {
	tests := []struct {
		name    string
		n       uintptr
		windows bool
		want    errnoKind
	}{
		{"windows, WSAECONNREFUSED", 10061, true, errnoRefused},
		{"windows, ERROR_CONNECTION_REFUSED", 1225, true, errnoRefused},
		{"windows, WSAETIMEDOUT", 10060, true, errnoTimedOut},
		{"windows, ERROR_SEM_TIMEOUT", 121, true, errnoTimedOut},
		{"windows, WSAEHOSTUNREACH", 10065, true, errnoUnreachable},
		{"windows, WSAENETUNREACH", 10051, true, errnoUnreachable},
		{"windows, ERROR_HOST_UNREACHABLE", 1232, true, errnoUnreachable},
		{"windows, ERROR_NETWORK_UNREACHABLE", 1231, true, errnoUnreachable},
		{"windows, WSAECONNRESET", 10054, true, errnoReset},
		{"windows, WSAECONNABORTED", 10053, true, errnoReset},
		{"windows, WSAEACCES is something else", 10013, true, errnoOther},
		{"windows, Linux's ECONNREFUSED number means nothing", 111, true, errnoOther},
		{"unix, ECONNREFUSED", uintptr(syscall.ECONNREFUSED), false, errnoRefused},
		{"unix, ETIMEDOUT", uintptr(syscall.ETIMEDOUT), false, errnoTimedOut},
		{"unix, EHOSTUNREACH", uintptr(syscall.EHOSTUNREACH), false, errnoUnreachable},
		{"unix, ENETUNREACH", uintptr(syscall.ENETUNREACH), false, errnoUnreachable},
		{"unix, ECONNRESET", uintptr(syscall.ECONNRESET), false, errnoReset},
		{"unix, EACCES is something else", uintptr(syscall.EACCES), false, errnoOther},
		{"unix, a Winsock number means nothing", 10061, false, errnoOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classifyErrno(tt.n, tt.windows); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// The platform's own refusal, wrapped as net.Dial wraps it, is found.
func TestErrnoKindOfWrappedError(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", platformErrno(syscall.ECONNREFUSED, 10061))}
	if got := errnoKindOf(fmt.Errorf("wrapped: %w", refused)); got != errnoRefused {
		t.Errorf("got %v, want errnoRefused", got)
	}
	if got := errnoKindOf(os.ErrDeadlineExceeded); got != errnoOther {
		t.Errorf("no errno: got %v, want errnoOther", got)
	}
}

// platformErrno is the number this platform's network stack reports: the
// Unix constant, or the Winsock number on Windows.
func platformErrno(unix syscall.Errno, winsock uintptr) syscall.Errno {
	if runtime.GOOS == "windows" {
		return syscall.Errno(winsock)
	}
	return unix
}
