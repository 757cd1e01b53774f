package ui

import (
	"time"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// The runs below are what the engine reports for the demo's scenarios,
// written out so that screens can be rendered without a server.

const demoURL = "https://mail.contoso.test/EWS/Exchange.asmx"

var passSummaries = map[steps.ID]string{
	steps.URL:      demoURL,
	steps.DNS:      "127.0.0.1 (set by --resolve)",
	steps.Connect:  "connected to 127.0.0.1:443",
	steps.TLS:      "certificate for mail.contoso.test, valid to 2027-03-01",
	steps.Endpoint: "EWS answers; offers Negotiate, NTLM",
	steps.Auth:     `signed in as alice@contoso.test (NTLM)`,
	steps.Version:  "Exchange Server 2019 CU14 (15.2.1544.4)",
	steps.Mailbox:  "alice@contoso.test (Alice Wilson)",
	steps.Send:     "sent from alice@contoso.test, BCC alice@contoso.test",
}

// run builds a scenario that passes every step before failAt (an index of
// steps.Order; len(steps.Order) for none), fails there with p, and skips
// the rest.
func run(failAt int, p *steps.Problem) scenario {
	var sc scenario
	for i, id := range steps.Order {
		r := steps.Result{ID: id, Duration: time.Duration(3+i*7) * time.Millisecond}
		switch {
		case i < failAt:
			r.Status, r.Summary = steps.Pass, passSummaries[id]
		case i == failAt:
			r.Status, r.Problem = steps.Fail, p
		default:
			r.Status, r.Note, r.Duration = steps.Skip, "not run: an earlier step failed", 0
		}
		sc.results = append(sc.results, r)
	}
	sc.server = exchange.ServerInfo{AuthSchemes: []string{"Negotiate", "NTLM"}, NetBIOSDomain: "CONTOSO"}
	if failAt > 5 {
		sc.server.AuthUsed = "NTLM"
		sc.login = "alice@contoso.test"
	}
	if failAt > 6 {
		sc.server.Version, sc.server.Build = "Exchange Server 2019 CU14", "15.2.1544.4"
	}
	if failAt > 7 {
		sc.mailbox = "alice@contoso.test"
	}
	if failAt > 8 {
		sc.sentTo = "alice@contoso.test"
	}
	return sc
}

func problem(code exchange.Code, field exchange.Field, detail string) *steps.Problem {
	e := steps.Lookup(code)
	return &steps.Problem{
		Code: code, Section: e.Section, SectionTitle: steps.SectionTitle(e.Section),
		Title: e.Title, Detail: detail, Fix: e.Fix, Field: field,
	}
}

func index(id steps.ID) int {
	for i, x := range steps.Order {
		if x == id {
			return i
		}
	}
	panic(id)
}

var (
	healthy = run(len(steps.Order), nil)

	authFailed = func() scenario {
		sc := run(index(steps.Auth), problem(exchange.CodeAuthFailed, exchange.FieldCredentials,
			"HTTP 401 Unauthorized for alice@contoso.test with NTLM; the server offers Negotiate, NTLM and named its Windows domain CONTOSO"))
		sc.suggestions.Username = `CONTOSO\alice`
		return sc
	}()

	owaURL = func() scenario {
		sc := run(index(steps.URL), problem(exchange.CodeURLOWA, exchange.FieldURL,
			`https://mail.contoso.test/owa/ is an Outlook Web App address (path "/owa/"), not the EWS address`))
		sc.suggestions.URL = demoURL
		return sc
	}()

	versionTooOld = func() scenario {
		sc := run(index(steps.Version), problem(exchange.CodeVersionTooOld, exchange.FieldServer,
			"ServerVersionInfo 14.1.218.15 (Exchange 2010 SP1); the response was ErrorInvalidServerVersion"))
		sc.server.Version, sc.server.Build = "Exchange 2010 SP1", "14.1.218.15"
		return sc
	}()

	tlsMismatch = run(index(steps.TLS), problem(exchange.CodeTLSNameMismatch, exchange.FieldURL,
		"the certificate names exch01.contoso.local, autodiscover.contoso.local; not wrongname.contoso.test"))

	sendAsDenied = run(index(steps.Send), problem(exchange.CodeSendAsDenied, exchange.FieldServer,
		"CreateItem answered ErrorSendAsDenied: The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account."))

	demoAccounts = []DemoAccount{
		{Name: "healthy", URL: demoURL, Email: "alice@contoso.test", Password: "Demo-pass-1", Expect: "ok", About: "Exchange 2019 CU14, NTLM; everything works and a test message is sent"},
		{Name: "owa-url", URL: "https://mail.contoso.test/owa/", Email: "alice@contoso.test", Password: "Demo-pass-1", Expect: "url-owa", About: "the Outlook Web App address was entered instead of the EWS address"},
		{Name: "wrong-password", URL: demoURL, Email: "alice@contoso.test", Password: "wrong-pass", Expect: "auth-failed", About: "the password is wrong"},
		{Name: "needs-domain-login", URL: demoURL, Email: "bob@contoso.test", Password: "Demo-pass-1", Expect: "auth-failed", About: `bob's sign-in name is bob@corp.contoso.local, so the email address is not a login; CONTOSO\bob is`},
		{Name: "domain-login", URL: demoURL, Email: "bob@contoso.test", Username: `CONTOSO\bob`, Password: "Demo-pass-1", Expect: "ok", About: `signing in as DOMAIN\user, which works`},
		{Name: "exchange-2010-sp1", URL: "https://ex2010.contoso.test/EWS/Exchange.asmx", Email: "alice@contoso.test", Password: "Demo-pass-1", Expect: "version-too-old", About: "Exchange 2010 SP1 is too old"},
		{Name: "slow-server", URL: "https://slow.contoso.test/EWS/Exchange.asmx", Email: "alice@contoso.test", Password: "Demo-pass-1", Expect: "connect-timeout", About: "the server takes longer than the timeout to answer"},
		{Name: "wrong-cert-name", URL: "https://wrongname.contoso.test/EWS/Exchange.asmx", Email: "alice@contoso.test", Password: "Demo-pass-1", Expect: "tls-name-mismatch", About: "the certificate names only internal names"},
		{Name: "send-as-denied", URL: demoURL, Email: "sales@contoso.test", Username: `CONTOSO\frank`, Password: "Demo-pass-1", Expect: "send-as-denied", About: "frank may open the shared sales mailbox but has no Send As right on it"},
	}

	demoSent = []DemoMessage{{
		From: "alice@contoso.test", Bcc: "alice@contoso.test", Subject: "ewsconnect test message",
		Time: time.Date(2026, 11, 27, 10, 42, 3, 0, time.UTC),
	}}
)
