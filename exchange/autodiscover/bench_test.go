package autodiscover_test

import (
	"context"
	"testing"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/exchange/exchangesim"
)

// roundTrip is the simulated link: every answer of the simulator (DNS,
// TLS, HTTP) waits this long, and a new connection's first answer twice
// as long (its TCP handshake).
const roundTrip = 100 * time.Millisecond

// BenchmarkDiscoverRoundTrips counts what one discovery costs against the
// simulator over a 100 ms round-trip link: wall time in round trips on
// the critical path, TCP connections, sign-ins and DNS questions. Run
// with: go test -run '^$' -bench DiscoverRoundTrips ./exchange/autodiscover
func BenchmarkDiscoverRoundTrips(b *testing.B) {
	for _, bc := range []struct{ name, email string }{
		{"found-at-autodiscover-domain", "alice@contoso.test"},
		{"bare-domain-blackholes", "alice@margiestravel.test"},
		{"http-redirect-method", "alice@tailspin.test"},
		{"srv", "alice@northwind.test"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			sim, n := startSim(b, roundTrip)
			opts := autodiscover.Options{
				Credentials: exchange.Credentials{Email: bc.email, Password: exchangesim.DemoPassword},
				Network:     n,
			}
			before, queries := sim.Stats(), len(sim.DNSQueries())
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				if _, err := autodiscover.Discover(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
			took := time.Since(start)
			b.StopTimer()
			after := sim.Stats()
			perOp := func(v int) float64 { return float64(v) / float64(b.N) }
			b.ReportMetric(float64(took)/float64(roundTrip)/float64(b.N), "round-trips/op")
			b.ReportMetric(perOp(after.Connections-before.Connections), "conns/op")
			b.ReportMetric(perOp(after.SignIns-before.SignIns), "sign-ins/op")
			b.ReportMetric(perOp(len(sim.DNSQueries())-queries), "dns-questions/op")
		})
	}
}
