package main

import (
	"context"
	"testing"
	"time"

	"ewsconnect/exchange/exchangesim"
	"ewsconnect/steps"
)

// BenchmarkHealthyCheck is a full healthy check against the simulator on
// loopback: DNS override, TCP, TLS, endpoint, NTLM sign-in, version,
// mailbox and the test message. It also reports the connections and TLS
// handshakes each check cost the server.
func BenchmarkHealthyCheck(b *testing.B) {
	sim, err := exchangesim.Start(exchangesim.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	d := &demoServer{sim}
	cfg := steps.Config{
		URL: "https://mail.contoso.test/EWS/Exchange.asmx", Email: "alice@contoso.test",
		Password: demoPassword(b, sim), Network: d.network(5*time.Second, nil),
	}
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
	b.ReportMetric(float64(after.Connections-before.Connections)/float64(b.N), "conns/check")
	b.ReportMetric(float64(after.Handshakes-before.Handshakes)/float64(b.N), "handshakes/check")
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
