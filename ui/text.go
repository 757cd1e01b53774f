package ui

import (
	"strings"

	"ewsconnect/i18n"
)

// uiText holds every user-facing string the wizard itself writes, in one
// language, read from the i18n catalog (keys ui.<area>.<name>) by textFor.
// Problem titles, fixes and step names come from the steps catalog. Strings
// named ...Fmt are fmt formats: each language's text has the same verbs
// (a test checks it). A text whose number the language inflects ("3 more",
// "8 checks ok") is no field but a plural key, read with tx.n.
type uiText struct {
	AppName, AppTagline string
	StepOfFmt           string   // "step 1 of 4"
	FlowSteps           []string // the names of flowScreens, in order

	// Welcome
	WelcomeTitle, WelcomeIntro string
	WelcomeWhatHappens         string
	WelcomePlan                []string // what each of FlowSteps does
	WelcomeNeedHeading         string
	WelcomeNeed                []string
	WelcomeGivenHeading        string
	GivenMark                  string // "(given)"
	DemoTitle, DemoIntro       string
	DemoColumns                [4]string
	DemoExpectOK               string
	DemoAddressFound           string

	// Server
	ServerLabel, ServerPlaceholder string
	ServerRequired                 string
	ServerLooksRight               string
	ServerWillUseFmt               string // "Will use %s."
	ServerIsEmail                  string
	ServerUseInsteadFmt            string // "Use %s instead?"
	ServerPressTabFmt              string // "press %s to use it"
	ServerFixFirst                 string
	ServerFindHeading              string
	ServerFind                     []string
	ServerNotFoundNote             string

	// Find my server
	FindTitleFmt, FindIntro, FindStarting     string
	FindManualHintFmt, FindTried              string
	MethodNames                               map[string]string // short, for the attempt lines
	MethodFoundBy                             map[string]string // for "How" on the found screen
	AttemptResults                            map[string]string // found, not-found, skipped, "" (running)
	FoundTitle, FoundFrom, FoundHow, FoundFor string
	FoundInternal, FoundAskFmt                string
	ConsentTitle, ConsentWhyFmt               string
	ConsentDomain, ConsentURL, ConsentCert    string
	ConsentFrom, ConsentNoCert, ConsentAdvice string
	ConsentAskFmt                             string

	// Sign in
	EmailLabel, EmailPlaceholder             string
	PasswordLabel, PasswordRetype            string
	CustomLoginToggle, LoginLabel, LoginHint string
	LoginPlaceholder                         string
	EmailRequired, PasswordRequired          string
	LoginRequired                            string
	GivenFmt                                 string // "%s: %s (from the command line)"
	PasswordGiven                            string
	SignInNextFmt                            string

	// Test message
	TestIntro, RecipientLabel, SkipSendToggle string
	RecipientRequired, SkipSendNote           string
	SkipAfterFailureNoteFmt                   string

	// CA file
	CAFileTitle, CAFileIntro, CAFileLabel, CAFilePlaceholder string
	CAFileRequired, CAFileNote, CAFileTrustedFmt             string

	// Checks
	ChecksTitleFmt, ChecksDoneTitleFmt, ChecksStepFmt string
	StatusWords                                       map[string]string // pass, fail, warn, skip, running, waiting
	ElapsedFmt                                        string            // "%d s (gives up after %d s)"
	ChecksStopped                                     string

	// Problem
	ProblemCodeFmt                string
	WhatWeSaw, HowToFix, NoDetail string
	WhatYouCanDo                  string
	PressParenFmt                 string // "(press %s)"

	// Offers: a short label for the key help, a sentence for the plain menu.
	OfferPassword, OfferPasswordMenu       string
	OfferLogin, OfferLoginMenu             string
	OfferURL, OfferURLMenu                 string
	OfferRecipient, OfferRecipientMenu     string
	OfferUseLoginFmt, OfferUseLoginMenuFmt string
	OfferLoginWhyFmt                       string
	OfferUseURLFmt, OfferUseURLMenuFmt     string
	OfferUseURLWhy                         string
	OfferTimeoutFmt                        string
	OfferCAFile, OfferCAFileMenu           string
	OfferSkipSend, OfferSkipSendMenu       string
	OfferSendAgain, OfferSendAgainMenu     string
	OfferRetry, OfferRetryMenu             string
	OfferURLYourself, OfferURLYourselfMenu string
	OfferSearchAgain, OfferSearchAgainMenu string
	OfferPasswordFindMenu                  string
	OfferUseLoginFindMenuFmt               string

	// Success, and the partial success when only sending failed
	SuccessTitle, SuccessIntro                     string
	PartialTitle, PartialIntroFmt                  string
	PartialWhyHeading                              string
	SettingURL, SettingLogin, SettingExchange      string
	SettingMailbox, SettingTest                    string
	TestSentFmt, TestSkipped, TestFailedSkippedFmt string
	Warnings                                       string
	DemoSentHeading, DemoSentNone, DemoSentRowFmt  string

	// Reports
	ReportSavedFmt, ReportSaveFailedFmt, ReportCopied string
	ReportWrittenFmt, CommandsCopied                  string

	// Keys: each is {key label, description}
	KeyPick, KeyOwn, KeyStartDemo                                        [2]string
	KeyNext, KeyStart, KeyBack, KeyTabField, KeyShiftTabField, KeyToggle [2]string
	KeyAccept, KeyHelp, KeyQuit, KeyQuitNow, KeyStop, KeyScroll          [2]string
	KeyCancel, KeyCheckAgain, KeySave, KeyCopy, KeySteps, KeyAnother     [2]string
	KeyPan                                                               [2]string
	KeyUseFound, KeyEditFound, KeySearchAgain, KeyManualURL              [2]string
	KeyAllow, KeyDeny                                                    [2]string
	KeyAllowFmt, KeyBackToFind                                           string
	KeyCopyCommands, MoreBelow                                           string
	TrailSkippedAfterFailure                                             string

	// Plain (line prompt) mode
	PlainIntro, PlainPromptURL, PlainPromptEmail, PlainPromptPassword string
	PlainDemoPromptFmt, PlainDemoChosenFmt                            string
	PlainPromptCustomLogin, PlainPromptLogin, PlainPromptSend         string
	PlainPromptRecipient, PlainUseSuggestionFmt, PlainChoose          string
	PlainChooseFmt, PlainRunning, PlainEOF                            string
	PlainInvalidChoice                                                string
	PlainActionSave, PlainActionShow, PlainActionQuit                 string
	PlainActionAnother                                                string
	PlainPasswordEcho                                                 string
	PlainPipedWindowsTerminal                                         string
	PlainHintYes, PlainHintNo                                         string   // "[Y/n]", "[y/N]": the default in capitals
	PlainYesWords, PlainNoWords                                       []string // the answers read as yes and as no
	PlainFindingFmt, PlainFoundFmt, PlainFoundFromFmt                 string
	PlainUseFound, PlainAllowFmt                                      string
	Interrupted                                                       string

	lang i18n.Lang // the language of these texts, for n
}

