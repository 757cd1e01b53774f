package exchange_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
)

// Every scenario of the simulator, run through the Session the way the
// steps do, must end with the code the scenario expects.
func TestSimulatorScenarios(t *testing.T) {
	sim, err := exchangesim.Start(exchangesim.Options{SlowDelay: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	for _, sc := range sim.Scenarios(true) {
		t.Run(sc.Name, func(t *testing.T) {
			raw := sc.URL
			if raw == "" {
				raw = "https://" + sc.Host + ":" + port(sim.Addr()) + "/EWS/Exchange.asmx"
			}
			n := exchange.Network{Resolve: sim.Resolve(), Resolver: sim.Resolver(), RootCAs: sim.CAPool(), Timeout: 10 * time.Second}
			if sc.Expect == "connect-timeout" {
				n.Timeout = 500 * time.Millisecond // the slow host waits SlowDelay
			}
			s := exchange.NewSession(raw, n, exchange.Credentials{Email: sc.Email, Login: sc.Username, Password: sc.Password})
			defer s.Close()
			ctx := context.Background()
			var lastErr error
			stepsRun := []func() error{
				func() error { _, err := s.CheckURL(); return err },
				func() error { _, err := s.LookupHost(ctx); return err },
				func() error { _, err := s.Connect(ctx); return err },
				func() error { _, err := s.Handshake(ctx); return err },
				func() error { _, err := s.ProbeEndpoint(ctx); return err },
				func() error { _, err := s.SignIn(ctx); return err },
				func() error { _, err := s.CheckVersion(ctx); return err },
				func() error { _, err := s.CheckMailbox(ctx); return err },
				func() error { _, err := s.SendTestMessage(ctx, ""); return err },
			}
			for _, run := range stepsRun {
				if lastErr = run(); lastErr != nil {
					break
				}
			}
			got := "ok"
			detail := ""
			if lastErr != nil {
				p := exchange.AsProblem(lastErr)
				if p == nil {
					t.Fatalf("not a problem: %v", lastErr)
				}
				got, detail = string(p.Code), p.Detail
			}
			conns, hs := s.Stats()
			t.Logf("%s: %s [%s] conns=%d hs=%d server=%+v sugg=%+v", sc.Name, got, detail, conns, hs, s.Server(), s.Suggestions())
			if got != sc.Expect {
				t.Errorf("got %s (%s), want %s", got, detail, sc.Expect)
			}
			if got == "ok" && (conns != 1 || hs != 1) {
				t.Errorf("healthy run used %d connections, %d handshakes", conns, hs)
			}
		})
	}
}

func port(addr string) string { return addr[strings.LastIndexByte(addr, ':')+1:] }
