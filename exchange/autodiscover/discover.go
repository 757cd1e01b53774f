package autodiscover

import (
	"context"
	"errors"
)

// Discover finds the EWS URL for opts.Credentials.Email. The error is an
// *exchange.Problem (autodiscover-*, auth-failed, auth-basic-disabled for
// Exchange Online, ...) or the context's error when interrupted; Result
// holds the attempts either way.
func Discover(ctx context.Context, opts Options) (Result, error) {
	return Result{Email: opts.Credentials.Email}, errors.New("autodiscover: not implemented yet")
}
