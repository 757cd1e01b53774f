package main

import (
	"context"
	"testing"

	"ewsconnect/exchange/exchangesim"
	"ewsconnect/steps"
)

// healthyRoundTrips is what a healthy check with the test message may
// wait for: TCP, TLS 1.3, the endpoint probe (which brings the NTLM
// CHALLENGE), the AUTHENTICATE with GetFolder on the named mailbox (which
// also proves the mailbox and carries the version), the password-expiry
// question, and CreateItem. Issue #9: 5, plus 1 for the expiry question.
const healthyRoundTrips = 6

// A healthy check keeps to one connection, one TLS handshake and its
// round-trip budget, counted on the wire (see roundTripRelay).
func TestHealthyCheckRoundTrips(t *testing.T) {
	sim, err := exchangesim.Start(exchangesim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	relay := startRelay(t, sim.Addr())
	before := sim.Stats()
	rep := steps.NewRunner(healthyConfig(t, sim, relay.Addr())).RunAll(context.Background(), nil)
	if !rep.OK() {
		t.Fatalf("healthy check failed: %+v", rep.Problem())
	}
	after := sim.Stats()
	trips, conns := relay.Counts()
	if trips > healthyRoundTrips || conns != 1 {
		t.Errorf("%d round trips on %d connections, want at most %d on 1", trips, conns, healthyRoundTrips)
	}
	if hs := after.Handshakes - before.Handshakes; hs != 1 {
		t.Errorf("%d TLS handshakes, want 1", hs)
	}
	if in := after.SignIns - before.SignIns; in != 1 {
		t.Errorf("%d sign-in attempts, want 1", in)
	}
}
