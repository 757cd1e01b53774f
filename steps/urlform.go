package steps

import "ewsconnect/exchange"

// CheckURLForm checks an address as the user types it, without touching the
// network: the problem (nil when the form is fine) and, for Outlook Web App
// and other wrong-path addresses, the EWS URL to offer instead.
func CheckURLForm(raw string) (*Problem, string) {
	if _, err := exchange.ParseEWSURL(raw); err != nil {
		return problemFrom(err), exchange.SuggestEWSURL(raw)
	}
	return nil, ""
}
