package ui

// uiText holds every user-facing string the wizard itself writes. Problem
// titles, fixes and step names come from the steps catalog; everything else
// is here, so that a second language is one more table like textEN.
// Strings with verbs are fmt formats.
type uiText struct {
	AppName, AppTagline string
	StepOfFmt           string // "step 1 of 3"
	FlowSteps           []string

	// Welcome
	WelcomeTitle, WelcomeIntro string
	WelcomeWhatHappens         string
	WelcomePlan                [][2]string
	WelcomeNeedHeading         string
	WelcomeNeed                []string
	WelcomeGivenFmt            string // "Already given on the command line: %s"
	DemoTitle, DemoIntro       string
	DemoColumns                [4]string
	DemoExpectOK               string
	DemoAboveFmt, DemoBelowFmt string

	// Server
	ServerTitle, ServerLabel, ServerPlaceholder string
	ServerRequired                              string
	ServerLooksRight                            string
	ServerUseInsteadFmt                         string // "Use %s instead?"
	ServerPressTabFmt                           string // "press %s to use it"
	ServerFixFirst                              string
	ServerFindHeading                           string
	ServerFind                                  []string

	// Sign in
	SignInTitle, EmailLabel, EmailPlaceholder string
	PasswordLabel, PasswordRetype             string
	CustomLoginToggle, LoginLabel, LoginHint  string
	LoginPlaceholder                          string
	EmailRequired, PasswordRequired           string
	LoginRequired                             string
	GivenFmt                                  string // "%s: %s (from the command line)"
	PasswordGiven                             string

	// Test message
	TestTitle, TestIntro, RecipientLabel, SkipSendToggle string
	RecipientRequired, SkipSendNote                      string

	// Checks
	ChecksTitleFmt, ChecksStepFmt string
	StatusWords                   map[string]string // pass, fail, warn, skip, running, waiting
	ElapsedFmt                    string            // "%d s (gives up after %d s)"
	ChecksStopped                 string

	// Problem
	ProblemCodeFmt, ProblemFailedAtFmt string
	WhatWeSaw, HowToFix, NoDetail      string
	TryLoginFmt, TryURLFmt             string // "Try %s as the login?", "Use %s instead?"
	PressFmt                           string // "press %s"

	// Success
	SuccessTitle, SuccessIntro                    string
	SettingURL, SettingLogin, SettingExchange     string
	SettingMailbox, SettingTest                   string
	TestSentFmt, TestSkipped                      string
	Warnings                                      string
	DemoSentHeading, DemoSentNone, DemoSentRowFmt string

	// Reports
	ReportSavedFmt, ReportSaveFailedFmt, ReportCopied string
	ReportWrittenFmt                                  string

	// Keys: each is {key label, description}
	KeyPick, KeyOwn, KeyStartDemo                                        [2]string
	KeyNext, KeyStart, KeyBack, KeyTabField, KeyShiftTabField, KeyToggle [2]string
	KeyAccept, KeyHelp, KeyQuit, KeyQuitNow, KeyStop, KeyScroll          [2]string
	KeyUseLogin, KeyUseURL, KeyEditURL, KeyEditSignIn, KeyEditLogin      [2]string
	KeyEditTest, KeyRetry, KeySave, KeyCopy, KeySteps, KeyAnother        [2]string
	KeyCheckAgain                                                        [2]string
	KeyUseLoginFmt, MoreBelow, TrailPassedFmt                            string

	// Plain (line prompt) mode
	PlainIntro, PlainDemoIntro, PlainPromptURL, PlainPromptEmail, PlainPromptPassword string
	PlainPromptCustomLogin, PlainPromptLogin, PlainPromptSend                         string
	PlainPromptRecipient, PlainUseSuggestionFmt, PlainChoose                          string
	PlainChooseFmt, PlainYesNo, PlainRunning, PlainEOF                                string
	PlainInvalidChoice                                                                string
	PlainActionUseLoginFmt, PlainActionUseURLFmt, PlainActionEditURL                  string
	PlainActionEditSignIn, PlainActionEditLogin, PlainActionEditTest                  string
	PlainActionRetry, PlainActionSave, PlainActionShow, PlainActionQuit               string
	PlainActionAnother                                                                string
	PlainPasswordEcho                                                                 string
	Interrupted                                                                       string
}

