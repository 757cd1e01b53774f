package ui

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/steps"
)

// The runs the screens are tested with are recorded in TestMain by running
// the real runner against the simulator, so that every summary, detail and
// suggestion is what the engine says. Only what changes from run to run is
// scrubbed: durations, ports and certificate dates.

const demoURL = "https://mail.contoso.test/EWS/Exchange.asmx"

var (
	healthy, authFailed, needsDomainLogin, owaURL, versionTooOld, tlsMismatch, untrusted,
	slowServer, sendAsDenied, sendQuota, ewsDisabled scenario

	demoAccounts []DemoAccount
	demoSent     = []DemoMessage{{
		From: "alice@contoso.test", Bcc: "alice@contoso.test", Subject: "ewsconnect test message",
		Time: time.Date(2026, 11, 27, 10, 42, 3, 0, time.UTC),
	}}
)

// recordFixtures runs each scenario the tests use once.
func recordFixtures() error {
	sim, err := exchangesim.Start(exchangesim.Options{SlowDelay: 3 * time.Second})
	if err != nil {
		return err
	}
	defer sim.Close()
	rows := map[string]exchangesim.Scenario{}
	for _, sc := range sim.Scenarios(false) {
		rows[sc.Name] = sc
		demoAccounts = append(demoAccounts, DemoAccount{Name: sc.Name, URL: firstNonEmpty(sc.URL, "https://"+sc.Host+"/EWS/Exchange.asmx"),
			Email: sc.Email, Username: sc.Username, Password: sc.Password, Expect: sc.Expect, About: sc.About})
	}
	record := func(name string, tweak func(*steps.Config)) (scenario, error) {
		row, ok := rows[name]
		if !ok {
			return scenario{}, fmt.Errorf("no demo scenario %q", name)
		}
		cfg := steps.Config{
			URL: firstNonEmpty(row.URL, "https://"+row.Host+"/EWS/Exchange.asmx"), Email: row.Email,
			Username: row.Username, Password: row.Password,
			Network: exchange.Network{Resolve: sim.Resolve(), Resolver: sim.Resolver(), RootCAs: sim.CAPool(), Timeout: time.Second},
		}
		if tweak != nil {
			tweak(&cfg)
		}
		rep := steps.NewRunner(cfg).RunAll(context.Background(), nil)
		if row.Expect != "ok" && (rep.Problem() == nil || string(rep.Problem().Code) != row.Expect) {
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
	} {
		if *r.into, err = record(r.name, r.tweak); err != nil {
			return err
		}
	}
	return nil
}

var (
	portRE = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	dateRE = regexp.MustCompile(`\d{4}-\d{2}-\d{2}( \d{2}:\d{2} UTC)?`)
)

// scrub makes a recorded run the same every time: fixed durations, the
// port of a real server, fixed dates.
func scrub(rep steps.Report) scenario {
	fix := func(s string) string {
		return dateRE.ReplaceAllString(portRE.ReplaceAllString(s, "127.0.0.1:443"), "2027-03-01")
	}
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
