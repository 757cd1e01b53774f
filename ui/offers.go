package ui

import (
	"fmt"
	"strings"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// offer is one way on from an outcome that changes something and checks
// again: the screen shows it with its key, the plain mode as a numbered
// choice. The offers come in the order most likely to help, and a
// suggestion says why it is made.
type offer struct {
	key   string // the wizard's key
	label string // short, for the key help: "re-enter the password"
	menu  string // the plain mode's choice: "Re-enter the password and check again"
	why   string // why a suggestion is made, shown beside it
	msg   any    // what choosing it sends to the root
}

// menuLine is the offer as the plain mode lists it: the choice, and why
// it is suggested in brackets.
func (o offer) menuLine() string {
	if o.why == "" {
		return o.menu
	}
	return o.menu + " (" + o.why + ")"
}

// offersFor lists the offers of an outcome. accepted holds the logins
// that already signed in to this server in this session: the server knows
// those names, so a DOMAIN\user form of them is no help.
func offersFor(rep steps.Report, cfg steps.Config, accepted map[string]bool) []offer {
	p := rep.Problem()
	if p == nil {
		if p = rep.SkippedProblem(); p != nil {
			return partialOffers(p)
		}
		return nil
	}
	var out []offer
	// found: the problem is Find my server's; trying again is searching
	// again, and the address is the user's to enter.
	found := failedAt(rep) == steps.Autodiscover
	login := loginSuggestion(rep, cfg, accepted)
	urlSugg := rep.Suggestions.URL
	if urlSugg == cfg.URL {
		urlSugg = ""
	}
	passwordMenu, loginMenuFmt := tx.OfferPasswordMenu, tx.OfferUseLoginMenuFmt
	if found {
		passwordMenu, loginMenuFmt = tx.OfferPasswordFindMenu, tx.OfferUseLoginFindMenuFmt
	}
	loginOffer := func(login, domain string) offer {
		o := loginOffer(login, domain)
		o.menu = fmt.Sprintf(loginMenuFmt, login)
		return o
	}
	switch p.Field {
	case exchange.FieldCredentials:
		out = append(out, offer{key: "e", label: tx.OfferPassword, menu: passwordMenu, msg: editMsg{editPassword}})
		if login != "" {
			out = append(out, loginOffer(login, rep.Server.NetBIOSDomain))
		}
	case exchange.FieldUsername:
		out = append(out, offer{key: "e", label: tx.OfferLogin, menu: tx.OfferLoginMenu, msg: editMsg{editLogin}})
		if login != "" {
			out = append(out, loginOffer(login, rep.Server.NetBIOSDomain))
		}
	case exchange.FieldURL:
		if urlSugg != "" {
			out = append(out, offer{key: "u", label: fmt.Sprintf(tx.OfferUseURLFmt, urlSugg), menu: fmt.Sprintf(tx.OfferUseURLMenuFmt, urlSugg),
				why: tx.OfferUseURLWhy, msg: applyMsg{url: urlSugg}})
		}
		if found {
			out = append(out, offer{key: "e", label: tx.OfferURLYourself, menu: tx.OfferURLYourselfMenu, msg: editMsg{editURL}})
		} else {
			out = append(out, offer{key: "e", label: tx.OfferURL, menu: tx.OfferURLMenu, msg: editMsg{editURL}})
		}
	case exchange.FieldNone:
		if found && p.Section == steps.SectionAutodiscover {
			out = append(out, offer{key: "e", label: tx.OfferURLYourself, menu: tx.OfferURLYourselfMenu, msg: editMsg{editURL}})
		}
	}
	if found && p.Field != exchange.FieldURL && !(p.Field == exchange.FieldNone && p.Section == steps.SectionAutodiscover) {
		// Whatever stopped the search, the address can be typed: u, as
		// on Find my server.
		out = append(out, offer{key: "u", label: tx.OfferURLYourself, menu: tx.OfferURLYourselfMenu, msg: editMsg{editURL}})
	}
	if p.RecipientAtFault {
		out = append(out, offer{key: "e", label: tx.OfferRecipient, menu: tx.OfferRecipientMenu, msg: editMsg{editRecipient}})
	}
	if p.HasSetting(steps.SettingTimeout) {
		more := longerTimeout(cfg.Network.Timeout)
		out = append(out, offer{key: "t", label: fmt.Sprintf(tx.OfferTimeoutFmt, int(more.Seconds())),
			menu: tx.n("ui.offer.timeout-menu", int(more.Seconds())), msg: settingMsg{steps.SettingTimeout}})
	}
	if p.HasSetting(steps.SettingCAFile) {
		out = append(out, offer{key: "a", label: tx.OfferCAFile, menu: tx.OfferCAFileMenu, msg: editMsg{editCAFile}})
	}
	if p.HasSetting(steps.SettingNoSend) || p.Section == steps.SectionTestEmailFailed {
		out = append(out, offer{key: "k", label: tx.OfferSkipSend, menu: tx.OfferSkipSendMenu, msg: settingMsg{steps.SettingNoSend}})
	}
	if found {
		return append(out, offer{key: "r", label: tx.OfferSearchAgain, menu: tx.OfferSearchAgainMenu, msg: retryMsg{}})
	}
	return append(out, offer{key: "r", label: tx.OfferRetry, menu: tx.OfferRetryMenu, msg: retryMsg{}})
}

// partialOffers are the ways on when everything but sending works.
func partialOffers(p *steps.Problem) []offer {
	var out []offer
	if p.RecipientAtFault {
		out = append(out, offer{key: "e", label: tx.OfferRecipient, menu: tx.OfferRecipientMenu, msg: editMsg{editRecipient}})
	}
	return append(out, offer{key: "r", label: tx.OfferSendAgain, menu: tx.OfferSendAgainMenu, msg: sendAgainMsg{}})
}

// loginSuggestion is the DOMAIN\user login to offer, or "": none when the
// login that failed is one the server accepted before (its name is known
// there, so the password is the likelier cause).
func loginSuggestion(rep steps.Report, cfg steps.Config, accepted map[string]bool) string {
	s := rep.Suggestions.Username
	tried := firstNonEmpty(cfg.Username, cfg.Email)
	if s == "" || strings.EqualFold(s, cfg.Username) || accepted[acceptedKey(cfg, tried)] {
		return ""
	}
	return s
}

func loginOffer(login, domain string) offer {
	why := ""
	if domain != "" {
		why = fmt.Sprintf(tx.OfferLoginWhyFmt, domain)
	}
	return offer{key: "d", label: fmt.Sprintf(tx.OfferUseLoginFmt, login), menu: fmt.Sprintf(tx.OfferUseLoginMenuFmt, login),
		why: why, msg: applyMsg{username: login}}
}

// acceptedKey names a login on a server, for the set of logins that
// signed in.
func acceptedKey(cfg steps.Config, login string) string {
	return strings.ToLower(exchange.DisplayHost(cfg.URL) + "|" + login)
}

// longerTimeout is the time per step the "more time" offer gives: 30 s, or
// double what failed when that was already 30 s or more.
func longerTimeout(current time.Duration) time.Duration {
	if current < 30*time.Second {
		return 30 * time.Second
	}
	return 2 * current
}
