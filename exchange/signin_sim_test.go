package exchange_test

import (
	"context"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
)

// Each sign-in attempt may count against the account's lockout threshold:
// against every scenario of the simulator, which counts the requests that
// carry credentials (AUTHENTICATE messages, Basic), a check makes at most
// two (the second without a channel binding), and exactly one when the
// first is accepted.
func TestSimulatorSignInAttempts(t *testing.T) {
	sim, err := exchangesim.Start(exchangesim.Options{SlowDelay: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	// Where the first attempt is not accepted: how many the check makes.
	refused := map[string]int{
		"extended-protection-inspected": 2, // refused with the binding, accepted without
		"extended-protection-offload":   2,
		"wrong-password":                2,
		"needs-domain-login":            2,
		"exchange-online":               0, // OAuth only: no password is sent
		"ntlm-blocked":                  0, // no CHALLENGE: nothing was sent
		"no-affinity":                   0, // the CHALLENGE's connection closed
		"no-affinity-frontend":          1, // reached a server without its CHALLENGE: not retried
		"modern-auth-only":              0, // OAuth only: no password is sent
	}
	for _, sc := range sim.Scenarios(true) {
		if sc.Autodiscover {
			continue
		}
		t.Run(sc.Name, func(t *testing.T) {
			raw := sc.URL
			if raw == "" {
				raw = "https://" + sc.Host + ":" + port(sim.Addr()) + "/EWS/Exchange.asmx"
			}
			n := exchange.Network{Resolve: sim.Resolve(), Resolver: sim.Resolver(), RootCAs: sim.CAPool(), Timeout: 10 * time.Second}
			if sc.Expect == "connect-timeout" {
				n.Timeout = 500 * time.Millisecond
			}
			s := exchange.NewSession(raw, n, exchange.Credentials{Email: sc.Email, Login: sc.Username, Password: sc.Password})
			defer s.Close()
			before := sim.HostStats(sc.Host).SignIns
			ctx := context.Background()
			signedIn := false
			for _, run := range []func() error{
				func() error { _, err := s.CheckURL(); return err },
				func() error { _, err := s.LookupHost(ctx); return err },
				func() error { _, err := s.Connect(ctx); return err },
				func() error { _, err := s.Handshake(ctx); return err },
				func() error { _, err := s.ProbeEndpoint(ctx); return err },
				func() error { _, err := s.SignIn(ctx); signedIn = err == nil; return err },
				func() error { _, err := s.CheckVersion(ctx); return err },
				func() error { _, err := s.CheckMailbox(ctx); return err },
				func() error { _, err := s.SendTestMessage(ctx, ""); return err },
			} {
				if run() != nil {
					break
				}
			}
			got := sim.HostStats(sc.Host).SignIns - before
			want, ok := refused[sc.Name]
			switch {
			case ok:
			case signedIn:
				want = 1
			default:
				want = 0 // failed before the sign-in
			}
			if got != want || got > 2 {
				t.Errorf("%d sign-in attempts reached the server, want %d", got, want)
			}
		})
	}
}
