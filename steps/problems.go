package steps

import "ewsconnect/exchange"

// The problem catalog's shape: each code's section of the help article and
// the steps of its fix, with the settings and administrator commands that
// carry them out. The words are in the language catalogs
// (../i18n/locales/*.toml): problem.<code>.title, and for the n-th step of
// a fix (from 1) problem.<code>.fix.<n>, followed or replaced by shared
// advice (advice.<name>). The help article's own advice comes first in
// each fix, reworded; what it misses (Exchange Online's end of password
// sign-in and of EWS, Extended Protection, certificate names in the SAN)
// follows.

// problemSpec is what the catalog knows about a code besides its words.
type problemSpec struct {
	section Section
	fix     []fixSpec
}

// fixSpec is one step of a fix. Its sentence is the step's own
// (problem.<code>.fix.<n>) when own is set, then the shared advice when
// advice is set.
type fixSpec struct {
	own     bool
	advice  string // a key of shared advice, e.g. adviceFindURL
	setting Setting
	command string // may hold {mailbox} and {login}; never translated
}

// Shared advice, said by several fixes.
const (
	adviceFindURL = "advice.find-url" // the article's way to find the EWS address
	adviceAskIT   = "advice.ask-it"   // the article's closing advice, for fixes that need an administrator
)

func own() fixSpec                      { return fixSpec{own: true} }
func advise(key string) fixSpec         { return fixSpec{advice: key} }
func ownThen(key string) fixSpec        { return fixSpec{own: true, advice: key} }
func ownSetting(s Setting) fixSpec      { return fixSpec{own: true, setting: s} }
func ownCommand(command string) fixSpec { return fixSpec{own: true, command: command} }

var problems = map[exchange.Code]problemSpec{
	// invalid-url
	exchange.CodeURLMalformed: {SectionInvalidURL, []fixSpec{own(), advise(adviceFindURL), advise(adviceAskIT)}},
	exchange.CodeURLNotHTTPS:  {SectionInvalidURL, []fixSpec{own(), own()}},
	exchange.CodeURLNotEWS:    {SectionInvalidURL, []fixSpec{own(), advise(adviceFindURL), advise(adviceAskIT)}},
	exchange.CodeURLOWA:       {SectionInvalidURL, []fixSpec{own(), own(), own()}},

	// autodiscover
	exchange.CodeAutodiscoverNotFound:     {SectionAutodiscover, []fixSpec{own(), ownThen(adviceFindURL), own()}},
	exchange.CodeAutodiscoverInternalOnly: {SectionAutodiscover, []fixSpec{own(), own(), advise(adviceAskIT)}},
	exchange.CodeAutodiscoverUnconfirmed:  {SectionAutodiscover, []fixSpec{own(), ownThen(adviceFindURL)}},
	exchange.CodeAutodiscoverLoop:         {SectionAutodiscover, []fixSpec{ownThen(adviceFindURL), own()}},

	// unsupported-version
	exchange.CodeVersionTooOld: {SectionUnsupportedVersion, []fixSpec{own(), own()}},

	// cannot-connect
	exchange.CodeDNSFailed:          {SectionCannotConnect, []fixSpec{own(), own(), advise(adviceAskIT)}},
	exchange.CodeConnectRefused:     {SectionCannotConnect, []fixSpec{own(), own(), advise(adviceAskIT)}},
	exchange.CodeConnectTimeout:     {SectionCannotConnect, []fixSpec{own(), own(), ownSetting(SettingTimeout)}},
	exchange.CodeProxyFailed:        {SectionCannotConnect, []fixSpec{own(), own(), own()}},
	exchange.CodeProxyAuthRequired:  {SectionCannotConnect, []fixSpec{own(), own(), own()}},
	exchange.CodeTLSNameMismatch:    {SectionCannotConnect, []fixSpec{own(), own(), own()}},
	exchange.CodeTLSUntrusted:       {SectionCannotConnect, []fixSpec{own(), own(), ownSetting(SettingCAFile), own()}},
	exchange.CodeTLSChainIncomplete: {SectionCannotConnect, []fixSpec{own(), own(), own()}},
	exchange.CodeTLSExpired:         {SectionCannotConnect, []fixSpec{own(), own()}},
	exchange.CodeTLSOldProtocol:     {SectionCannotConnect, []fixSpec{own(), own()}},
	exchange.CodeTLSWeakCert:        {SectionCannotConnect, []fixSpec{own(), own()}},
	exchange.CodeTLSFailed:          {SectionCannotConnect, []fixSpec{own(), own()}},
	exchange.CodeMailboxNoSMTP:      {SectionCannotConnect, []fixSpec{own(), own(), own()}},
	exchange.CodeMailboxMoved:       {SectionCannotConnect, []fixSpec{own(), own(), own()}},
	exchange.CodeServerBusy:         {SectionCannotConnect, []fixSpec{own(), own(), own()}},
	exchange.CodeServerError:        {SectionCannotConnect, []fixSpec{own(), own()}},

	// unauthorized
	exchange.CodeAuthFailed:         {SectionUnauthorized, []fixSpec{own(), own(), own(), own(), own()}},
	exchange.CodeAuthNTLMRefused:    {SectionUnauthorized, []fixSpec{own(), own(), own(), own()}},
	exchange.CodeAuthConnectionLost: {SectionUnauthorized, []fixSpec{own(), own(), own()}},
	exchange.CodeAuthChannelBinding: {SectionUnauthorized, []fixSpec{own(), own(), own()}},
	exchange.CodeAuthModernOnly: {SectionUnauthorized, []fixSpec{
		own(),
		ownCommand("Get-User -Identity {login} | Format-List AuthenticationPolicy"),
		own(),
	}},
	exchange.CodeAuthBasicDisabled: {SectionUnauthorized, []fixSpec{own(), own(), own()}},
	exchange.CodeEWSDisabled: {SectionUnauthorized, []fixSpec{
		own(),
		ownCommand("Set-CASMailbox -Identity {mailbox} -EWSEnabled $true"),
		ownCommand("Get-OrganizationConfig | Format-List EwsApplicationAccessPolicy,EwsAllowList,EwsBlockList"),
		own(),
	}},
	exchange.CodeMailboxAccessDenied: {SectionUnauthorized, []fixSpec{
		own(),
		own(),
		ownCommand("Add-MailboxPermission -Identity {mailbox} -User {login} -AccessRights FullAccess"),
	}},
	exchange.CodePasswordExpiring: {SectionUnauthorized, []fixSpec{own(), own()}},

	// test-email-failed
	exchange.CodeSendAsDenied: {SectionTestEmailFailed, []fixSpec{
		own(),
		ownCommand("Get-Mailbox -Identity {mailbox} | Add-ADPermission -User {login} -ExtendedRights 'Send As'"),
		ownCommand("Add-RecipientPermission -Identity {mailbox} -Trustee {login} -AccessRights SendAs"),
		ownCommand("Set-Mailbox -Identity {mailbox} -GrantSendOnBehalfTo @{Add={login}}"),
		own(),
		own(),
	}},
	exchange.CodeSendFailed: {SectionTestEmailFailed, []fixSpec{own(), own(), ownSetting(SettingNoSend)}},
}
