package main

import (
	"slices"
	"strings"
	"testing"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
	"ewsconnect/steps"
)

// demoRows are the rows of the --demo server.
func demoRows(t *testing.T) []exchangesim.Scenario {
	t.Helper()
	demo, err := startDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	return demo.Scenarios(false)
}

// Every demo row reaches its verdict through the wizard too (its plain
// mode, answering only the row's name): the one a help desk sees in check.
// A row that needs consent for a redirect gets it when asked.
func TestWizardReachesEveryRowsVerdict(t *testing.T) {
	for _, sc := range demoRows(t) {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			answers := sc.Name + "\n"
			if slices.Contains(sc.Args, "--allow-redirect") {
				answers += "y\n"
			}
			args := []string{"--accessible", "--demo"}
			if sc.Expect == "connect-timeout" {
				args = append(args, "--timeout", "2s")
			}
			code, stdout, stderr := runCLI(t, answers, args...)
			all := stdout + stderr
			switch {
			case sc.Expect == "ok":
				if code != exitOK || !strings.Contains(all, "Connected") {
					t.Errorf("exit %d, want a connection:\n%s", code, all)
				}
			case steps.WarningCodes[exchange.Code(sc.Expect)]:
				if code != exitOK || !strings.Contains(all, "Connected") || !strings.Contains(all, "(code "+sc.Expect+")") {
					t.Errorf("exit %d, want a connection with the warning %s:\n%s", code, sc.Expect, all)
				}
			default:
				// A discovery that fails shows its problem block and asks
				// for the URL: the input ends there.
				shown := strings.Contains(all, "Problem found: "+sc.Expect+".") || strings.Contains(all, "(code "+sc.Expect+")")
				if sc.Expect == string(exchange.CodeAutodiscoverUnconfirmed) {
					// The wizard asks for the consent check needs a flag
					// for; refused, it asks for the URL.
					shown = strings.Contains(all, sc.Expect+" · ") && strings.Contains(all, "[y/N]")
				}
				if code != exitProblem || !shown {
					t.Errorf("exit %d, want the problem %s:\n%s", code, sc.Expect, all)
				}
			}
		})
	}
}
