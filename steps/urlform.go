package steps

import (
	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// URLForm is what the address field says about an address as it is typed,
// without touching the network.
type URLForm struct {
	// Use is the EWS URL that will be checked: the address itself, or the
	// EWS URL completed from a bare server name. Empty when the address
	// has a problem.
	Use string
	// Problem is what is wrong with the address, with its Suggestion (the
	// EWS URL on the same server, for an Outlook Web App address, say).
	Problem    *Problem
	Suggestion string
	// Email: an email address was typed where the server's belongs.
	Email bool
}

// CheckURLForm judges an address as the user types it, its problem in
// English.
func CheckURLForm(raw string) URLForm { return CheckURLFormIn(i18n.EN, raw) }

// CheckURLFormIn is CheckURLForm with the problem in l.
func CheckURLFormIn(l i18n.Lang, raw string) URLForm {
	if completed, ok := exchange.CompleteEWSURL(raw); ok {
		return URLForm{Use: completed}
	}
	u, err := exchange.ParseEWSURL(raw)
	if err != nil {
		return URLForm{Problem: problemFrom(err, Config{Lang: l}), Suggestion: exchange.SuggestEWSURL(raw), Email: exchange.LooksLikeEmail(raw)}
	}
	return URLForm{Use: u.String()}
}
