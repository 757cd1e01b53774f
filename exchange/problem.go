package exchange

import (
	"errors"

	"ewsconnect/i18n"
)

// Code is a problem's stable identifier; scripts and the catalog rely on it.
type Code string

// The codes of the contract (../shared/docs/contract.md), grouped by the help
// article's section.
const (
	// The Exchange URL is invalid.
	CodeURLMalformed Code = "url-malformed"
	CodeURLNotHTTPS  Code = "url-not-https"
	CodeURLNotEWS    Code = "url-not-ews"
	CodeURLOWA       Code = "url-owa"

	// The server could not be found from the email address (not in the
	// article).
	CodeAutodiscoverNotFound     Code = "autodiscover-not-found"
	CodeAutodiscoverInternalOnly Code = "autodiscover-internal-only"
	CodeAutodiscoverUnconfirmed  Code = "autodiscover-redirect-unconfirmed"
	CodeAutodiscoverLoop         Code = "autodiscover-loop"

	// Cannot connect because of the Exchange version.
	CodeVersionTooOld Code = "version-too-old"

	// Cannot connect to the Exchange server.
	CodeDNSFailed          Code = "dns-failed"
	CodeConnectRefused     Code = "connect-refused"
	CodeConnectTimeout     Code = "connect-timeout"
	CodeProxyFailed        Code = "proxy-failed"
	CodeProxyAuthRequired  Code = "proxy-auth-required"
	CodeTLSNameMismatch    Code = "tls-name-mismatch"
	CodeTLSUntrusted       Code = "tls-untrusted"
	CodeTLSChainIncomplete Code = "tls-chain-incomplete"
	CodeTLSExpired         Code = "tls-expired"
	CodeTLSOldProtocol     Code = "tls-old-protocol"
	CodeTLSWeakCert        Code = "tls-weak-certificate"
	CodeTLSFailed          Code = "tls-failed"
	CodeMailboxNoSMTP      Code = "mailbox-no-smtp"
	CodeMailboxMoved       Code = "mailbox-moved"
	CodeServerBusy         Code = "server-busy"
	CodeServerError        Code = "server-error"

	// Unauthorized.
	CodeAuthFailed          Code = "auth-failed"
	CodeAuthNTLMRefused     Code = "auth-ntlm-refused"
	CodeAuthConnectionLost  Code = "auth-connection-lost"
	CodeAuthChannelBinding  Code = "auth-channel-binding"
	CodeAuthModernOnly      Code = "auth-modern-only"
	CodeAuthBasicDisabled   Code = "auth-basic-disabled"
	CodeEWSDisabled         Code = "ews-disabled"
	CodeMailboxAccessDenied Code = "mailbox-access-denied"
	CodePasswordExpiring    Code = "password-expiring" // a warning only

	// Testing the email failed.
	CodeSendAsDenied Code = "send-as-denied"
	CodeSendFailed   Code = "send-failed"
)

// AllCodes lists every code, in the contract's order.
var AllCodes = []Code{
	CodeURLMalformed, CodeURLNotHTTPS, CodeURLNotEWS, CodeURLOWA,
	CodeAutodiscoverNotFound, CodeAutodiscoverInternalOnly, CodeAutodiscoverUnconfirmed, CodeAutodiscoverLoop,
	CodeVersionTooOld,
	CodeDNSFailed, CodeConnectRefused, CodeConnectTimeout, CodeProxyFailed, CodeProxyAuthRequired,
	CodeTLSNameMismatch, CodeTLSUntrusted, CodeTLSChainIncomplete, CodeTLSExpired, CodeTLSOldProtocol,
	CodeTLSWeakCert, CodeTLSFailed, CodeMailboxNoSMTP, CodeMailboxMoved, CodeServerBusy, CodeServerError,
	CodeAuthFailed, CodeAuthNTLMRefused, CodeAuthConnectionLost, CodeAuthChannelBinding, CodeAuthModernOnly,
	CodeAuthBasicDisabled, CodeEWSDisabled, CodeMailboxAccessDenied, CodePasswordExpiring,
	CodeSendAsDenied, CodeSendFailed,
}

