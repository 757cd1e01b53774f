package exchangesim

import (
	"strings"
	"time"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "Demo-Pa55word!"

// wrongPassword is the password the wrong-password scenario types.
const wrongPassword = "Wrong-Pa55word!"

const netBIOSDomain = "CONTOSO"

// account is a directory entry with its mailbox. SMTP "" is a mailbox
// without an SMTP address; login false is a shared mailbox nobody signs in
// to.
type account struct {
	sam, upn, smtp, displayName string
	login                       bool
	org                         string   // the NetBIOS domain it belongs to; "" is CONTOSO
	aliases                     []string // more addresses: UPN suffixes it may sign in with, proxy SMTP addresses
	ewsDisabled                 bool     // Set-CASMailbox -EwsEnabled $false
	sendQuotaExceeded           bool     // ProhibitSendQuota reached
	fullAccess                  []string // SMTP addresses of mailboxes it may open
	sendAs                      []string // SMTP addresses it may send as
	// movedToCloud: the mailbox was moved to Exchange Online; the
	// directory keeps the account and its address (a RemoteUserMailbox),
	// but no database here holds the mailbox.
	movedToCloud bool
	// storeUnavailable: the mailbox's database is dismounted (failing
	// over), so the mailbox cannot be opened for now.
	storeUnavailable bool
	// throttle is the account's EWS throttling, or nil (see throttle.go).
	throttle *throttling
}

// directory is the demo organisation, CONTOSO / contoso.test.
var directory = []account{
	// alice@sales.contoso.test is an alternative UPN suffix and proxy
	// address of alice's account (the sales division's old domain).
	{sam: "alice", upn: "alice@contoso.test", smtp: "alice@contoso.test", displayName: "Alice Wilson", login: true,
		aliases: []string{"alice@sales.contoso.test"}},
	// bob's UPN suffix is the old internal domain, so bob@contoso.test is no login.
	{sam: "bob", upn: "bob@corp.contoso.local", smtp: "bob@contoso.test", displayName: "Bob Lee", login: true},
	{sam: "carol", upn: "carol@contoso.test", smtp: "carol@contoso.test", displayName: "Carol Diaz", login: true, ewsDisabled: true},
	{sam: "dave", upn: "dave@contoso.test", smtp: "", displayName: "Dave Novak", login: true},
	{sam: "frank", upn: "frank@contoso.test", smtp: "frank@contoso.test", displayName: "Frank Miller", login: true,
		fullAccess: []string{"sales@contoso.test"}},
	{sam: "grace", upn: "grace@contoso.test", smtp: "grace@contoso.test", displayName: "Grace Kim", login: true, sendQuotaExceeded: true},
	{sam: "erin", upn: "erin@contoso.test", smtp: "erin@contoso.test", displayName: "Erin Sato", login: true}, // password expires soon: password_expiry.go
	{sam: "sales", upn: "sales@contoso.test", smtp: "sales@contoso.test", displayName: "Sales"},
	// support is a shared mailbox nobody was given Full Access to.
	{sam: "support", upn: "support@contoso.test", smtp: "support@contoso.test", displayName: "Support"},
	{sam: "henry", upn: "henry@contoso.test", smtp: "henry@contoso.test", displayName: "Henry Park", login: true, movedToCloud: true},
	{sam: "ivan", upn: "ivan@contoso.test", smtp: "ivan@contoso.test", displayName: "Ivan Petrov", login: true, storeUnavailable: true},
	// judy's first EWS request on each connection is throttled briefly;
	// kevin's are all, with the back-off of a real capture (exchangelib's
	// tests), about five minutes; laura's are all, briefly.
	{sam: "judy", upn: "judy@contoso.test", smtp: "judy@contoso.test", displayName: "Judy Chen", login: true,
		throttle: &throttling{backOff: 300 * time.Millisecond, first: 1}},
	{sam: "kevin", upn: "kevin@contoso.test", smtp: "kevin@contoso.test", displayName: "Kevin Walsh", login: true,
		throttle: &throttling{backOff: 297749 * time.Millisecond}},
	{sam: "laura", upn: "laura@contoso.test", smtp: "laura@contoso.test", displayName: "Laura Rossi", login: true,
		throttle: &throttling{backOff: 300 * time.Millisecond}},
}

// organisation is one Active Directory domain with its Exchange
// organisation. CONTOSO is the demo's own; the others are other companies,
// each with its own registrable domain, for the autodiscover scenarios.
type organisation struct {
	netbios, dns, computer string
}

var organisations = []organisation{
	{netBIOSDomain, demoDomain, "EXCH01"},
	{"FABRIKAM", "fabrikam.test", "FAB-EX01"},
	{"TAILSPIN", "tailspin.test", "TS-EX01"},
	{"NORTHWIND", "northwind.test", "NW-EX01"},
	{"ADATUM", "adatum.test", "ADT-EX01"},
	{"HOSTEDMAIL", "hostedmail.test", "HM-CAS07"}, // a hosting provider: adatum.test's mailboxes live here
	{"FOURTHCOFFEE", "fourthcoffee.test", "FC-EX01"},
	{"WINGTIP", "wingtip.test", "WT-EX01"},
	{"LITWARE", "litware.test", "LW-EX01"},
	{"MARGIES", "margiestravel.test", "MT-EX01"},
	{"PROSEWARE", "proseware.test", "PW-EX01"},
}

// findOrganisation returns the organisation with the NetBIOS or DNS
// domain name, or nil.
func findOrganisation(name string) *organisation {
	for i := range organisations {
		if strings.EqualFold(name, organisations[i].netbios) || strings.EqualFold(name, organisations[i].dns) {
			return &organisations[i]
		}
	}
	return nil
}

// otherDirectory holds the accounts of the other organisations, one per
// domain, each signing in by its UPN, which is also its SMTP address.
var otherDirectory = []account{
	{org: "FABRIKAM", sam: "alice", upn: "alice@fabrikam.test", smtp: "alice@fabrikam.test", displayName: "Alice Fabre", login: true},
	{org: "TAILSPIN", sam: "alice", upn: "alice@tailspin.test", smtp: "alice@tailspin.test", displayName: "Alice Tan", login: true},
	{org: "NORTHWIND", sam: "alice", upn: "alice@northwind.test", smtp: "alice@northwind.test", displayName: "Alice North", login: true},
	// adatum.test's mailboxes are hosted by hostedmail.test, whose
	// directory holds the account under the customer's own UPN.
	{org: "HOSTEDMAIL", sam: "adatum-alice", upn: "alice@adatum.test", smtp: "alice@adatum.test", displayName: "Alice Adams", login: true},
	// Hybrid: the on-premises account of a mailbox moved to Exchange Online.
	{org: "FOURTHCOFFEE", sam: "alice", upn: "alice@fourthcoffee.test", smtp: "alice@fourthcoffee.test", displayName: "Alice Coffey", login: true,
		aliases: []string{"alice@fourthcoffee.mail.onmicrosoft.com"}},
	{org: "WINGTIP", sam: "alice", upn: "alice@wingtip.test", smtp: "alice@wingtip.test", displayName: "Alice Wing", login: true},
	{org: "LITWARE", sam: "alice", upn: "alice@litware.test", smtp: "alice@litware.test", displayName: "Alice Little", login: true},
	{org: "MARGIES", sam: "alice", upn: "alice@margiestravel.test", smtp: "alice@margiestravel.test", displayName: "Alice Margolis", login: true},
	{org: "PROSEWARE", sam: "alice", upn: "alice@proseware.test", smtp: "alice@proseware.test", displayName: "Alice Prose", login: true},
}

// allAccounts lists every account of every organisation, CONTOSO's first.
func allAccounts() []*account {
	out := make([]*account, 0, len(directory)+len(otherDirectory))
	for i := range directory {
		out = append(out, &directory[i])
	}
	for i := range otherDirectory {
		out = append(out, &otherDirectory[i])
	}
	return out
}

// orgName is the NetBIOS name of the account's organisation.
func (a *account) orgName() string {
	if a.org == "" {
		return netBIOSDomain
	}
	return a.org
}

// findLogin returns the CONTOSO server's view of a login: see findLoginAt.
func findLogin(domain, user string) *account { return findLoginAt(netBIOSDomain, domain, user) }

// findLoginAt returns the account for a login as sent to a server of the
// organisation org: domain "" with a UPN (of any organisation: the forests
// trust each other), domain "" with a bare name (in org), or a NetBIOS/DNS
// domain with a sAMAccountName.
func findLoginAt(org, domain, user string) *account {
	domain, user = strings.ToLower(domain), strings.ToLower(user)
	if domain == "" && strings.Contains(user, "@") {
		for _, a := range allAccounts() {
			if a.login && (user == a.upn || contains(a.aliases, user)) {
				return a
			}
		}
		return nil
	}
	if domain == "" {
		domain = org
	}
	o := findOrganisation(domain)
	if o == nil {
		return nil
	}
	for _, a := range allAccounts() {
		if a.login && a.orgName() == o.netbios && user == a.sam {
			return a
		}
	}
	return nil
}

// splitLogin splits a Basic user name into domain and user the way IIS
// does: DOMAIN\user, or the whole name.
func splitLogin(login string) (domain, user string) {
	if d, u, ok := strings.Cut(login, `\`); ok {
		return d, u
	}
	return "", login
}

// findMailbox returns the mailbox with the SMTP address addr.
func findMailbox(addr string) *account {
	addr = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(addr, "smtp:"), "SMTP:"))
	for _, a := range allAccounts() {
		if a.smtp != "" && a.smtp == addr {
			return a
		}
	}
	return nil
}

// findRecipient returns the mailbox that receives mail for addr: by its
// SMTP address or one of its proxy addresses, as autodiscover looks
// addresses up.
func findRecipient(addr string) *account {
	addr = strings.ToLower(strings.TrimSpace(addr))
	for _, a := range allAccounts() {
		if a.smtp != "" && (a.smtp == addr || contains(a.aliases, addr)) {
			return a
		}
	}
	return nil
}

// isSelf reports whether addr names a's own mailbox, by SMTP address or UPN.
func (a *account) isSelf(addr string) bool {
	addr = strings.ToLower(addr)
	return addr == a.upn || a.smtp != "" && addr == a.smtp
}

func (a *account) mayOpen(addr string) bool   { return a.isSelf(addr) || contains(a.fullAccess, addr) }
func (a *account) maySendAs(addr string) bool { return a.isSelf(addr) || contains(a.sendAs, addr) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
