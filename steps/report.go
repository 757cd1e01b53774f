package steps

import (
	"ewsconnect/exchange"
	"ewsconnect/exchange/autodiscover"
	"ewsconnect/i18n"
)

// Report is the outcome of a run, as check prints it and the wizard shows
// it. Whether it worked follows from the steps; nothing else says so.
type Report struct {
	URL   string // as typed, redacted
	Steps []Result
	// Autodiscover is what the autodiscover step found or met, with every
	// attempt; nil when the URL was given.
	Autodiscover *autodiscover.Result
	Server       exchange.ServerInfo
	Suggestions  exchange.Suggestions
	Interrupted  bool
	Login        string // the login the server accepted
	Mailbox      string // the mailbox's SMTP address
	SentTo       string // the test message's BCC, when it was sent
	// Proxy is the proxy chosen for https (--proxy, HTTPS_PROXY or the
	// Windows setting), as its URL without user information; set
	// whether or not it worked, and even when the host bypassed it (the
	// dns and connect steps say whether it was used). Empty: none.
	Proxy string
	// Lang is the language the run's texts are in (its Config's).
	Lang i18n.Lang
}

// Outcome is what a run amounts to.
type Outcome int

// The outcomes, from the best.
const (
	OutcomeConnected       Outcome = iota // every step passed (the test message may have been skipped by choice)
	OutcomeConnectedNoSend                // everything but sending works: the test message failed and was then skipped
	OutcomeProblem                        // a step failed
	OutcomeInterrupted                    // stopped before the end
	OutcomeIncomplete                     // not every step has run yet
)

// Outcome derives the run's outcome from its steps. A step skipped after
// it failed (it carries its problem) is never a pass.
func (r Report) Outcome() Outcome {
	switch {
	case r.Interrupted:
		return OutcomeInterrupted
	case r.Problem() != nil:
		return OutcomeProblem
	case len(r.Steps) < len(Order):
		return OutcomeIncomplete
	case r.SkippedProblem() != nil:
		return OutcomeConnectedNoSend
	}
	return OutcomeConnected
}

// OK reports whether every step passed or warned: the connection works.
func (r Report) OK() bool { return r.Outcome() == OutcomeConnected }

// Problem is the first failing step's problem, or nil.
func (r Report) Problem() *Problem {
	for _, res := range r.Steps {
		if res.Status == Fail {
			return res.Problem
		}
	}
	return nil
}

// SkippedProblem is the problem of a step the user skipped after it
// failed, or nil.
func (r Report) SkippedProblem() *Problem {
	for _, res := range r.Steps {
		if res.Status == Skip && res.Problem != nil {
			return res.Problem
		}
	}
	return nil
}

// Warnings are the warning steps, in step order.
func (r Report) Warnings() []Result {
	var out []Result
	for _, res := range r.Steps {
		if res.Status == Warn {
			out = append(out, res)
		}
	}
	return out
}
