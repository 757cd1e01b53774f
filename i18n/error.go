package i18n

import "errors"

// Error is an error whose words are a catalog text: Error is English (for
// logs and for wrapping), In is the reader's language. A usage error, a
// flag's bad value or a file that does not load is one, so that the line
// a person reads is in their language.
type Error struct {
	Msg   Msg
	Cause error // what went wrong underneath, for errors.Is and errors.As
}

// NewError is the error saying key's text with data.
func NewError(key string, data ...Data) *Error { return &Error{Msg: M(key, data...)} }

// Wrap is the error saying key's text with err as its {{.Err}} and cause.
func Wrap(err error, key string) *Error {
	return &Error{Msg: M(key, Data{"Err": err}), Cause: err}
}

func (e *Error) Error() string { return e.Msg.In(EN) }

func (e *Error) Unwrap() error { return e.Cause }

// ErrorIn is err in l's words: an *Error's own text (the first in err's
// chain), else err's English text, which is then the operating system's
// or a library's words.
func ErrorIn(l Lang, err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg.In(l)
	}
	return err.Error()
}
