package exchange

import (
	"time"

	"ewsconnect/i18n"
)

// earliestPlausibleNow is a moment before this program existed: a clock
// that says an earlier date is wrong, whatever the certificate says.
var earliestPlausibleNow = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)

// notYetValidCause says which side is likely wrong when a certificate's
// validity starts after now (notBefore): this computer's clock, or a
// certificate installed (or issued) too early. Under a day apart, both are
// plausible: a clock a little behind, or a certificate issued minutes ago
// by a CA whose clock runs ahead.
func notYetValidCause(notBefore, now time.Time) i18n.Msg {
	ahead := notBefore.Sub(now)
	unit, n := roughDuration(ahead)
	switch {
	case now.Before(earliestPlausibleNow):
		return i18n.M("seen.tls.clock-wrong")
	case ahead < 24*time.Hour:
		return i18n.MN("seen.tls.clock-or-ca."+unit, n)
	}
	return i18n.MN("seen.tls.installed-early."+unit, n) // hours (24 to 47) or days
}

// roughDuration is d in its largest whole unit: 40 "seconds", 1 "minutes",
// 23 "hours", 3 "days" (from 48 hours). The unit names a plural text of
// its own for each sentence, so that a language can decline the number
// as the sentence needs ("1 minuta", "za 24 godziny").
func roughDuration(d time.Duration) (unit string, n int) {
	switch {
	case d >= 48*time.Hour:
		return "days", int(d / (24 * time.Hour))
	case d >= time.Hour:
		return "hours", int(d / time.Hour)
	case d >= time.Minute:
		return "minutes", int(d / time.Minute)
	}
	return "seconds", int(d / time.Second)
}
