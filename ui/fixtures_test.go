package ui

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// The runs the screens are tested with are recorded in TestMain by running
// the real runner against the simulator, so that every summary, detail and
// suggestion is what the engine says. Only what changes from run to run is
// scrubbed: durations, ports and certificate dates.

const demoURL = "https://mail.contoso.test/EWS/Exchange.asmx"

var (
	healthy, authFailed, needsDomainLogin, owaURL, versionTooOld, tlsMismatch, untrusted,
	slowServer, sendAsDenied, sendQuota, ewsDisabled, passwordExpiring scenario

	demoAccounts []DemoAccount
	demoSent     = []DemoMessage{{
		From: "alice@contoso.test", Bcc: "alice@contoso.test", Subject: "ewsconnect test message",
		Time: time.Date(2026, 11, 27, 10, 42, 3, 0, time.UTC),
	}}
)

// fixtureSet is every recording the screens are tested with, in one
// language: a run in Polish is recorded in Polish, as the runner says it.
type fixtureSet struct {
	healthy, authFailed, needsDomainLogin, owaURL, versionTooOld, tlsMismatch, untrusted,
	slowServer, sendAsDenied, sendQuota, ewsDisabled, passwordExpiring, healthyDiscovered scenario
	demoAccounts                   []DemoAccount
	recordedFound, recordedNothing fakeFind
}

// recorded holds the recordings by language; useFixtures puts one set in
// the variables the tests read.
var recorded = map[i18n.Lang]*fixtureSet{}

// current is the set the tests' variables are.
func current() *fixtureSet {
	return &fixtureSet{healthy, authFailed, needsDomainLogin, owaURL, versionTooOld, tlsMismatch, untrusted,
		slowServer, sendAsDenied, sendQuota, ewsDisabled, passwordExpiring, healthyDiscovered,
		demoAccounts, recordedFound, recordedNothing}
}

// useFixtures makes the tests' variables the recordings in l.
func useFixtures(l i18n.Lang) {
	f := recorded[l]
	if f == nil {
		return // not recorded (recordFixtures failed and said why)
	}
	healthy, authFailed, needsDomainLogin, owaURL, versionTooOld, tlsMismatch, untrusted = f.healthy, f.authFailed, f.needsDomainLogin, f.owaURL, f.versionTooOld, f.tlsMismatch, f.untrusted
	slowServer, sendAsDenied, sendQuota, ewsDisabled, passwordExpiring, healthyDiscovered = f.slowServer, f.sendAsDenied, f.sendQuota, f.ewsDisabled, f.passwordExpiring, f.healthyDiscovered
	demoAccounts, recordedFound, recordedNothing = f.demoAccounts, f.recordedFound, f.recordedNothing
}

// recordFixtures records every scenario the tests use, in each language,
// and leaves the English recordings in the tests' variables.
func recordFixtures() error {
	for _, l := range []i18n.Lang{i18n.PL, i18n.EN} {
		if err := recordFixturesIn(l); err != nil {
			return err
		}
		recorded[l] = current()
	}
	return nil
}