// textFor is the wizard's texts in l (English for "" or a language without
// a catalog).
func textFor(l i18n.Lang) *uiText {
	t := func(key string) string { return i18n.T(l, key) }
	ts := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = t(k)
		}
		return out
	}
	return &uiText{
		lang:                l,
		AppName:             "ewsconnect", // a name or an example, the same in every language
		AppTagline:          t("ui.app.tagline"),
		StepOfFmt:           t("ui.app.step-of"),
		FlowSteps:           ts("ui.app.flow-steps.1", "ui.app.flow-steps.2", "ui.app.flow-steps.3", "ui.app.flow-steps.4"),
		WelcomeTitle:        t("ui.welcome.title"),
		WelcomeIntro:        t("ui.welcome.intro"),
		WelcomeWhatHappens:  t("ui.welcome.what-happens"),
		WelcomePlan:         ts("ui.welcome.plan.1", "ui.welcome.plan.2", "ui.welcome.plan.3", "ui.welcome.plan.4"),
		WelcomeNeedHeading:  t("ui.welcome.need-heading"),
		WelcomeNeed:         ts("ui.welcome.need.1", "ui.welcome.need.2"),
		WelcomeGivenHeading: t("ui.welcome.given-heading"),
		GivenMark:           t("ui.welcome.given-mark"),
		DemoTitle:           t("ui.welcome.demo-title"),
		DemoIntro:           t("ui.welcome.demo-intro"),
		DemoColumns:         [4]string{t("ui.welcome.demo-columns.1"), t("ui.welcome.demo-columns.2"), t("ui.welcome.demo-columns.3"), t("ui.welcome.demo-columns.4")},
		DemoExpectOK:        t("ui.welcome.demo-expect-ok"),
		DemoAddressFound:    t("ui.welcome.demo-address-found"),
		ServerLabel:         t("ui.server.label"),
		ServerPlaceholder:   "https://mail.example.com/EWS/Exchange.asmx", // a name or an example, the same in every language
		ServerRequired:      t("ui.server.required"),
		ServerLooksRight:    t("ui.server.looks-right"),
		ServerWillUseFmt:    t("ui.server.will-use"),
		ServerIsEmail:       t("ui.server.is-email"),
		ServerUseInsteadFmt: t("ui.server.use-instead"),
		ServerPressTabFmt:   t("ui.server.press-tab"),
		ServerFixFirst:      t("ui.server.fix-first"),
		ServerFindHeading:   t("ui.server.find-heading"),
		ServerFind:          ts("ui.server.find.1", "ui.server.find.2", "ui.server.find.3"),
		ServerNotFoundNote:  t("ui.server.not-found-note"),
		FindTitleFmt:        t("ui.find.title"),
		FindIntro:           t("ui.find.intro"),
		FindStarting:        t("ui.find.starting"),
		FindManualHintFmt:   t("ui.find.manual-hint"),
		FindTried:           t("ui.find.tried"),
		MethodNames: map[string]string{
			"http-redirect":             t("ui.find.method-names.http-redirect"),
			"https-autodiscover-domain": t("ui.find.method-names.https-autodiscover-domain"),
			"https-root-domain":         t("ui.find.method-names.https-root-domain"),
			"json-v2":                   t("ui.find.method-names.json-v2"),
			"redirect-addr":             t("ui.find.method-names.redirect-addr"),
			"redirect-url":              t("ui.find.method-names.redirect-url"),
			"srv":                       t("ui.find.method-names.srv"),
		},
		MethodFoundBy: map[string]string{
			"http-redirect":             t("ui.find.method-found-by.http-redirect"),
			"https-autodiscover-domain": t("ui.find.method-found-by.https-autodiscover-domain"),
			"https-root-domain":         t("ui.find.method-found-by.https-root-domain"),
			"json-v2":                   t("ui.find.method-found-by.json-v2"),
			"redirect-addr":             t("ui.find.method-found-by.redirect-addr"),
			"redirect-url":              t("ui.find.method-found-by.redirect-url"),
			"srv":                       t("ui.find.method-found-by.srv"),
		},
		AttemptResults: map[string]string{
			"":          t("ui.find.attempt-results.running"),
			"found":     t("ui.find.attempt-results.found"),
			"not-found": t("ui.find.attempt-results.not-found"),
			"skipped":   t("ui.find.attempt-results.skipped"),
		},
		FoundTitle:              t("ui.find.found-title"),
		FoundFrom:               t("ui.find.found-from"),
		FoundHow:                t("ui.find.found-how"),
		FoundFor:                t("ui.find.found-for"),
		FoundInternal:           t("ui.find.found-internal"),
		FoundAskFmt:             t("ui.find.found-ask"),
		ConsentTitle:            t("ui.find.consent-title"),
		ConsentWhyFmt:           t("ui.find.consent-why"),
		ConsentDomain:           t("ui.find.consent-domain"),
		ConsentURL:              t("ui.find.consent-url"),
		ConsentCert:             t("ui.find.consent-cert"),
		ConsentFrom:             t("ui.find.consent-from"),
		ConsentNoCert:           t("ui.find.consent-no-cert"),
		ConsentAdvice:           t("ui.find.consent-advice"),
		ConsentAskFmt:           t("ui.find.consent-ask"),
		EmailLabel:              t("ui.signin.email-label"),
		EmailPlaceholder:        "alice@example.com", // a name or an example, the same in every language
		PasswordLabel:           t("ui.signin.password-label"),
		PasswordRetype:          t("ui.signin.password-retype"),
		CustomLoginToggle:       t("ui.signin.custom-login-toggle"),
		LoginLabel:              t("ui.signin.login-label"),
		LoginHint:               t("ui.signin.login-hint"),
		LoginPlaceholder:        `CONTOSO\alice`, // a name or an example, the same in every language
		EmailRequired:           t("ui.signin.email-required"),
		PasswordRequired:        t("ui.signin.password-required"),
		LoginRequired:           t("ui.signin.login-required"),
		GivenFmt:                t("ui.signin.given"),
		PasswordGiven:           t("ui.signin.password-given"),
		SignInNextFmt:           t("ui.signin.sign-in-next"),
		TestIntro:               t("ui.testmessage.test-intro"),
		RecipientLabel:          t("ui.testmessage.recipient-label"),
		SkipSendToggle:          t("ui.testmessage.skip-send-toggle"),
		RecipientRequired:       t("ui.testmessage.recipient-required"),
		SkipSendNote:            t("ui.testmessage.skip-send-note"),
		SkipAfterFailureNoteFmt: t("ui.testmessage.skip-after-failure-note"),
		CAFileTitle:             t("ui.cafile.title"),
		CAFileIntro:             t("ui.cafile.intro"),
		CAFileLabel:             t("ui.cafile.label"),
		CAFilePlaceholder:       "contoso-root.pem", // a name or an example, the same in every language
		CAFileRequired:          t("ui.cafile.required"),
		CAFileNote:              t("ui.cafile.note"),
		CAFileTrustedFmt:        t("ui.cafile.trusted"),
		ChecksTitleFmt:          t("ui.checks.title"),
		ChecksDoneTitleFmt:      t("ui.checks.done-title"),
		ChecksStepFmt:           t("ui.checks.step"),
		StatusWords: map[string]string{
			"fail":    t("ui.checks.status-words.fail"),
			"pass":    t("ui.checks.status-words.pass"),
			"running": t("ui.checks.status-words.running"),
			"skip":    t("ui.checks.status-words.skip"),
			"waiting": t("ui.checks.status-words.waiting"),
			"warn":    t("ui.checks.status-words.warn"),
		},
		ElapsedFmt:                t("ui.checks.elapsed"),
		ChecksStopped:             t("ui.checks.stopped"),
		ProblemCodeFmt:            t("ui.problem.code"),
		WhatWeSaw:                 t("ui.problem.what-we-saw"),
		HowToFix:                  t("ui.problem.how-to-fix"),
		NoDetail:                  t("ui.problem.no-detail"),
		WhatYouCanDo:              t("ui.problem.what-you-can-do"),
		PressParenFmt:             t("ui.problem.press-paren"),
		OfferPassword:             t("ui.offer.password"),
		OfferPasswordMenu:         t("ui.offer.password-menu"),
		OfferLogin:                t("ui.offer.login"),
		OfferLoginMenu:            t("ui.offer.login-menu"),
		OfferURL:                  t("ui.offer.url"),
		OfferURLMenu:              t("ui.offer.url-menu"),
		OfferRecipient:            t("ui.offer.recipient"),
		OfferRecipientMenu:        t("ui.offer.recipient-menu"),
		OfferUseLoginFmt:          t("ui.offer.use-login"),
		OfferUseLoginMenuFmt:      t("ui.offer.use-login-menu"),
		OfferLoginWhyFmt:          t("ui.offer.login-why"),
		OfferUseURLFmt:            t("ui.offer.use-url"),
		OfferUseURLMenuFmt:        t("ui.offer.use-url-menu"),
		OfferUseURLWhy:            t("ui.offer.use-url-why"),
		OfferTimeoutFmt:           t("ui.offer.timeout"),
		OfferCAFile:               t("ui.offer.ca-file"),
		OfferCAFileMenu:           t("ui.offer.ca-file-menu"),
		OfferSkipSend:             t("ui.offer.skip-send"),
		OfferSkipSendMenu:         t("ui.offer.skip-send-menu"),
		OfferSendAgain:            t("ui.offer.send-again"),
		OfferSendAgainMenu:        t("ui.offer.send-again-menu"),
		OfferRetry:                t("ui.offer.retry"),
		OfferRetryMenu:            t("ui.offer.retry-menu"),
		OfferURLYourself:          t("ui.offer.url-yourself"),
		OfferURLYourselfMenu:      t("ui.offer.url-yourself-menu"),
		OfferSearchAgain:          t("ui.offer.search-again"),
		OfferSearchAgainMenu:      t("ui.offer.search-again-menu"),
		OfferPasswordFindMenu:     t("ui.offer.password-find-menu"),
		OfferUseLoginFindMenuFmt:  t("ui.offer.use-login-find-menu"),
		SuccessTitle:              t("ui.success.success-title"),
		SuccessIntro:              t("ui.success.success-intro"),
		PartialTitle:              t("ui.success.partial-title"),
		PartialIntroFmt:           t("ui.success.partial-intro"),
		PartialWhyHeading:         t("ui.success.partial-why-heading"),
		SettingURL:                t("ui.success.setting-url"),
		SettingLogin:              t("ui.success.setting-login"),
		SettingExchange:           t("ui.success.setting-exchange"),
		SettingMailbox:            t("ui.success.setting-mailbox"),
		SettingTest:               t("ui.success.setting-test"),
		TestSentFmt:               t("ui.success.test-sent"),
		TestSkipped:               t("ui.success.test-skipped"),
		TestFailedSkippedFmt:      t("ui.success.test-failed-skipped"),
		Warnings:                  t("ui.success.warnings"),
		DemoSentHeading:           t("ui.success.demo-sent-heading"),
		DemoSentNone:              t("ui.success.demo-sent-none"),
		DemoSentRowFmt:            t("ui.success.demo-sent-row"),
		ReportSavedFmt:            t("ui.report.saved"),
		ReportSaveFailedFmt:       t("ui.report.save-failed"),
		ReportCopied:              t("ui.report.copied"),
		ReportWrittenFmt:          t("ui.report.written"),
		CommandsCopied:            t("ui.report.commands-copied"),
		KeyPick:                   [2]string{"↑/↓", t("ui.key.pick")},
		KeyOwn:                    [2]string{"tab", t("ui.key.own")},
		KeyStartDemo:              [2]string{"enter", t("ui.key.start-demo")},
		KeyNext:                   [2]string{"enter", t("ui.key.next")},
		KeyStart:                  [2]string{"enter", t("ui.key.start")},
		KeyBack:                   [2]string{"esc", t("ui.key.back")},
		KeyTabField:               [2]string{"tab", t("ui.key.tab-field")},
		KeyShiftTabField:          [2]string{"shift+tab", t("ui.key.shift-tab-field")},
		KeyToggle:                 [2]string{"space", t("ui.key.toggle")},
		KeyAccept:                 [2]string{"tab", t("ui.key.accept")},
		KeyHelp:                   [2]string{"?", t("ui.key.help")},
		KeyQuit:                   [2]string{"q", t("ui.key.quit")},
		KeyQuitNow:                [2]string{"ctrl+c", t("ui.key.quit-now")},
		KeyStop:                   [2]string{"esc", t("ui.key.stop")},
		KeyScroll:                 [2]string{"↑/↓", t("ui.key.scroll")},
		KeyCancel:                 [2]string{"esc", t("ui.key.cancel")},
		KeyCheckAgain:             [2]string{"enter", t("ui.key.check-again")},
		KeySave:                   [2]string{"s", t("ui.key.save")},
		KeyCopy:                   [2]string{"c", t("ui.key.copy")},
		KeySteps:                  [2]string{"v", t("ui.key.steps")},
		KeyAnother:                [2]string{"n", t("ui.key.another")},
		KeyPan:                    [2]string{"←/→", t("ui.key.pan")},
		KeyUseFound:               [2]string{"enter", t("ui.key.use-found")},
		KeyEditFound:              [2]string{"e", t("ui.key.edit-found")},
		KeySearchAgain:            [2]string{"r", t("ui.key.search-again")},
		KeyManualURL:              [2]string{"u", t("ui.key.manual-url")},
		KeyAllow:                  [2]string{"y", t("ui.key.allow")},
		KeyDeny:                   [2]string{"n", t("ui.key.deny")},
		KeyAllowFmt:               t("ui.key.allow-domain"),
		KeyBackToFind:             t("ui.key.back-to-find"),
		KeyCopyCommands:           t("ui.key.copy-commands"),
		MoreBelow:                 t("ui.key.more-below"),
		TrailSkippedAfterFailure:  t("ui.key.trail-skipped-after-failure"),
		PlainIntro:                t("ui.plain.intro"),
		PlainPromptURL:            t("ui.plain.prompt-url"),
		PlainPromptEmail:          t("ui.plain.prompt-email"),
		PlainPromptPassword:       t("ui.plain.prompt-password"),
		PlainDemoPromptFmt:        t("ui.plain.demo-prompt"),
		PlainDemoChosenFmt:        t("ui.plain.demo-chosen"),
		PlainPromptCustomLogin:    t("ui.plain.prompt-custom-login"),
		PlainPromptLogin:          t("ui.plain.prompt-login"),
		PlainPromptSend:           t("ui.plain.prompt-send"),
		PlainPromptRecipient:      t("ui.plain.prompt-recipient"),
		PlainUseSuggestionFmt:     t("ui.plain.use-suggestion"),
		PlainChoose:               t("ui.plain.choose"),
		PlainChooseFmt:            t("ui.plain.choose-number"),
		PlainRunning:              t("ui.plain.running"),
		PlainEOF:                  t("ui.plain.eof"),
		PlainPipedWindowsTerminal: t("ui.plain.piped-windows-terminal"),
		PlainInvalidChoice:        t("ui.plain.invalid-choice"),
		PlainActionSave:           t("ui.plain.action-save"),
		PlainActionShow:           t("ui.plain.action-show"),
		PlainActionQuit:           t("ui.plain.action-quit"),
		PlainActionAnother:        t("ui.plain.action-another"),
		PlainHintYes:              t("ui.plain.hint-yes"),
		PlainHintNo:               t("ui.plain.hint-no"),
		PlainYesWords:             strings.Fields(t("ui.plain.yes-words")),
		PlainNoWords:              strings.Fields(t("ui.plain.no-words")),
		PlainPasswordEcho:         t("ui.plain.password-echo"),
		PlainFindingFmt:           t("ui.plain.finding"),
		PlainFoundFmt:             t("ui.plain.found"),
		PlainFoundFromFmt:         t("ui.plain.found-from"),
		PlainUseFound:             t("ui.plain.use-found"),
		PlainAllowFmt:             t("ui.plain.allow"),
		Interrupted:               t("ui.plain.interrupted"),
	}
}

// n is the text of a plural key (ui.<area>.<name> with one/few/many/other
// forms) for count, which fills its {{.Count}}.
func (t *uiText) n(key string, count int) string { return i18n.N(t.lang, key, count) }

// tx is the texts in use. It is a package-level pointer rather than a
// field of the app: the wizard runs once per process, and every view and
// every plain prompt reads it, so Run (and the tests' driver) set it once,
// from Options.Lang, before anything is drawn. Tests that change it must
// not run in parallel and must restore it: see useLang in the tests.
var tx = textFor(i18n.EN)
