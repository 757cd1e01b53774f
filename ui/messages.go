package ui

import (
	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// The messages screens send to the root. A screen says what happened; only
// the root decides which screen comes next, so no screen reaches into
// another's fields.
type (
	backMsg     struct{} // a form screen: go to the previous screen
	stopMsg     struct{} // checks: the user stopped the run
	closeMsg    struct{} // the all-checks view: return to the outcome
	quitMsg     struct{} // problem or success: leave the wizard
	retryMsg    struct{}
	anotherMsg  struct{} // success: check another account
	viewStepMsg struct{}
	saveMsg     struct{}
	copyMsg     struct{}

	// startMsg begins the questions, with a demo account's answers if one
	// was chosen.
	startMsg           struct{ account *DemoAccount }
	serverDoneMsg      struct{ url string }
	signInDoneMsg      struct{ email, username, password string }
	testMessageDoneMsg struct {
		recipient string
		noSend    bool
	}

	// editMsg asks to return to the field a problem names, keeping every
	// other answer.
	editMsg struct{ target editTarget }
	// applyMsg takes a suggestion learned from the server and checks again.
	applyMsg struct {
		url, username string
	}

	// stepDoneMsg carries one finished step of run number run; report is set
	// after the last one.
	stepDoneMsg struct {
		run    int
		res    steps.Result
		next   steps.ID
		report *steps.Report
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
)

// editTargetFor maps the field a problem names to the field to edit.
func editTargetFor(p *steps.Problem) editTarget {
	if p == nil {
		return editNone
	}
	switch p.Field {
	case exchange.FieldURL:
		return editURL
	case exchange.FieldCredentials:
		return editPassword
	case exchange.FieldUsername:
		return editLogin
	}
	if p.Section == steps.SectionTestEmailFailed {
		return editRecipient
	}
	return editNone
}
