package exchange_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/exchange/proxy"
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
		if sc.Autodiscover {
			continue // found by autodiscover: exchange/autodiscover's tests run these rows
		}
		t.Run(sc.Name, func(t *testing.T) {
			raw := sc.URL
			if raw == "" {
				raw = "https://" + sc.Host + ":" + port(sim.Addr()) + "/EWS/Exchange.asmx"
			}
			n := exchange.Network{Resolve: sim.Resolve(), Resolver: sim.Resolver(), RootCAs: sim.CAPool(), Timeout: 10 * time.Second}
			if sc.Expect == "connect-timeout" {
				n.Timeout = 500 * time.Millisecond // the slow host waits SlowDelay
			}
			if sc.Proxy != "" {
				p, err := proxy.New(sc.Proxy, proxy.SourceFlag) // Resolve maps the proxy's name to its listener
				if err != nil {
					t.Fatal(err)
				}
				n.Proxy = p
			}
			s := exchange.NewSession(raw, n, exchange.Credentials{Email: sc.Email, Login: sc.Username, Password: sc.Password})
			defer s.Close()
			ctx := context.Background()
			var lastErr error
			var warned *exchange.Problem // a connection that works, with a warning
			stepsRun := []func() error{
				func() error { _, err := s.CheckURL(); return err },
				func() error { _, err := s.LookupHost(ctx); return err },
				func() error { _, err := s.Connect(ctx); return err },
				func() error { _, err := s.Handshake(ctx); return err },
				func() error { _, err := s.ProbeEndpoint(ctx); return err },
				func() error {
					res, err := s.SignIn(ctx)
					if len(res.Warnings) > 0 {
						warned = res.Warnings[0]
					}
					return err
				},
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
			if got == "ok" && warned != nil {
				got, detail = string(warned.Code), warned.Detail
			}
			conns, hs := s.Stats()
			t.Logf("%s: %s [%s] conns=%d hs=%d server=%+v sugg=%+v", sc.Name, got, detail, conns, hs, s.Server(), s.Suggestions())
			if got != sc.Expect {
				t.Errorf("got %s (%s), want %s", got, detail, sc.Expect)
			}
			if lastErr == nil && (conns != 1 || hs != 1) {
				t.Errorf("healthy run used %d connections, %d handshakes", conns, hs)
			}
		})
	}
}

func port(addr string) string { return addr[strings.LastIndexByte(addr, ':')+1:] }

// Against the simulator: a malformed test recipient is the recipient's
// fault; grace's full mailbox and frank's missing Send As right are not.
func TestSimulatorRecipientAtFault(t *testing.T) {
	sim, err := exchangesim.Start(exchangesim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	tests := []struct {
		name, email, login, recipient string
		want                          exchange.Code
		atFault                       bool
	}{
		{"send, malformed test recipient", "alice@contoso.test", "", "helpdesk-at-contoso", exchange.CodeSendFailed, true},
		{"send, over quota", "grace@contoso.test", "", "", exchange.CodeSendFailed, false},
		{"send, no send as right", "sales@contoso.test", `CONTOSO\frank`, "", exchange.CodeSendAsDenied, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := exchange.Network{Resolve: sim.Resolve(), RootCAs: sim.CAPool(), Timeout: 5 * time.Second}
			raw := "https://mail.contoso.test:" + port(sim.Addr()) + "/EWS/Exchange.asmx"
			s := exchange.NewSession(raw, n, exchange.Credentials{Email: tt.email, Login: tt.login, Password: exchangesim.DemoPassword})
			defer s.Close()
			ctx := context.Background()
			if _, err := s.SignIn(ctx); err != nil {
				t.Fatal(err)
			}
			_, err := s.SendTestMessage(ctx, tt.recipient)
			p := exchange.AsProblem(err)
			if p == nil || p.Code != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
			if p.RecipientAtFault != tt.atFault {
				t.Errorf("RecipientAtFault = %v, want %v (%s)", p.RecipientAtFault, tt.atFault, p.Detail)
			}
		})
	}
}