// recordFixturesIn runs each scenario the tests use once, in l.
func recordFixturesIn(l i18n.Lang) error {
	sim, err := exchangesim.Start(exchangesim.Options{SlowDelay: 3 * time.Second})
	if err != nil {
		return err
	}
	defer sim.Close()
	rows := map[string]exchangesim.Scenario{}
	demoAccounts = nil
	for _, sc := range sim.Scenarios(false) {
		rows[sc.Name] = sc
		demoAccounts = append(demoAccounts, DemoAccount{Name: sc.Name, URL: firstNonEmpty(sc.URL, "https://"+sc.Host+"/EWS/Exchange.asmx"),
			Email: sc.Email, Username: sc.Username, Password: sc.Password, Expect: sc.Expect, About: i18n.T(l, "demo.about."+sc.Name),
			Warns: steps.WarningCodes[exchange.Code(sc.Expect)]})
	}
	record := func(name string, tweak func(*steps.Config)) (scenario, error) {
		row, ok := rows[name]
		if !ok {
			return scenario{}, fmt.Errorf("no demo scenario %q", name)
		}
		cfg := steps.Config{
			URL: firstNonEmpty(row.URL, "https://"+row.Host+"/EWS/Exchange.asmx"), Email: row.Email,
			Username: row.Username, Password: row.Password, Lang: l,
			Network: exchange.Network{Resolve: sim.Resolve(), Resolver: sim.Resolver(), RootCAs: sim.CAPool(), Timeout: time.Second},
		}
		if tweak != nil {
			tweak(&cfg)
		}
		rep := steps.NewRunner(cfg).RunAll(context.Background(), nil)
		if row.Expect != "ok" && !steps.WarningCodes[exchange.Code(row.Expect)] && (rep.Problem() == nil || string(rep.Problem().Code) != row.Expect) {
			return scenario{}, fmt.Errorf("%s: recorded %v, the simulator expects %s", name, rep.Problem(), row.Expect)
		}
		return scrub(rep), nil
	}
	for _, r := range []struct {
		into  *scenario
		name  string
		tweak func(*steps.Config)
	}{
		{&healthy, "healthy", nil},
		{&authFailed, "wrong-password", nil},
		{&needsDomainLogin, "needs-domain-login", nil},
		{&owaURL, "owa-url", nil},
		{&versionTooOld, "exchange-2010-sp1", nil},
		{&tlsMismatch, "wrong-cert-name", nil},
		{&untrusted, "unknown-ca", nil},
		{&slowServer, "slow-server", nil},
		{&sendAsDenied, "send-as-denied", nil},
		{&sendQuota, "send-failed", nil},
		{&ewsDisabled, "ews-disabled", nil},
		{&passwordExpiring, "password-expiring", nil},
	} {
		if *r.into, err = record(r.name, r.tweak); err != nil {
			return err
		}
	}
	recordErr = recordDiscoveries(sim, l)
	return nil
}

// Discoveries recorded from the real engine against the simulator: the
// healthy account found from its email address, the domain with nothing
// published, and the healthy run after the wizard's discovery. Until the
// engine and the simulator's autodiscover rows exist, recordErr says why
// they are missing, and the tests that need them fail with it (see
// needRecorded); the other tests do not depend on them.
var (
	recordedFound, recordedNothing fakeFind
	healthyDiscovered              scenario
	recordErr                      error
)

func recordDiscoveries(sim *exchangesim.Server, l i18n.Lang) error {
	network := exchange.Network{Resolve: sim.Resolve(), Resolver: sim.Resolver(), RootCAs: sim.CAPool(), Timeout: 2 * time.Second}
	discover := func(email string) (fakeFind, autodiscover.Result, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var events []autodiscover.Attempt
		var mu sync.Mutex
		res, prob, err := steps.Discover(ctx, steps.Config{Email: email, Password: demoPassword(sim), Network: network, Lang: l},
			func(a autodiscover.Attempt) {
				mu.Lock()
				events = append(events, scrubAttempt(l, a))
				mu.Unlock()
			})
		if err != nil {
			return fakeFind{}, res, err
		}
		mu.Lock()
		defer mu.Unlock()
		res.Attempts = nil
		return fakeFind{events: events, res: res, problem: prob}, res, nil
	}
	var res autodiscover.Result
	var err error
	if recordedFound, res, err = discover("alice@contoso.test"); err != nil {
		return err
	}
	if res.URL != demoURL || recordedFound.problem != nil {
		return fmt.Errorf("alice@contoso.test: found %q (problem %s), want %s", res.URL, problemLine(recordedFound.problem), demoURL)
	}
	if recordedNothing, _, err = discover("alice@proseware.test"); err != nil {
		return err
	}
	if p := recordedNothing.problem; p == nil || p.Code != exchange.CodeAutodiscoverNotFound {
		return fmt.Errorf("alice@proseware.test: problem %s, want %s", problemLine(p), exchange.CodeAutodiscoverNotFound)
	}
	cfg := steps.Config{URL: res.URL, Discovered: &res, Email: "alice@contoso.test", Password: demoPassword(sim), Network: network, Lang: l}
	healthyDiscovered = scrub(steps.NewRunner(cfg).RunAll(context.Background(), nil))
	if r := healthyDiscovered.results[0]; r.Status != steps.Pass {
		return fmt.Errorf("the runner did not report the discovery it was given: %+v", r)
	}
	return nil
}

