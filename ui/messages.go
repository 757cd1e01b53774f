package ui

import (
	"crypto/x509"

	"ewsconnect/steps"
)

// The messages screens send to the root. A screen says what happened; only
// the root decides which screen comes next, so no screen reaches into
// another's fields. The answer screens' messages carry their answers both
// forward and back, so that going back never drops what was typed.
type (
	stopMsg     struct{} // checks: the user stopped the run
	closeMsg    struct{} // the all-checks view: return to the outcome
	quitMsg     struct{} // leave the wizard
	retryMsg    struct{}
	anotherMsg  struct{} // success: check another account
	viewStepMsg struct{}
	saveMsg     struct{}
	copyMsg     struct{ text string } // text: what to copy; "" for the report

	// startMsg begins the questions, with a demo account's answers if one
	// was chosen.
	startMsg struct{ account *DemoAccount }

	// The answer screens are done (back: the user went back instead).
	serverDoneMsg struct {
		url  string
		back bool
	}
	signInDoneMsg struct {
		email, username, password string
		back                      bool
	}
	testMessageDoneMsg struct {
		recipient string
		noSend    bool
		back      bool
	}
	// caFileDoneMsg: the CA file screen read a certificate file (pool is
	// nil when the user went back).
	caFileDoneMsg struct {
		path string
		pool *x509.CertPool
	}

	// editMsg asks to return to the field a problem names, keeping every
	// other answer.
	editMsg struct{ target editTarget }
	// applyMsg takes a suggestion learned from the server and checks again.
	applyMsg struct {
		url, username string
	}
	// settingMsg changes a setting a fix names (more time, skip the test
	// message) and checks again.
	settingMsg struct{ setting steps.Setting }
	// sendAgainMsg checks again with the test message, after it was skipped.
	sendAgainMsg struct{}

	// stepDoneMsg carries one finished step of run number run; report is set
	// after the last one. It carries the runner too: a stopped run's last
	// step may finish after the stop, and whoever receives it must close
	// that runner's connection.
	stepDoneMsg struct {
		run    int
		res    steps.Result
		next   steps.ID
		report *steps.Report
		runner stepRunner
	}
	// checksDoneMsg is the checks screen saying the run is complete.
	checksDoneMsg struct{ report steps.Report }

	reportSavedMsg struct {
		path string
		err  error
	}
	demoSentMsg struct{ messages []DemoMessage }
)

// editTarget is the field the cursor lands on when the user edits an answer.
type editTarget int

const (
	editNone editTarget = iota
	editURL
	editPassword
	editLogin
	editRecipient
	editCAFile
)
