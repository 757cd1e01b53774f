package exchange

import (
	"fmt"
	"time"
)

// earliestPlausibleNow is a moment before this program existed: a clock
// that says an earlier date is wrong, whatever the certificate says.
var earliestPlausibleNow = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)

// notYetValidCause says which side is likely wrong when a certificate's
// validity starts after now (notBefore): this computer's clock, or a
// certificate installed (or issued) too early. Under a day apart, both are
// plausible: a clock a little behind, or a certificate issued minutes ago
// by a CA whose clock runs ahead.
func notYetValidCause(notBefore, now time.Time) string {
	ahead := notBefore.Sub(now)
	switch {
	case now.Before(earliestPlausibleNow):
		return "that date is before this program was made, so this computer's clock is wrong"
	case ahead < 24*time.Hour:
		return fmt.Sprintf("%s apart: either this computer's clock is behind, or the certificate was just issued by a CA whose clock is ahead (check this computer's clock first)", roughDuration(ahead))
	}
	return fmt.Sprintf("the certificate starts %s from now: most likely it was installed before its start date, unless this computer's date is wrong", roughDuration(ahead))
}

// roughDuration is d in the largest whole unit: "40 seconds", "1 minute",
// "23 hours", "3 days".
func roughDuration(d time.Duration) string {
	unit := func(n int64, name string) string {
		if n == 1 {
			return "1 " + name
		}
		return fmt.Sprintf("%d %ss", n, name)
	}
	switch {
	case d >= 48*time.Hour:
		return unit(int64(d/(24*time.Hour)), "day")
	case d >= time.Hour:
		return unit(int64(d/time.Hour), "hour")
	case d >= time.Minute:
		return unit(int64(d/time.Minute), "minute")
	}
	return unit(int64(d/time.Second), "second")
}
