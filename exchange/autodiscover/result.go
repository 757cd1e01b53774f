package autodiscover

import (
	"time"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// Method is how a candidate was found; the names are the contract's.
type Method string

// The methods of the contract, in Outlook's order of preference, then the
// redirects that autodiscover answers may ask for.
const (
	MethodRootDomain         Method = "https-root-domain"         // POST https://D/autodiscover/autodiscover.xml
	MethodAutodiscoverDomain Method = "https-autodiscover-domain" // POST https://autodiscover.D/autodiscover/autodiscover.xml
	MethodHTTPRedirect       Method = "http-redirect"             // GET http://autodiscover.D/autodiscover/autodiscover.xml, no credentials
	MethodSRV                Method = "srv"                       // _autodiscover._tcp.D
	MethodJSONv2             Method = "json-v2"                   // GET https://autodiscover.D/autodiscover/autodiscover.json/v1.0/EMAIL?Protocol=EWS
	MethodRedirectURL        Method = "redirect-url"              // a POX answer's redirectUrl
	MethodRedirectAddr       Method = "redirect-addr"             // a POX answer's redirectAddr: discovery again for another address
)

// The results of an attempt other than a problem code.
const (
	ResultFound    = "found"
	ResultNotFound = "not-found"
	ResultSkipped  = "skipped"
	ResultRunning  = "" // the attempt has started and not ended yet
)

// Attempt is one thing discovery tried, for the report and the wizard.
type Attempt struct {
	Method Method
	URL    string // the URL (or SRV name) tried, without user info
	// Result is ResultFound, ResultNotFound, ResultSkipped, a problem
	// code (e.g. "tls-name-mismatch"), or ResultRunning while it runs.
	Result string
	// Seen is what was seen, to be put into the reader's words
	// (DetailIn); Detail is the same in English, sanitised.
	Seen     i18n.Msg
	Detail   string
	Duration time.Duration
}

// DetailIn is what was seen, in l's words, sanitised.
func (a Attempt) DetailIn(l i18n.Lang) string {
	if a.Seen.IsZero() {
		return a.Detail
	}
	return exchange.Sanitize(a.Seen.In(l))
}

// Consent is a redirect to another registrable domain that needs the
// user's yes before the credentials go there.
type Consent struct {
	Domain   string // the registrable domain, e.g. "hosted-exchange.test"
	URL      string // where the credentials would be sent
	CertName string // the name on that server's certificate (verified without sending credentials)
	From     string // the URL whose answer pointed there
}

// Result is what discovery found. On failure it still holds every attempt
// and what was learned about the servers.
type Result struct {
	Email    string // the address discovery ended with (after redirectAddr, the new one)
	URL      string // the EWS URL found
	Method   Method // the method of the attempt that found it
	Source   string // the autodiscover URL that answered with it
	Internal bool   // URL is an internal (EXCH) URL: no external (EXPR) one was given
	Attempts []Attempt
	// Server and Suggestions are what the autodiscover servers' sign-in
	// taught (schemes, NetBIOS domain, a DOMAIN\user login to try).
	Server      exchange.ServerInfo
	Suggestions exchange.Suggestions
	// Consent is set when discovery stopped at a redirect to another
	// domain (exchange.CodeAutodiscoverUnconfirmed).
	Consent *Consent
}

// Options are one discovery's inputs.
type Options struct {
	Credentials exchange.Credentials // Email is the address to discover for
	Network     exchange.Network
	// AllowRedirect are the registrable domains (e.g. "hosted-exchange.test")
	// the user consented to send the credentials to: --allow-redirect.
	AllowRedirect []string
	// OnAttempt, when set, is called as each attempt starts (Result
	// ResultRunning) and ends, from any goroutine, one call at a time.
	OnAttempt func(Attempt)
}