var textEN = uiText{
	AppName:    "ewsconnect",
	AppTagline: "Connect your Exchange mailbox",
	StepOfFmt:  "step %d of %d",
	FlowSteps:  []string{"Server", "Sign in", "Test message", "Checks"},

	WelcomeTitle: "Welcome",
	WelcomeIntro: "This wizard connects your Exchange mailbox over Exchange Web Services (EWS). " +
		"If something is wrong, it shows what it saw and how to fix it, in the words of the help article.",
	WelcomeWhatHappens: "What will happen",
	WelcomePlan: [][2]string{
		{"Server", "the address of your Exchange server"},
		{"Sign in", "your email address and password"},
		{"Test message", "where to send a test message, or skip it"},
		{"Checks", "nine checks, from the address to sending the message"},
	},
	WelcomeNeedHeading: "What you need",
	WelcomeNeed: []string{
		"your email address and password",
		"your server's EWS address, or the Outlook Web App address you use in a browser",
	},
	WelcomeGivenFmt: "Already given on the command line: %s.",
	DemoTitle:       "Demo: a simulated Exchange server runs inside ewsconnect",
	DemoIntro: "Each account below shows one situation from the help article. Choose one to start " +
		"with its answers filled in, or press tab and type them yourself.",
	DemoColumns:  [4]string{"Address", "Email", "Password", "Shows"},
	DemoExpectOK: "connects",
	DemoAboveFmt: "  ↑ %d more",
	DemoBelowFmt: "  ↓ %d more",

	ServerTitle:         "Exchange server address",
	ServerLabel:         "Exchange server address (EWS URL)",
	ServerPlaceholder:   "https://mail.example.com/EWS/Exchange.asmx",
	ServerRequired:      "Enter the server address to continue.",
	ServerLooksRight:    "Looks like an EWS address.",
	ServerUseInsteadFmt: "Use %s instead?",
	ServerPressTabFmt:   "press %s to use it",
	ServerFixFirst:      "Fix the address first:",
	ServerFindHeading:   "How do I find my URL?",
	ServerFind: []string{
		"Sign in to your mailbox in a browser, copy the domain from the address bar and put it in front of /EWS/Exchange.asmx.",
		"For example, https://mail.example.com/home becomes https://mail.example.com/EWS/Exchange.asmx.",
		"If you are not sure, your IT department or email provider can tell you.",
	},

	SignInTitle:       "Sign in",
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

	TestTitle:         "Test message",
	TestIntro:         "To prove that the mailbox can send, ewsconnect sends a short test message from it, with this address in BCC.",
	RecipientLabel:    "Send the test message to (BCC)",
	SkipSendToggle:    "Skip the test message",
	RecipientRequired: "Enter an address, or skip the test message.",
	SkipSendNote:      "The last check is left out: nothing is sent.",

	ChecksTitleFmt: "Checking %s",
	ChecksStepFmt:  "check %d of %d",
	StatusWords: map[string]string{
		"pass": "ok", "fail": "failed", "warn": "warning", "skip": "skipped",
		"running": "checking", "waiting": "waiting",
	},
	ElapsedFmt:    "%d s (gives up after %d s)",
	ChecksStopped: "Stopped. Nothing was changed.",

	ProblemCodeFmt:     "code %s",
	ProblemFailedAtFmt: "%s: %s",
	WhatWeSaw:          "What we saw",
	HowToFix:           "How to fix it",
	NoDetail:           "The server gave no further detail.",
	TryLoginFmt:        "Try %s as the login?",
	TryURLFmt:          "Use %s instead?",
	PressFmt:           "press %s",

	SuccessTitle:    "Connected: your mailbox works with Exchange Web Services",
	SuccessIntro:    "Enter these settings in your mail application:",
	SettingURL:      "Server URL",
	SettingLogin:    "Sign in as",
	SettingExchange: "Exchange",
	SettingMailbox:  "Mailbox",
	SettingTest:     "Test message",
	TestSentFmt:     "sent, BCC %s",
	TestSkipped:     "skipped",
	Warnings:        "Worth knowing",
	DemoSentHeading: "Messages the demo server received",
	DemoSentNone:    "none yet",
	DemoSentRowFmt:  "%s  from %s  BCC %s  %q",

	ReportSavedFmt:      "Report saved to %s",
	ReportSaveFailedFmt: "Could not save the report: %v",
	ReportCopied:        "Report copied to the clipboard (if your terminal allows it; otherwise press s to save it).",
	ReportWrittenFmt:    "Report written to %s",

	KeyNext:          [2]string{"enter", "next"},
	KeyStart:         [2]string{"enter", "start"},
	KeyStartDemo:     [2]string{"enter", "start with this account"},
	KeyPick:          [2]string{"↑/↓", "choose"},
	KeyOwn:           [2]string{"tab", "type your own"},
	KeyCheckAgain:    [2]string{"enter", "check again"},
	KeyBack:          [2]string{"esc", "back"},
	KeyTabField:      [2]string{"tab", "next field"},
	KeyShiftTabField: [2]string{"shift+tab", "previous field"},
	KeyToggle:        [2]string{"space", "turn on/off"},
	KeyAccept:        [2]string{"tab", "use suggestion"},
	KeyHelp:          [2]string{"?", "help"},
	KeyQuit:          [2]string{"q", "quit"},
	KeyQuitNow:       [2]string{"ctrl+c", "quit"},
	KeyStop:          [2]string{"esc", "stop"},
	KeyScroll:        [2]string{"↑/↓", "scroll"},
	KeyUseLogin:      [2]string{"d", "try the suggested login"},
	KeyUseLoginFmt:   "try %s",
	KeyUseURL:        [2]string{"u", "use the suggested address"},
	KeyEditURL:       [2]string{"e", "edit the address"},
	KeyEditSignIn:    [2]string{"e", "edit sign-in"},
	KeyEditLogin:     [2]string{"e", "edit the login"},
	KeyEditTest:      [2]string{"e", "change the test message"},
	KeyRetry:         [2]string{"r", "retry"},
	KeySave:          [2]string{"s", "save report"},
	KeyCopy:          [2]string{"c", "copy report"},
	KeySteps:         [2]string{"v", "view all checks"},
	KeyAnother:       [2]string{"n", "check another account"},
	MoreBelow:        "↓ more below (pgdown)",
	TrailPassedFmt:   "✓ %d checks ok",

	PlainIntro:             "ewsconnect: connect your Exchange mailbox over Exchange Web Services (EWS).",
	PlainDemoIntro:         "Demo: a simulated Exchange server runs inside ewsconnect. Each account below shows one situation from the help article; type the address, email and password of any row.",
	PlainPromptURL:         "Exchange server address (EWS URL)",
	PlainPromptEmail:       "Email address",
	PlainPromptPassword:    "Password",
	PlainPromptCustomLogin: `Does your server need a custom login (DOMAIN\username)?`,
	PlainPromptLogin:       `Custom login (DOMAIN\username)`,
	PlainPromptSend:        "Send a test message to prove the mailbox can send?",
	PlainPromptRecipient:   "Send the test message to (BCC)",
	PlainUseSuggestionFmt:  "Use %s instead?",
	PlainChoose:            "What next?",
	PlainChooseFmt:         "Enter a number from 1 to %d",
	PlainYesNo:             "[y/n]",
	PlainRunning:           "Checking (9 steps):",
	PlainEOF:               "No more input: stopping.",
	PlainInvalidChoice:     "Please enter one of the numbers shown.",
	PlainActionUseLoginFmt: "Try %s as the login and check again",
	PlainActionUseURLFmt:   "Use %s and check again",
	PlainActionEditURL:     "Edit the server address and check again",
	PlainActionEditSignIn:  "Edit the email address and password and check again",
	PlainActionEditLogin:   "Edit the custom login and check again",
	PlainActionEditTest:    "Change or skip the test message and check again",
	PlainActionRetry:       "Check again",
	PlainActionSave:        "Save the report to a file",
	PlainActionShow:        "Show the report here",
	PlainActionQuit:        "Quit",
	PlainActionAnother:     "Check another account",
	PlainPasswordEcho:      "(input is hidden)",
	Interrupted:            "Interrupted.",
}

// tx is the table in use.
var tx = &textEN
