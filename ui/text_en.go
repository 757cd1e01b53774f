package ui

// uiText holds every user-facing string the wizard itself writes. Problem
// titles, fixes and step names come from the steps catalog; everything else
// is here, so that a second language is one more table like textEN.
// Strings with verbs are fmt formats.
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
	DemoAboveFmt, DemoBelowFmt string

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
	OfferTimeoutFmt, OfferTimeoutMenuFmt   string
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
	KeyCopyCommands, MoreBelow, TrailPassedFmt                           string
	TrailSkippedAfterFailure                                             string

	// Plain (line prompt) mode
	PlainIntro, PlainPromptURL, PlainPromptEmail, PlainPromptPassword string
	PlainDemoIntroFmt, PlainDemoPromptFmt, PlainDemoChosenFmt         string
	PlainPromptCustomLogin, PlainPromptLogin, PlainPromptSend         string
	PlainPromptRecipient, PlainUseSuggestionFmt, PlainChoose          string
	PlainChooseFmt, PlainRunning, PlainEOF                            string
	PlainInvalidChoice                                                string
	PlainActionSave, PlainActionShow, PlainActionQuit                 string
	PlainActionAnother                                                string
	PlainPasswordEcho                                                 string
	PlainFindingFmt, PlainFoundFmt, PlainFoundFromFmt                 string
	PlainUseFound, PlainAllowFmt                                      string
	Interrupted                                                       string
}

