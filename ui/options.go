package ui

import (
	"time"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// Options are what main.go learned from flags and the environment.
type Options struct {
	Config     steps.Config // answers pre-filled from flags
	Given      Given        // which answers came from flags: their screens/fields are skipped
	Demo       *Demo        // non-nil under --demo: Welcome shows the scenario table; Success shows messages the demo server received
	Accessible bool         // --accessible, or stdin/stdout not a terminal: plain line prompts, same flow
	ReportPath string       // --report FILE: also write the Markdown report there at the end
	Version    string
	// Lang is the language of every word the wizard writes, its own and
	// the problems' (it becomes Config.Lang); empty means English.
	Lang i18n.Lang
}

// Given says which answers came from flags. A given answer is not asked
// for; it can still be edited from the problem screen.
type Given struct{ URL, Email, Username, Password, TestRecipient, NoSend bool }

// Demo is what the wizard shows about the built-in simulated server.
type Demo struct {
	Accounts []DemoAccount        // the scenario table
	Sent     func() []DemoMessage // messages the simulator received so far
}

// DemoAccount is one row of the demo's scenario table. Demo passwords are
// shown on purpose: they open nothing but the simulator. A row about
// autodiscover has no URL: the server is found from the email address.
type DemoAccount struct {
	Name, URL, Email, Username, Password, Expect, About string
	Autodiscover                                        bool
	// Warns: the row connects, with its Expect as a warning.
	Warns bool
	// Network is what the row needs to be reached (its web proxy, say);
	// nil means the demo's own network, Options.Config.Network.
	Network *exchange.Network
}

// DemoMessage is a message the demo server received.
type DemoMessage struct {
	From, Bcc, Subject string
	Time               time.Time
}
