package steps

import (
	"context"
	"strings"
	"testing"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

// A test message that failed and was then skipped is not a connection that
// works: the send step stays skipped with its problem, and the run is
// "connected without sending", never OK.
func TestSendSkippedAfterItFailedIsNotOK(t *testing.T) {
	sim, cfg := demo(t)
	cfg.Email, cfg.Username = "sales@contoso.test", `CONTOSO\frank`
	first := NewRunner(cfg).RunAll(context.Background(), nil)
	if p := first.Problem(); p == nil || p.Code != exchange.CodeSendAsDenied {
		t.Fatalf("first run: want send-as-denied, got %+v", p)
	}

	cfg.NoSend, cfg.SendFailed = true, first.Problem()
	rep := NewRunner(cfg).RunAll(context.Background(), nil)
	send := rep.Steps[len(rep.Steps)-1]
	if send.ID != Send || send.Status != Skip || send.Problem == nil || send.Problem.Code != exchange.CodeSendAsDenied {
		t.Errorf("send step: %+v, want skip carrying send-as-denied", send)
	}
	if rep.OK() || rep.Outcome() != OutcomeConnectedNoSend || rep.Problem() != nil {
		t.Errorf("outcome %v, ok %v, problem %+v; want connected without sending", rep.Outcome(), rep.OK(), rep.Problem())
	}
	if n := len(sim.Sent()); n != 0 {
		t.Errorf("the simulator got %d messages", n)
	}

	// Skipping by choice, without an earlier failure, is a working
	// connection (--no-send).
	cfg.SendFailed = nil
	if rep := NewRunner(cfg).RunAll(context.Background(), nil); !rep.OK() {
		t.Errorf("--no-send: want ok, got %v", rep.Outcome())
	}
}

func TestOutcome(t *testing.T) {
	all := func(last Result) Report {
		var rep Report
		for _, id := range Order[:len(Order)-1] {
			rep.Steps = append(rep.Steps, Result{ID: id, Status: Pass})
		}
		rep.Steps = append(rep.Steps, last)
		return rep
	}
	p := &Problem{Code: exchange.CodeSendFailed}
	for _, tt := range []struct {
		name string
		rep  Report
		want Outcome
	}{
		{"every step passed", all(Result{ID: Send, Status: Pass}), OutcomeConnected},
		{"send skipped by choice", all(Result{ID: Send, Status: Skip}), OutcomeConnected},
		{"send warned", all(Result{ID: Send, Status: Warn}), OutcomeConnected},
		{"send skipped after it failed", all(Result{ID: Send, Status: Skip, Problem: p}), OutcomeConnectedNoSend},
		{"send failed", all(Result{ID: Send, Status: Fail, Problem: p}), OutcomeProblem},
		{"half-way", Report{Steps: []Result{{ID: URL, Status: Pass}}}, OutcomeIncomplete},
		{"interrupted", Report{Interrupted: true}, OutcomeInterrupted},
	} {
		if got := tt.rep.Outcome(); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The fix's commands name the run's mailbox and login, quoted for
// PowerShell, so that an administrator can paste them as they are.
func TestFixCommandsNameTheMailboxAndLogin(t *testing.T) {
	p := problemFrom(exchange.NewProblem(exchange.CodeSendAsDenied, nil, i18n.Verbatim("x")),
		Config{Email: "sales@contoso.test", Username: `CONTOSO\o'brien`})
	cmds := strings.Join(p.Commands(), "\n")
	for _, want := range []string{
		`Get-Mailbox -Identity 'sales@contoso.test' | Add-ADPermission -User 'CONTOSO\o''brien' -ExtendedRights 'Send As'`,
		`-GrantSendOnBehalfTo @{Add='CONTOSO\o''brien'}`,
	} {
		if !strings.Contains(cmds, want) {
			t.Errorf("commands lack %q:\n%s", want, cmds)
		}
	}
	if got := Lookup(exchange.CodeEWSDisabled).Fix[1].Command; got != "Set-CASMailbox -Identity <mailbox> -EWSEnabled $true" {
		t.Errorf("without a run the command has placeholders, got %q", got)
	}
}

func TestPowerShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		`CONTOSO\alice`: `'CONTOSO\alice'`,
		`o'brien`:       `'o''brien'`,
		"o’brien":       "'o’’brien'",
		"$(rm -rf /)":   "'$(rm -rf /)'",
		"a\x1b[31mb":    "'a[31mb'",
	} {
		if got := PowerShellQuote(in); got != want {
			t.Errorf("PowerShellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

// Fix steps that a setting carries out name its flag for the command line.
func TestFixLinesNameTheFlag(t *testing.T) {
	p := problemFrom(exchange.NewProblem(exchange.CodeConnectTimeout, nil, i18n.Verbatim("x")), Config{})
	if text := strings.Join(p.FixLines(), "\n"); !strings.Contains(text, "(--timeout 30s).") {
		t.Errorf("fix lines lack the flag:\n%s", text)
	}
}