var textEN = uiText{
	AppName:    "ewsconnect",
	AppTagline: "Connect your Exchange mailbox",
	StepOfFmt:  "step %d of %d",
	FlowSteps:  []string{"Sign in", "Server", "Test message", "Checks"},

	WelcomeTitle: "Welcome",
	WelcomeIntro: "This wizard connects your Exchange mailbox over Exchange Web Services (EWS). " +
		"If something is wrong, it shows what it saw and how to fix it, in the words of the help article.",
	WelcomeWhatHappens: "What will happen",
	WelcomePlan: []string{
		"your email address and password",
		"your server, found from the email address as mail apps do",
		"where to send a test message, or skip it",
		"ten checks, from finding the server to sending the message",
	},
	WelcomeNeedHeading: "What you need",
	WelcomeNeed: []string{
		"your email address and password: that is usually all",
		"if you know your server's EWS address (EWS URL), you can type it instead: press u when the server is being found",
	},
	WelcomeGivenHeading: "Already given on the command line",
	GivenMark:           "(given)",
	DemoTitle:           "Demo: a simulated Exchange server runs inside ewsconnect",
	DemoIntro: "Each account below shows one situation from the help article. Choose one to start " +
		"with its answers filled in, or press tab and type them yourself.",
	DemoColumns:      [4]string{"Address", "Email", "Password", "Shows"},
	DemoExpectOK:     "connects",
	DemoAddressFound: "found from the email address (autodiscover)",
	DemoAboveFmt:     "  ↑ %d more",
	DemoBelowFmt:     "  ↓ %d more",

	ServerLabel:         "Exchange server address (EWS URL)",
	ServerPlaceholder:   "https://mail.example.com/EWS/Exchange.asmx",
	ServerRequired:      "Enter the server address to continue.",
	ServerLooksRight:    "Looks like an EWS address.",
	ServerWillUseFmt:    "Will use %s.",
	ServerIsEmail:       "This is an email address. Here goes the server's address, like https://mail.example.com/EWS/Exchange.asmx or just mail.example.com.",
	ServerUseInsteadFmt: "Use %s instead?",
	ServerPressTabFmt:   "press %s to use it",
	ServerFixFirst:      "Fix the address first:",
	ServerFindHeading:   "How do I find my URL?",
	ServerFind: []string{
		"Sign in to your mailbox in a browser, copy the domain from the address bar and put it in front of /EWS/Exchange.asmx.",
		"For example, https://mail.example.com/home becomes https://mail.example.com/EWS/Exchange.asmx.",
		"If you are not sure, your IT department or email provider can tell you.",
	},
	ServerNotFoundNote: "Find my server did not give an address that works from here. Enter it yourself: below is how to find it.",

	FindTitleFmt:      "Finding your server for %s",
	FindIntro:         "Asking the places where mail applications look for it (autodiscover). Your password goes only to servers whose certificate checks out, one at a time.",
	FindStarting:      "starting…",
	FindManualHintFmt: "Know your EWS URL? Press %s to type it instead.",
	FindTried:         "What was tried",
	MethodNames: map[string]string{
		"https-root-domain":         "the domain itself",
		"https-autodiscover-domain": "autodiscover server",
		"json-v2":                   "autodiscover v2",
		"http-redirect":             "HTTP redirect",
		"srv":                       "DNS SRV record",
		"redirect-url":              "redirect",
		"redirect-addr":             "another address",
	},
	MethodFoundBy: map[string]string{
		"https-root-domain":         "autodiscover at the email's own domain",
		"https-autodiscover-domain": "the autodiscover server of the email's domain",
		"json-v2":                   "the autodiscover v2 (JSON) service",
		"http-redirect":             "a redirect from http://autodiscover.<domain>",
		"srv":                       "the DNS SRV record _autodiscover._tcp",
		"redirect-url":              "a redirect from another autodiscover server",
		"redirect-addr":             "autodiscover for another email address",
	},
	AttemptResults: map[string]string{
		"found": "found", "not-found": "not found", "skipped": "skipped", "": "searching",
	},
	FoundTitle:    "Found your server",
	FoundFrom:     "From",
	FoundHow:      "How",
	FoundFor:      "Mailbox",
	FoundInternal: "This is an internal address (autodiscover gave no external one): it works inside the company network or over its VPN.",
	FoundAskFmt:   "Press %s to use this address, or %s to change it.",
	ConsentTitle:  "Autodiscover sends you to another domain",
	ConsentWhyFmt: "Autodiscover for %s sends you on to %s. Your password has not been sent there: it goes only if you allow this domain.",
	ConsentDomain: "Domain",
	ConsentURL:    "Server",
	ConsentCert:   "Certificate",
	ConsentFrom:   "Sent on by",
	ConsentNoCert: "(not known)",
	ConsentAdvice: "Allow it only if your email is hosted there: your IT department can confirm the domain. A wrong autodiscover record can send passwords to a stranger.",
	ConsentAskFmt: "Press %s to allow %s and search again, or %s to enter the EWS URL yourself.",

	EmailLabel:        "Email address",
	EmailPlaceholder:  "alice@example.com",
	PasswordLabel:     "Password",
	PasswordRetype:    "Type the password again.",
	CustomLoginToggle: `My server needs a custom login (DOMAIN\username)`,
	LoginLabel:        "Custom login",
	LoginHint:         `Usually the email address works. Some servers want DOMAIN\username.`,
	LoginPlaceholder:  `CONTOSO\alice`,
	EmailRequired:     "Enter your email address.",
	PasswordRequired:  "Enter your password.",
	LoginRequired:     `Enter the login, like CONTOSO\alice, or turn the custom login off.`,
	GivenFmt:          "%s: %s (given when ewsconnect started)",
	PasswordGiven:     "given",
	SignInNextFmt:     "Next, the server is found from your email address. If you know your EWS URL, press %s there to type it.",

	TestIntro:               "To prove that the mailbox can send, ewsconnect sends a short test message from it, with this address in BCC.",
	RecipientLabel:          "Send the test message to (BCC)",
	SkipSendToggle:          "Skip the test message",
	RecipientRequired:       "Enter an address, or skip the test message.",
	SkipSendNote:            "The last check is left out: nothing is sent.",
	SkipAfterFailureNoteFmt: "The test message failed before (%s): skipping it checks that reading works, not that sending does.",

	CAFileTitle:       "Trust a company root certificate",
	CAFileIntro:       "If your company signs its servers' certificates itself, give ewsconnect the company's root certificate (a .pem or .crt file from your IT department). It is trusted for these checks only; nothing is installed.",
	CAFileLabel:       "Root certificate file",
	CAFilePlaceholder: "contoso-root.pem",
	CAFileRequired:    "Enter the path of the certificate file, or press esc.",
	CAFileNote:        "Do not use a certificate from anyone but your IT department: whoever holds its key could read your password.",
	CAFileTrustedFmt:  "Trusting the certificates in %s for these checks.",

	ChecksTitleFmt:     "Checking %s",
	ChecksDoneTitleFmt: "Checks of %s, finished",
	ChecksStepFmt:      "check %d of %d",
	StatusWords: map[string]string{
		"pass": "ok", "fail": "failed", "warn": "warning", "skip": "skipped",
		"running": "checking", "waiting": "waiting",
	},
	ElapsedFmt:    "%d s (gives up after %d s)",
	ChecksStopped: "Stopped. Nothing was changed.",

	ProblemCodeFmt: "code %s",
	WhatWeSaw:      "What we saw",
	HowToFix:       "How to fix it",
	NoDetail:       "The server gave no further detail.",
	WhatYouCanDo:   "What you can do now",
	PressParenFmt:  "(press %s)",

	OfferPassword:            "re-enter the password",
	OfferPasswordMenu:        "Re-enter the password and check again",
	OfferLogin:               "edit the login",
	OfferLoginMenu:           "Edit the custom login and check again",
	OfferURL:                 "edit the address",
	OfferURLMenu:             "Edit the server address and check again",
	OfferRecipient:           "change the test recipient",
	OfferRecipientMenu:       "Change the test recipient (or skip the message) and check again",
	OfferUseLoginFmt:         "try %s",
	OfferUseLoginMenuFmt:     "Try %s as the login and check again",
	OfferLoginWhyFmt:         `the server names its Windows domain %s; some servers need DOMAIN\username`,
	OfferUseURLFmt:           "use %s",
	OfferUseURLMenuFmt:       "Use %s and check again",
	OfferUseURLWhy:           "the EWS address on the same server",
	OfferTimeoutFmt:          "allow %d s per step",
	OfferTimeoutMenuFmt:      "Allow %d seconds per step and check again",
	OfferCAFile:              "trust a root certificate file",
	OfferCAFileMenu:          "Trust a company root certificate file and check again",
	OfferSkipSend:            "check without the test message",
	OfferSkipSendMenu:        "Check again without the test message (reading only)",
	OfferSendAgain:           "try sending again",
	OfferSendAgainMenu:       "Check again with the test message",
	OfferRetry:               "retry",
	OfferRetryMenu:           "Check again as it is",
	OfferURLYourself:         "enter the EWS URL yourself",
	OfferURLYourselfMenu:     "Enter the server's EWS address yourself",
	OfferSearchAgain:         "search again",
	OfferSearchAgainMenu:     "Search for the server again",
	OfferPasswordFindMenu:    "Re-enter the password and search again",
	OfferUseLoginFindMenuFmt: "Try %s as the login and search again",

	SuccessTitle:         "Connected: your mailbox works with Exchange Web Services",
	SuccessIntro:         "Enter these settings in your mail application:",
	PartialTitle:         "Reading works, sending does not",
	PartialIntroFmt:      "The mailbox can be read with these settings, but the test message failed: %s (code %s). It was skipped, so sending is not working yet.",
	PartialWhyHeading:    "Why sending failed",
	SettingURL:           "Server URL",
	SettingLogin:         "Sign in as",
	SettingExchange:      "Exchange",
	SettingMailbox:       "Mailbox",
	SettingTest:          "Test message",
	TestSentFmt:          "sent, BCC %s",
	TestSkipped:          "skipped",
	TestFailedSkippedFmt: "failed (%s), then skipped",
	Warnings:             "Worth knowing",
	DemoSentHeading:      "Messages the demo server received",
	DemoSentNone:         "none yet",
	DemoSentRowFmt:       "%s  from %s  BCC %s  %q",

	ReportSavedFmt:      "Report saved to %s",
	ReportSaveFailedFmt: "Could not save the report: %v",
	ReportCopied:        "Report copied to the clipboard (if your terminal allows it; otherwise press s to save it).",
	ReportWrittenFmt:    "Report written to %s",
	CommandsCopied:      "Commands copied to the clipboard (if your terminal allows it; the saved report has them too).",

	KeyNext:                  [2]string{"enter", "next"},
	KeyStart:                 [2]string{"enter", "start"},
	KeyStartDemo:             [2]string{"enter", "start with this account"},
	KeyPick:                  [2]string{"↑/↓", "choose"},
	KeyOwn:                   [2]string{"tab", "type your own"},
	KeyCheckAgain:            [2]string{"enter", "check again"},
	KeyBack:                  [2]string{"esc", "back"},
	KeyCancel:                [2]string{"esc", "cancel"},
	KeyTabField:              [2]string{"tab", "next field"},
	KeyShiftTabField:         [2]string{"shift+tab", "previous field"},
	KeyToggle:                [2]string{"space", "turn on/off"},
	KeyAccept:                [2]string{"tab", "use suggestion"},
	KeyHelp:                  [2]string{"?", "help"},
	KeyQuit:                  [2]string{"q", "quit"},
	KeyQuitNow:               [2]string{"ctrl+c", "quit"},
	KeyStop:                  [2]string{"esc", "stop"},
	KeyScroll:                [2]string{"↑/↓", "scroll"},
	KeyPan:                   [2]string{"←/→", "see the whole command"},
	KeyUseFound:              [2]string{"enter", "use it"},
	KeyEditFound:             [2]string{"e", "edit"},
	KeySearchAgain:           [2]string{"r", "search again"},
	KeyManualURL:             [2]string{"u", "I know my EWS URL"},
	KeyAllow:                 [2]string{"y", "allow"},
	KeyAllowFmt:              "allow %s",
	KeyDeny:                  [2]string{"n", "enter the URL myself"},
	KeyBackToFind:            "find my server",
	KeySave:                  [2]string{"s", "save report"},
	KeyCopy:                  [2]string{"c", "copy report"},
	KeyCopyCommands:          "copy the commands",
	KeySteps:                 [2]string{"v", "view all checks"},
	KeyAnother:               [2]string{"n", "check another account"},
	MoreBelow:                "↓ more below (pgdown)",
	TrailPassedFmt:           "✓ %d checks ok",
	TrailSkippedAfterFailure: "(failed, then skipped)",

	PlainIntro:             "ewsconnect: connect your Exchange mailbox over Exchange Web Services (EWS).",
	PlainDemoIntroFmt:      "Demo: a simulated Exchange server runs inside ewsconnect. Each of its %d accounts shows one situation from the help article.",
	PlainDemoPromptFmt:     "Demo account: a number from 1 to %d or its name, l to list them, or enter to type your own answers",
	PlainDemoChosenFmt:     "Using the demo account %s: %s.",
	PlainPromptURL:         "Exchange server address (EWS URL, or just the server's name)",
	PlainPromptEmail:       "Email address",
	PlainPromptPassword:    "Password",
	PlainPromptCustomLogin: `Does your server need a custom login (DOMAIN\username)?`,
	PlainPromptLogin:       `Custom login (DOMAIN\username)`,
	PlainPromptSend:        "Send a test message to prove the mailbox can send?",
	PlainPromptRecipient:   "Send the test message to (BCC)",
	PlainUseSuggestionFmt:  "Use %s instead?",
	PlainChoose:            "What next?",
	PlainChooseFmt:         "Enter a number from 1 to %d",
	PlainRunning:           "Checking (10 steps):",
	PlainEOF:               "No more input: stopping.",
	PlainInvalidChoice:     "Please enter one of the numbers shown.",
	PlainActionSave:        "Save the report to a file",
	PlainActionShow:        "Show the report here",
	PlainActionQuit:        "Quit",
	PlainActionAnother:     "Check another account",
	PlainPasswordEcho:      "(input is hidden)",
	PlainFindingFmt:        "Finding your server for %s…",
	PlainFoundFmt:          "Found your server: %s",
	PlainFoundFromFmt:      "  from %s, by %s",
	PlainUseFound:          "Use it? Answer n or u to type the EWS URL yourself. [Y/n/u]",
	PlainAllowFmt:          "Allow %s to receive your password and search again?",
	Interrupted:            "Interrupted.",
}

// tx is the table in use.
var tx = &textEN
