package autodiscover

import (
	"net"
	"strings"

	"golang.org/x/net/publicsuffix"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// emailDomain is the domain D of an address, lower-cased, and why it
// cannot be used for discovery (nothing, IsZero, when it can). Candidates are only ever
// built from D itself: a D that is a public suffix (com, co.uk, or an
// unlisted TLD such as test) or has no dot is refused before any request,
// so that no autodiscover.<TLD> host can ever be asked.
func emailDomain(email string) (domain string, why i18n.Msg) {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 || at == len(email)-1 {
		return "", i18n.M("seen.autodiscover.address.no-domain")
	}
	if strings.ContainsAny(email[:at], " \t\r\n/\\?#<>\"") || strings.IndexFunc(email, isControl) >= 0 {
		return "", i18n.M("seen.autodiscover.address.bad-characters")
	}
	d := strings.ToLower(strings.TrimSuffix(email[at+1:], "."))
	hostProblem := exchange.HostProblem(d)
	switch {
	case strings.HasPrefix(d, "[") || net.ParseIP(d) != nil:
		return "", i18n.M("seen.autodiscover.address.ip")
	case !hostProblem.IsZero():
		return "", i18n.M("seen.autodiscover.address.bad-domain", i18n.Data{"Problem": hostProblem})
	case !strings.Contains(d, "."):
		return "", i18n.M("seen.autodiscover.address.no-dot", i18n.Data{"Domain": d})
	}
	if suffix, _ := publicsuffix.PublicSuffix(d); suffix == d {
		return "", i18n.M("seen.autodiscover.address.public-suffix", i18n.Data{"Domain": d})
	}
	return d, i18n.Msg{}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// registrable is the registrable domain of host (contoso.test for
// autodiscover.contoso.test), or the host itself when it has none (an IP
// address, a public suffix).
func registrable(host string) string {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if net.ParseIP(h) != nil {
		return h
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(h); err == nil {
		return d
	}
	return h
}

// microsoft365Suffixes are the domains of Microsoft 365's autodiscover and
// EWS hosts and of its tenants' routing addresses.
var microsoft365Suffixes = []string{"outlook.com", "office365.com", "onmicrosoft.com"}

// isMicrosoft365 reports a host (or an address's domain) of Exchange
// Online: never connected to, as it takes no password for EWS.
func isMicrosoft365(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if exchange.IsExchangeOnlineHost(h) {
		return true
	}
	for _, s := range microsoft365Suffixes {
		if h == s || strings.HasSuffix(h, "."+s) {
			return true
		}
	}
	return false
}