// Field names the answer the user should change before retrying.
type Field string

// The fields of the contract.
const (
	FieldURL         Field = "url"
	FieldCredentials Field = "credentials"
	FieldUsername    Field = "username"
	FieldServer      Field = "server" // a server-side change: ask IT
	FieldNone        Field = "none"
)

// defaultField is the field each code points at unless the classifier
// learned something more specific (a username suggestion, say).
var defaultField = map[Code]Field{
	CodeURLMalformed: FieldURL, CodeURLNotHTTPS: FieldURL, CodeURLNotEWS: FieldURL, CodeURLOWA: FieldURL,
	CodeAutodiscoverNotFound: FieldURL, CodeAutodiscoverInternalOnly: FieldURL,
	CodeAutodiscoverUnconfirmed: FieldNone, CodeAutodiscoverLoop: FieldURL,
	CodeVersionTooOld: FieldServer,
	CodeDNSFailed:     FieldURL, CodeConnectRefused: FieldURL, CodeConnectTimeout: FieldURL,
	CodeProxyFailed: FieldServer, CodeProxyAuthRequired: FieldServer,
	CodeTLSNameMismatch: FieldURL, CodeTLSUntrusted: FieldServer, CodeTLSChainIncomplete: FieldServer, CodeTLSExpired: FieldServer,
	CodeTLSOldProtocol: FieldServer, CodeTLSWeakCert: FieldServer, CodeTLSFailed: FieldServer, CodeMailboxNoSMTP: FieldServer,
	CodeMailboxMoved: FieldNone, CodeServerBusy: FieldNone, CodeServerError: FieldServer,
	CodeAuthFailed: FieldCredentials, CodeAuthNTLMRefused: FieldServer, CodeAuthConnectionLost: FieldServer,
	CodeAuthChannelBinding: FieldServer, CodeAuthModernOnly: FieldServer,
	CodeAuthBasicDisabled: FieldServer, CodeEWSDisabled: FieldServer, CodeMailboxAccessDenied: FieldUsername,
	CodePasswordExpiring: FieldNone,
	CodeSendAsDenied:     FieldServer, CodeSendFailed: FieldNone,
}

// Problem is something the user (or their IT department) can fix. Detail is
// what was seen, already sanitised: status lines, offered schemes,
// certificate names and dates, ResponseCode and MessageText. It never holds a
// password, hash or token.
type Problem struct {
	Code  Code
	Field Field
	// Seen is what was seen, to be put into the reader's words (DetailIn);
	// Detail is the same in English, sanitised, for Error and the logs.
	Seen   i18n.Msg
	Detail string
	// RecipientAtFault is set when the test message's recipient is what
	// the server refused, so that changing it may help; a missing Send As
	// right or a full quota are not fixed that way.
	RecipientAtFault bool
	Err              error // the underlying cause, if any; never printed verbatim to users
}

// NewProblem builds a problem with the code's default field and what was
// seen (a catalog text: exchange does not know the reader's language).
func NewProblem(code Code, err error, seen i18n.Msg) *Problem {
	return &Problem{
		Code:   code,
		Field:  defaultField[code],
		Seen:   seen,
		Detail: Sanitize(seen.In(i18n.EN)),
		Err:    err,
	}
}

// DetailIn is what was seen, in l's words, sanitised here so that no
// caller can forget (and cut, like Detail).
func (p *Problem) DetailIn(l i18n.Lang) string {
	if p.Seen.IsZero() {
		return p.Detail
	}
	return Sanitize(p.Seen.In(l))
}

// Add puts more after what was seen, joined by sep ("; ", " ").
func (p *Problem) Add(sep string, more i18n.Msg) {
	p.Seen = i18n.Join(sep, p.Seen, more)
	p.Detail = Sanitize(p.Seen.In(i18n.EN))
}

func (p *Problem) Error() string {
	if p.Detail == "" {
		return string(p.Code)
	}
	return string(p.Code) + ": " + p.Detail
}

func (p *Problem) Unwrap() error { return p.Err }

// AsProblem returns the *Problem inside err, or nil.
func AsProblem(err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	return nil
}
