package exchangesim

import "strings"

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
	ewsDisabled                 bool     // Set-CASMailbox -EwsEnabled $false
	sendQuotaExceeded           bool     // ProhibitSendQuota reached
	fullAccess                  []string // SMTP addresses of mailboxes it may open
	sendAs                      []string // SMTP addresses it may send as
}

// directory is the demo organisation, CONTOSO / contoso.test.
var directory = []account{
	{sam: "alice", upn: "alice@contoso.test", smtp: "alice@contoso.test", displayName: "Alice Wilson", login: true},
	// bob's UPN suffix is the old internal domain, so bob@contoso.test is no login.
	{sam: "bob", upn: "bob@corp.contoso.local", smtp: "bob@contoso.test", displayName: "Bob Lee", login: true},
	{sam: "carol", upn: "carol@contoso.test", smtp: "carol@contoso.test", displayName: "Carol Diaz", login: true, ewsDisabled: true},
	{sam: "dave", upn: "dave@contoso.test", smtp: "", displayName: "Dave Novak", login: true},
	{sam: "frank", upn: "frank@contoso.test", smtp: "frank@contoso.test", displayName: "Frank Miller", login: true,
		fullAccess: []string{"sales@contoso.test"}},
	{sam: "grace", upn: "grace@contoso.test", smtp: "grace@contoso.test", displayName: "Grace Kim", login: true, sendQuotaExceeded: true},
	{sam: "sales", upn: "sales@contoso.test", smtp: "sales@contoso.test", displayName: "Sales"},
}

// findLogin returns the account for a login as sent: domain "" with a UPN
// or a bare name, or the NetBIOS/DNS domain with a sAMAccountName.
func findLogin(domain, user string) *account {
	domain, user = strings.ToLower(domain), strings.ToLower(user)
	if domain != "" && domain != strings.ToLower(netBIOSDomain) && domain != demoDomain {
		return nil
	}
	for i := range directory {
		a := &directory[i]
		if !a.login {
			continue
		}
		if user == a.sam || domain == "" && user == a.upn {
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
	for i := range directory {
		if directory[i].smtp != "" && directory[i].smtp == addr {
			return &directory[i]
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
