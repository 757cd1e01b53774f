package main

import (
	"context"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/steps"
)

// simulatedRTT is the link BenchmarkHealthyCheckOverWAN simulates: every
// answer of the simulator waits this long, a connection's first answer
// twice as long (its TCP handshake).
const simulatedRTT = 100 * time.Millisecond

// BenchmarkHealthyCheck is a full healthy check against the simulator on
// loopback: TCP, TLS, endpoint, NTLM sign-in, version, mailbox and the test
// message, through a relay that counts the round trips the client waits
// for (see roundTripRelay). It reports them with the connections and TLS
// handshakes each check cost the server. Run with:
// go test -run '^$' -bench HealthyCheck .
func BenchmarkHealthyCheck(b *testing.B) {
	sim, err := exchangesim.Start(exchangesim.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	relay := startRelay(b, sim.Addr())
	cfg := healthyConfig(b, sim, relay.Addr())
	before := sim.Stats()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep := steps.NewRunner(cfg).RunAll(context.Background(), nil)
		if !rep.OK() {
			b.Fatalf("healthy check failed: %+v", rep.Problem())
		}
	}
	b.StopTimer()
	after := sim.Stats()
	trips, _ := relay.Counts()
	b.ReportMetric(float64(trips)/float64(b.N), "round-trips/check")
	b.ReportMetric(float64(after.Connections-before.Connections)/float64(b.N), "conns/check")
	b.ReportMetric(float64(after.Handshakes-before.Handshakes)/float64(b.N), "handshakes/check")
}

// BenchmarkHealthyCheckOverWAN is the same check over a simulated 100 ms
// round-trip link, reporting its wall time in round trips: what a user far
// from the server waits.
func BenchmarkHealthyCheckOverWAN(b *testing.B) {
	sim, err := exchangesim.Start(exchangesim.Options{Latency: simulatedRTT})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	cfg := healthyConfig(b, sim, sim.Addr())
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		rep := steps.NewRunner(cfg).RunAll(context.Background(), nil)
		if !rep.OK() {
			b.Fatalf("healthy check failed: %+v", rep.Problem())
		}
	}
	took := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(took)/float64(simulatedRTT)/float64(b.N), "wall-round-trips/check")
}

// healthyConfig is the healthy row's check, connecting to addr for the
// row's host (the simulator or a relay in front of it).
func healthyConfig(tb testing.TB, sim *exchangesim.Server, addr string) steps.Config {
	tb.Helper()
	return steps.Config{
		URL: "https://mail.contoso.test/EWS/Exchange.asmx", Email: "alice@contoso.test",
		Password: demoPassword(tb, sim),
		Network: exchange.Network{
			Resolve: map[string]string{"mail.contoso.test": addr},
			RootCAs: sim.CAPool(), Timeout: 5 * time.Second,
		},
	}
}

func demoPassword(tb testing.TB, sim *exchangesim.Server) string {
	for _, sc := range sim.Scenarios(false) {
		if sc.Name == "healthy" {
			return sc.Password
		}
	}
	tb.Fatal("no healthy scenario")
	return ""
}
