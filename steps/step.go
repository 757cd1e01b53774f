package steps

import (
	"time"

	"ewsconnect/exchange"
)

// ID is a step's stable identifier from the contract.
type ID string

// The steps, in the order they run.
const (
	URL      ID = "url"
	DNS      ID = "dns"
	Connect  ID = "connect"
	TLS      ID = "tls"
	Endpoint ID = "endpoint"
	Auth     ID = "auth"
	Version  ID = "version"
	Mailbox  ID = "mailbox"
	Send     ID = "send"
)

// Order is every step ID in running order.
var Order = []ID{URL, DNS, Connect, TLS, Endpoint, Auth, Version, Mailbox, Send}

// Status is a finished step's outcome.
type Status string

// The statuses of the contract.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Warn Status = "warn"
	Skip Status = "skip"
)

// Result is one finished step.
type Result struct {
	ID       ID
	Status   Status
	Duration time.Duration
	// Summary says what was seen when the step passed or warned, e.g.
	// "mail.contoso.test → 203.0.113.10". Empty for skipped steps.
	Summary string
	// Note explains a warning or a skip.
	Note string
	// Problem is set when Status is Fail.
	Problem *Problem
}

// Problem is an exchange.Problem joined with its catalog entry: everything a
// person needs to understand and fix it.
type Problem struct {
	Code         exchange.Code
	Section      Section
	SectionTitle string // the help article's heading
	Title        string
	Detail       string // what was seen (sanitised by exchange)
	Fix          []string
	Field        exchange.Field
	// RecipientAtFault: the server refused the test message's recipient,
	// so another recipient may get through (exchange.Problem says why).
	RecipientAtFault bool
}

// problemFrom joins what exchange saw with the catalog. An error that
// exchange could not classify is reported as a server error, with its text
// sanitised, so that nothing unexplained reaches the user.
func problemFrom(err error) *Problem {
	p := exchange.AsProblem(err)
	if p == nil {
		p = exchange.NewProblem(exchange.CodeServerError, err, "%v", err)
	}
	e := Lookup(p.Code)
	return &Problem{
		Code:         p.Code,
		Section:      e.Section,
		SectionTitle: SectionTitle(e.Section),
		Title:        e.Title,
		Detail:       p.Detail,
		Fix:          e.Fix,
		Field:        p.Field,

		RecipientAtFault: p.RecipientAtFault,
	}
}
