//go:build !windows

package exchange

import (
	"errors"
	"syscall"
)

func isConnRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

func isUnreachable(err error) bool {
	return errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH)
}

func isTimedOutErrno(err error) bool { return errors.Is(err, syscall.ETIMEDOUT) }

func isConnResetErrno(err error) bool { return false }