func problemLine(p *steps.Problem) string {
	if p == nil {
		return "none"
	}
	return string(p.Code) + ": " + p.Detail
}

// demoPassword is the healthy row's password.
func demoPassword(sim *exchangesim.Server) string {
	for _, sc := range sim.Scenarios(false) {
		if sc.Name == "healthy" {
			return sc.Password
		}
	}
	return ""
}

// scrubAttempt makes a recorded attempt the same every time; what it saw
// is kept in words of l, the language it was recorded in.
func scrubAttempt(l i18n.Lang, a autodiscover.Attempt) autodiscover.Attempt {
	if a.Result != autodiscover.ResultRunning {
		a.Duration = 12 * time.Millisecond
	}
	a.Detail = fixed(l, a.DetailIn(l))
	a.Seen = i18n.Verbatim(a.Detail)
	return a
}

// fixed is s, in l, with the port of a real server and its dates made
// constant.
func fixed(l i18n.Lang, s string) string {
	s = portRE.ReplaceAllString(s, "127.0.0.1:443")
	return polishDateRE.ReplaceAllString(dateRE.ReplaceAllString(s, "2027-03-01"), i18n.Date(l, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)))
}

// needRecorded fails a test that needs the engine's recordings when they
// could not be made: it waits for the autodiscover engine, and says so.
func needRecorded(t *testing.T) {
	t.Helper()
	if recordErr != nil {
		t.Fatalf("waiting for the autodiscover engine and the simulator's autodiscover rows: %v", recordErr)
	}
}

var (
	portRE = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	dateRE = regexp.MustCompile(`\d{4}-\d{2}-\d{2}( \d{2}:\d{2} UTC)?`)
	// polishDateRE is a date as Polish writes it: "3 grudnia 2026, 11:36 UTC".
	polishDateRE = regexp.MustCompile(`\d{1,2} (stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia) \d{4}(, \d{2}:\d{2} UTC)?`)
)

// scrub makes a recorded run the same every time: fixed durations, the
// port of a real server, fixed dates.
func scrub(rep steps.Report) scenario {
	fix := func(s string) string { return fixed(rep.Lang, s) }
	sc := scenario{server: rep.Server, suggestions: rep.Suggestions, login: rep.Login, mailbox: rep.Mailbox, sentTo: rep.SentTo}
	for i, r := range rep.Steps {
		if r.Status != steps.Skip {
			r.Duration = time.Duration(3+i*7) * time.Millisecond
		}
		r.Summary, r.Note = fix(r.Summary), fix(r.Note)
		if r.Problem != nil {
			p := *r.Problem
			p.Detail = fix(p.Detail)
			r.Problem = &p
		}
		warnings := make([]*steps.Problem, len(r.Warnings))
		for i, w := range r.Warnings {
			c := *w
			c.Detail = fix(c.Detail)
			warnings[i] = &c
		}
		if len(warnings) > 0 {
			r.Warnings = warnings
		}
		sc.results = append(sc.results, r)
	}
	return sc
}

func index(id steps.ID) int {
	for i, x := range steps.Order {
		if x == id {
			return i
		}
	}
	panic(id)
}

// mustRecord is TestMain's: without the recordings no screen test can run.
func mustRecord() {
	if err := recordFixtures(); err != nil {
		fmt.Fprintln(os.Stderr, "recording the fixtures:", err)
		os.Exit(1)
	}
}
