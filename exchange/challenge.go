package exchange

import (
	"strings"
)

// challenge is one WWW-Authenticate challenge: a scheme with either a
// token (NTLM/Negotiate carry base64 messages) or parameters.
type challenge struct {
	Scheme string // as sent, e.g. "NTLM", "Basic"
	Token  string // token68, e.g. the NTLM CHALLENGE message
	Params string // the raw auth-params, e.g. `realm="mail.contoso.com"`
}

// parseChallenges reads every challenge from every WWW-Authenticate
// value. One value may hold several challenges separated by commas (EXO
// sends `Bearer client_id="…", …,Basic Realm=""`), and a parameter value may
// itself contain commas inside quotes.
func parseChallenges(values []string) []challenge {
	var out []challenge
	for _, v := range values {
		for _, item := range splitOutsideQuotes(v, ',') {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			first, rest, _ := strings.Cut(item, " ")
			if strings.Contains(first, "=") || len(out) > 0 && isParamContinuation(first) {
				// An auth-param of the previous challenge.
				if len(out) > 0 {
					last := &out[len(out)-1]
					last.Params = strings.TrimPrefix(last.Params+", "+item, ", ")
				}
				continue
			}
			c := challenge{Scheme: first}
			rest = strings.TrimSpace(rest)
			if isToken68(rest) {
				c.Token = rest
			} else {
				c.Params = rest
			}
			out = append(out, c)
		}
	}
	return out
}

// isParamContinuation reports a piece that cannot be a scheme name because
// it carries a quote (a parameter value that was split at a comma).
func isParamContinuation(s string) bool { return strings.ContainsAny(s, `"`) }

// isToken68 reports a base64-like token (RFC 7235 token68), as opposed to
// name=value parameters. Trailing '=' padding is allowed, inner '=' is not.
func isToken68(s string) bool {
	if s == "" {
		return false
	}
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for _, r := range body {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~+/", r)) {
			return false
		}
	}
	return true
}

// splitOutsideQuotes splits s at sep where sep is not inside "quotes".
func splitOutsideQuotes(s string, sep rune) []string {
	var parts []string
	start, quoted, escaped := 0, false, false
	for i, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && quoted:
			escaped = true
		case r == '"':
			quoted = !quoted
		case r == sep && !quoted:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// schemeNames are the distinct scheme names, in the order offered.
func schemeNames(cs []challenge) []string {
	var names []string
	seen := map[string]bool{}
	for _, c := range cs {
		key := strings.ToLower(c.Scheme)
		if !seen[key] {
			seen[key] = true
			names = append(names, c.Scheme)
		}
	}
	return names
}

// offers reports whether scheme is among the challenges.
func offers(cs []challenge, scheme string) bool {
	for _, c := range cs {
		if strings.EqualFold(c.Scheme, scheme) {
			return true
		}
	}
	return false
}

// tokenFor returns the token of the first challenge of scheme that has
// one: the server's NTLM CHALLENGE message.
func tokenFor(cs []challenge, scheme string) string {
	for _, c := range cs {
		if strings.EqualFold(c.Scheme, scheme) && c.Token != "" {
			return c.Token
		}
	}
	return ""
}
