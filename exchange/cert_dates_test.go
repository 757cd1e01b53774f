package exchange

import (
	"crypto/x509"
	"strings"
	"testing"
	"time"
)

// A certificate not valid yet names both times and the side that is
// likely wrong; an expired one keeps its wording.
func TestCheckDates(t *testing.T) {
	now := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name                string
		notBefore, notAfter time.Time
		now                 time.Time
		detail              []string
		absent              []string
	}{
		{name: "issued minutes ahead of this computer's clock", notBefore: now.Add(10 * time.Minute), notAfter: now.AddDate(1, 0, 0), now: now,
			detail: []string{"not valid before 2026-03-01 12:10 UTC; this computer's clock says 2026-03-01 12:00 UTC", "10 minutes apart", "this computer's clock is behind", "a CA whose clock is ahead"}},
		{name: "valid from tomorrow", notBefore: now.Add(23*time.Hour + 59*time.Minute), notAfter: now.AddDate(1, 0, 0), now: now,
			detail: []string{"not valid before 2026-03-02 11:59 UTC", "23 hours apart", "check this computer's clock first"}},
		{name: "valid from next week", notBefore: now.AddDate(0, 0, 7), notAfter: now.AddDate(1, 0, 0), now: now,
			detail: []string{"not valid before 2026-03-08 12:00 UTC", "starts 7 days from now", "installed before its start date"}, absent: []string{"clock is behind"}},
		{name: "this computer's clock is years behind", notBefore: now.AddDate(0, 0, -1), notAfter: now.AddDate(1, 0, 0), now: time.Date(2019, time.June, 1, 0, 0, 0, 0, time.UTC),
			detail: []string{"this computer's clock says 2019-06-01 00:00 UTC", "so this computer's clock is wrong"}, absent: []string{"installed"}},
		{name: "expired", notBefore: now.AddDate(-1, 0, 0), notAfter: now.AddDate(0, 0, -30), now: now,
			detail: []string{"the certificate expired on 2026-01-30 12:00 UTC (valid from 2025-03-01 12:00 UTC)"}, absent: []string{"not valid before"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := checkDates(&x509.Certificate{NotBefore: tt.notBefore, NotAfter: tt.notAfter}, tt.now)
			if p == nil || p.Code != CodeTLSExpired || p.Field != FieldServer {
				t.Fatalf("got %+v, want tls-expired for the server", p)
			}
			wantDetail(t, p, tt.detail...)
			for _, claim := range tt.absent {
				if strings.Contains(p.Detail, claim) {
					t.Errorf("detail %q claims %q", p.Detail, claim)
				}
			}
		})
	}
	if p := checkDates(&x509.Certificate{NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}, now); p != nil {
		t.Errorf("a certificate in date: %v", p)
	}
}

func TestRoughDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		unit string
		n    int
	}{
		{40 * time.Second, "seconds", 40},
		{time.Second, "seconds", 1},
		{90 * time.Second, "minutes", 1},
		{59*time.Minute + 59*time.Second, "minutes", 59},
		{time.Hour, "hours", 1},
		{47 * time.Hour, "hours", 47},
		{48 * time.Hour, "days", 2},
		{400 * 24 * time.Hour, "days", 400},
	}
	for _, tt := range tests {
		if unit, n := roughDuration(tt.d); unit != tt.unit || n != tt.n {
			t.Errorf("roughDuration(%v) = %d %s, want %d %s", tt.d, n, unit, tt.n, tt.unit)
		}
	}
}
