package exchange

import (
	"net/url"
	"strings"
)

// A person may type a password into the address ("https://alice:S3cret@
// mail.contoso.com/…"), and not always in a form that url.Parse reads: a
// password may hold "/", "?", "#", "@" or ":". Every printer of an address
// goes through RedactURL, and the URL rules refuse any address that
// splitUserInfo finds a password in, so that no detail can echo part of it.

// redactedUserInfo stands where user info was removed, so that a reader
// sees that something was there.
const redactedUserInfo = "[redacted]"

// splitUserInfo finds "user:password@" in an address as typed. It is
// deliberately wide: everything between the scheme and the last "@" counts
// as user info when it holds a ":" (a password needs one), even if a
// real URL would read part of it as a path. It may hide a little too much
// of a strange address; it never shows part of a password.
func splitUserInfo(raw string) (prefix, userinfo, rest string, ok bool) {
	start := schemeEnd(raw)
	after := raw[start:]
	at := strings.LastIndexByte(after, '@')
	if at < 0 || !strings.Contains(after[:at], ":") {
		return raw, "", "", false
	}
	return raw[:start], after[:at], after[at+1:], true
}

// schemeEnd is where the authority starts: after a web scheme
// ("https://", and slips such as "https:/" or "htps://"); 0 when the
// address does not start with one. Only web schemes count, so that a
// "://" inside a password cannot be taken for the scheme's; and only when
// a "/" follows, so that "htt:pw@host" is read as a user "htt" with a
// password rather than as a slip of the scheme.
func schemeEnd(raw string) int {
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok || !(strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "http") || looksLikeHTTPS(scheme)) {
		return 0
	}
	if !strings.HasPrefix(rest, "/") {
		return 0
	}
	return len(scheme) + 1 + len(rest) - len(strings.TrimLeft(rest, "/"))
}

// HasPassword reports whether an address as typed carries a password.
func HasPassword(raw string) bool {
	_, _, _, ok := splitUserInfo(raw)
	return ok
}

// RedactURL is an address as typed, safe to print: user info with a
// password is replaced by "[redacted]", and the rest is sanitised.
func RedactURL(raw string) string {
	if prefix, _, rest, ok := splitUserInfo(raw); ok {
		raw = prefix + redactedUserInfo + "@" + rest
	}
	return Sanitize(raw)
}

// withoutUserInfo drops user info (with or without a password) from an
// address, for building suggestions from it.
func withoutUserInfo(raw string) string {
	if prefix, _, rest, ok := splitUserInfo(raw); ok {
		return prefix + rest
	}
	start := schemeEnd(raw)
	after := raw[start:]
	authorityEnd := strings.IndexAny(after, "/?#")
	if authorityEnd < 0 {
		authorityEnd = len(after)
	}
	if at := strings.LastIndexByte(after[:authorityEnd], '@'); at >= 0 && start > 0 {
		return raw[:start] + after[at+1:]
	}
	return raw
}

// DisplayHost is the host name of an address as typed, for headings; the
// redacted address when it names no host.
func DisplayHost(raw string) string {
	if u, err := url.Parse(strings.TrimSpace(withoutUserInfo(raw))); err == nil && u.Hostname() != "" {
		return Sanitize(u.Hostname())
	}
	return RedactURL(raw)
}
