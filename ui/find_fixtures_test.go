package ui

import (
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// Discoveries for the Find my server tests. The engine (autodiscover.Discover)
// is not written yet, so these are typed by hand after the contract's
// methods, results and codes; the problems come from the real catalog.
// recordDiscoveries (fixtures_test.go) records the real ones as soon as the
// engine and the simulator's autodiscover rows exist, and the tests named
// TestFindRecorded… use those.

const (
	rootXML  = "https://contoso.test/autodiscover/autodiscover.xml"
	autoXML  = "https://autodiscover.contoso.test/autodiscover/autodiscover.xml"
	autoJSON = "https://autodiscover.contoso.test/autodiscover/autodiscover.json/v1.0/alice@contoso.test?Protocol=EWS"
	autoHTTP = "http://autodiscover.contoso.test/autodiscover/autodiscover.xml"
)

func attempt(m autodiscover.Method, url string) autodiscover.Attempt {
	return autodiscover.Attempt{Method: m, URL: url}
}

// ended is a's end: its result, what was seen and how long it took.
func ended(a autodiscover.Attempt, result, detail string, ms int) autodiscover.Attempt {
	a.Result, a.Detail, a.Duration = result, detail, time.Duration(ms)*time.Millisecond
	return a
}

var (
	atRoot = attempt(autodiscover.MethodRootDomain, rootXML)
	atAuto = attempt(autodiscover.MethodAutodiscoverDomain, autoXML)
	atJSON = attempt(autodiscover.MethodJSONv2, autoJSON)
	atHTTP = attempt(autodiscover.MethodHTTPRedirect, autoHTTP)
)

// catalogProblem is code's problem as steps would make it, with detail.
func catalogProblem(code exchange.Code, detail string) *steps.Problem {
	e := steps.Lookup(code)
	return &steps.Problem{Code: code, Section: e.Section, SectionTitle: steps.SectionTitle(e.Section), Title: e.Title,
		Detail: detail, Fix: e.Fix, Field: exchange.NewProblem(code, nil, i18n.Msg{}).Field}
}

var (
	// findHealthy: the domain itself has no server; autodiscover.contoso.test
	// answers with the healthy demo server's EWS URL.
	findHealthy = fakeFind{
		events: []autodiscover.Attempt{
			atRoot, ended(atRoot, "dns-failed", "contoso.test has no address", 3),
			atAuto, ended(atAuto, autodiscover.ResultFound, "", 41),
		},
		res: autodiscover.Result{URL: demoURL, Method: autodiscover.MethodAutodiscoverDomain, Source: autoXML},
	}

	// findBlackholed: the domain itself never answers (a firewall drops the
	// packets); the unauthenticated probes run alongside, and the
	// autodiscover server is asked once the first candidate gave up.
	findBlackholedEvents = []autodiscover.Attempt{
		atRoot, atJSON, atHTTP,
		ended(atJSON, autodiscover.ResultNotFound, "404 Not Found", 12),
		ended(atHTTP, "connect-refused", "port 80 refused the connection", 2),
	}
	findBlackholedMidway = fakeFind{events: findBlackholedEvents, block: true}
	findBlackholed       = fakeFind{
		events: append(append([]autodiscover.Attempt(nil), findBlackholedEvents...),
			ended(atRoot, "connect-timeout", "no answer from contoso.test:443 within 10 s", 10000),
			atAuto, ended(atAuto, autodiscover.ResultFound, "", 41),
		),
		res: autodiscover.Result{URL: demoURL, Method: autodiscover.MethodAutodiscoverDomain, Source: autoXML},
	}

	// findInternal: autodiscover gives only the internal (EXCH) URL.
	findInternal = fakeFind{
		events: []autodiscover.Attempt{atRoot, ended(atRoot, "dns-failed", "contoso.test has no address", 3),
			atAuto, ended(atAuto, autodiscover.ResultFound, "", 41)},
		res: autodiscover.Result{URL: "https://exch01.corp.contoso.test/EWS/Exchange.asmx", Method: autodiscover.MethodAutodiscoverDomain,
			Source: autoXML, Internal: true},
	}

	// findConsent: the HTTP redirect method points to a hosting provider.
	findRedirect = fakeFind{
		events: []autodiscover.Attempt{
			atRoot, ended(atRoot, "dns-failed", "contoso.test has no address", 3),
			atAuto, ended(atAuto, "dns-failed", "autodiscover.contoso.test has no address", 2),
			atHTTP, ended(atHTTP, string(exchange.CodeAutodiscoverUnconfirmed), "302 to https://autodiscover.fabrikam-hosting.test/autodiscover/autodiscover.xml", 9),
		},
		res: autodiscover.Result{Consent: &autodiscover.Consent{
			Domain:   "fabrikam-hosting.test",
			URL:      "https://autodiscover.fabrikam-hosting.test/autodiscover/autodiscover.xml",
			CertName: "autodiscover.fabrikam-hosting.test",
			From:     autoHTTP,
		}},
		problem: catalogProblem(exchange.CodeAutodiscoverUnconfirmed, "autodiscover for contoso.test redirects to fabrikam-hosting.test"),
	}

	// findNothing: alice@proseware.test, whose domain publishes nothing.
	findNothing = fakeFind{
		events: []autodiscover.Attempt{
			attempt(autodiscover.MethodRootDomain, "https://proseware.test/autodiscover/autodiscover.xml"),
			attempt(autodiscover.MethodJSONv2, "https://autodiscover.proseware.test/autodiscover/autodiscover.json/v1.0/alice@proseware.test?Protocol=EWS"),
			ended(attempt(autodiscover.MethodJSONv2, "https://autodiscover.proseware.test/autodiscover/autodiscover.json/v1.0/alice@proseware.test?Protocol=EWS"),
				"dns-failed", "autodiscover.proseware.test has no address", 2),
			ended(attempt(autodiscover.MethodRootDomain, "https://proseware.test/autodiscover/autodiscover.xml"),
				"tls-name-mismatch", "the certificate names www.proseware.test", 18),
			attempt(autodiscover.MethodAutodiscoverDomain, "https://autodiscover.proseware.test/autodiscover/autodiscover.xml"),
			ended(attempt(autodiscover.MethodAutodiscoverDomain, "https://autodiscover.proseware.test/autodiscover/autodiscover.xml"),
				"dns-failed", "autodiscover.proseware.test has no address", 1),
			attempt(autodiscover.MethodHTTPRedirect, "http://autodiscover.proseware.test/autodiscover/autodiscover.xml"),
			ended(attempt(autodiscover.MethodHTTPRedirect, "http://autodiscover.proseware.test/autodiscover/autodiscover.xml"),
				"dns-failed", "autodiscover.proseware.test has no address", 1),
			attempt(autodiscover.MethodSRV, "_autodiscover._tcp.proseware.test"),
			ended(attempt(autodiscover.MethodSRV, "_autodiscover._tcp.proseware.test"), autodiscover.ResultNotFound, "no SRV record", 4),
		},
		problem: catalogProblem(exchange.CodeAutodiscoverNotFound, "no autodiscover method answered for proseware.test"),
	}

	// findInternalOnly: the internal URL does not resolve from here.
	findInternalOnly = fakeFind{
		events: []autodiscover.Attempt{atAuto, ended(atAuto, autodiscover.ResultFound, "", 41)},
		res:    autodiscover.Result{Method: autodiscover.MethodAutodiscoverDomain, Source: autoXML},
		problem: catalogProblem(exchange.CodeAutodiscoverInternalOnly,
			"autodiscover named only https://exch01.corp.contoso.test/EWS/Exchange.asmx, and exch01.corp.contoso.test has no address here"),
	}

	// findAuthFailed: the autodiscover server refused the password; its
	// NTLM challenge named the Windows domain.
	findAuthFailed = fakeFind{
		events: []autodiscover.Attempt{atRoot, ended(atRoot, "dns-failed", "contoso.test has no address", 3),
			atAuto, ended(atAuto, "auth-failed", "NTLM sign-in as alice@contoso.test refused (HTTP 401 Unauthorized)", 30)},
		res: autodiscover.Result{
			Server:      exchange.ServerInfo{NetBIOSDomain: "CONTOSO", AuthSchemes: []string{"Negotiate", "NTLM"}},
			Suggestions: exchange.Suggestions{Username: `CONTOSO\alice`},
		},
		problem: catalogProblem(exchange.CodeAuthFailed, "NTLM sign-in as alice@contoso.test refused by autodiscover.contoso.test (HTTP 401 Unauthorized); NetBIOS domain CONTOSO"),
	}
)
