package exchange

import (
	"fmt"
	"strings"
)

// redacted replaces the password wherever Credentials are printed.
const redacted = "[redacted]"

// String shows the credentials without the password.
func (c Credentials) String() string {
	return fmt.Sprintf("{Email:%s Login:%s Password:%s}", c.Email, c.Login, c.maskedPassword())
}

// GoString is the %#v form, without the password.
func (c Credentials) GoString() string {
	return fmt.Sprintf("exchange.Credentials{Email:%q, Login:%q, Password:%q}", c.Email, c.Login, c.maskedPassword())
}

// Format makes every verb (%v, %+v, %#v, %s, %q, %x …) go through the
// redacting forms above, so that no format string can print the password.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}

func (c Credentials) maskedPassword() string {
	if c.Password == "" {
		return ""
	}
	return redacted
}

// splitLogin splits DOMAIN\user into its parts; a UPN or a bare name has an
// empty domain.
func splitLogin(login string) (domain, user string) {
	if d, u, ok := strings.Cut(login, `\`); ok {
		return d, u
	}
	return "", login
}

// localPart is the part of an email address before the @.
func localPart(email string) string {
	local, _, _ := strings.Cut(email, "@")
	return local
}
