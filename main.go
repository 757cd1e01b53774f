// Command ewsconnect gets an Exchange mailbox connected over Exchange Web
// Services, and when it can't, says exactly why and how to fix it.
//
// This file only dispatches: the wizard lives in ui/, the checks in steps/,
// everything that talks to a server in exchange/.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"ewsconnect/exchange"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit statuses of the contract.
const (
	exitOK          = 0
	exitProblem     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

func main() {
	exchange.Version = version
	// SIGTERM too, so that demo-server under a process manager stops cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(ctx, args[1:], stdin, stdout, stderr)
		case "explain":
			return runExplain(args[1:], stdout, stderr)
		case "demo-server":
			return runDemoServer(ctx, args[1:], stdout, stderr)
		case "version", "--version":
			fmt.Fprintln(stdout, "ewsconnect", version)
			return exitOK
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return exitOK
		}
	}
	return runWizard(ctx, args, stdin, stdout, stderr)
}

const usage = `ewsconnect: connect an Exchange mailbox over Exchange Web Services (EWS),
and when it can't, say exactly why and how to fix it.

Usage:
  ewsconnect [flags]              the interactive wizard
  ewsconnect --demo               the wizard against the built-in demo Exchange server
  ewsconnect check [flags]        the same checks without the wizard (text, or --json)
  ewsconnect explain [CODE]       every documented problem with its fix, or one of them
  ewsconnect demo-server          the demo Exchange server on its own (--listen, --json, --ca-file)

Flags (the wizard and check):
  --url URL              the EWS URL, e.g. https://mail.example.com/EWS/Exchange.asmx
  --email ADDRESS        the mailbox's email address
  --username LOGIN       a custom login such as DOMAIN\user (default: the email address)
  --password-stdin       read the password from the first line of standard input
                         (else EWSCONNECT_PASSWORD, else the wizard asks)
  --test-recipient ADDR  where the test message goes, as BCC (default: the email address)
  --no-send              do not send a test message
  --timeout DURATION     limit for each network step (default 10s)
  --ca-file FILE         also trust this CA certificate (PEM)
  --resolve HOST:ADDR    connect to ADDR (IP or IP:PORT) for HOST, keeping HOST for TLS
  --report FILE          also write the report as Markdown
  --json                 (check) print one JSON object
  --demo                 use the built-in demo Exchange server
  --accessible           (wizard) plain line prompts instead of the full-screen wizard

Exit status of check: 0 all passed, 1 a problem was found, 2 bad usage, 130 interrupted.
`
