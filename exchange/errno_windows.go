package exchange

import (
	"errors"
	"syscall"
)

// Winsock reports its own error numbers, which syscall.ECONNREFUSED and
// friends (invented values on Windows) do not match.
const (
	wsaeConnReset    syscall.Errno = 10054
	wsaeTimedOut     syscall.Errno = 10060
	wsaeConnRefused  syscall.Errno = 10061
	wsaeHostUnreach  syscall.Errno = 10065
	wsaeNetUnreach   syscall.Errno = 10051
	errorConnRefused syscall.Errno = 1225 // ERROR_CONNECTION_REFUSED
)

func isConnRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, wsaeConnRefused) || errors.Is(err, errorConnRefused)
}

func isUnreachable(err error) bool {
	return errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, wsaeHostUnreach) || errors.Is(err, wsaeNetUnreach)
}

func isTimedOutErrno(err error) bool {
	return errors.Is(err, syscall.ETIMEDOUT) || errors.Is(err, wsaeTimedOut)
}

func isConnResetErrno(err error) bool { return errors.Is(err, wsaeConnReset) }
