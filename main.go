// Command ewsconnect gets an Exchange mailbox connected over Exchange Web
// Services, and when it can't, says exactly why and how to fix it.
//
// This package only parses flags and wires things up: the wizard lives in
// ui/, the checks in steps/, everything that talks to a server in exchange/.
package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
	"ewsconnect/ui"
)

// Exit statuses of the contract.
const (
	exitOK          = 0
	exitProblem     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

func main() {
	// SIGTERM too, so that demo-server under a process manager stops cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// console is the standard streams as every command uses them: one reader
// of standard input for the password and the answers alike; and where the
// proxy settings come from.
type console struct {
	in       *bufio.Reader
	inFile   *os.File // standard input, when it is a file (for terminal checks)
	out, err io.Writer
	env      environment
}

// environment is where a run reads its proxy settings: getenv the
// environment (HTTPS_PROXY, NO_PROXY), systemProxy the user's Windows
// proxy setting. Tests give their own, so that no test changes the
// process's.
type environment struct {
	getenv      func(string) string
	systemProxy func() (proxy.Settings, error)
	osLanguages func() []string // the user's languages in Windows or macOS
	// windowClosesOnExit: the wizard's window closes when it exits (a
	// double-click on Windows), so it waits for Enter first.
	windowClosesOnExit func() bool
}

// systemEnvironment is this process's environment and the user's
// Windows proxy setting.
var systemEnvironment = environment{
	getenv:             os.Getenv,
	systemProxy:        proxy.ReadWindowsSettings,
	osLanguages:        i18n.SystemEnv().OSLanguages,
	windowClosesOnExit: ui.WindowClosesOnExit,
}

func newConsole(stdin io.Reader, stdout, stderr io.Writer, env environment) console {
	c := console{in: bufio.NewReader(stdin), out: stdout, err: stderr, env: env}
	c.inFile, _ = stdin.(*os.File)
	return c
}

// language is the language a command runs in: its --lang, else the
// environment's and the system's (i18n.Choose). With an error (an unknown
// --lang or EWSCONNECT_LANG) it is the language to say that in: the
// environment's without the flag, else English.
func (c console) language(args []string) (i18n.Lang, error) {
	env := i18n.Env{Getenv: c.env.getenv, OSLanguages: c.env.osLanguages}
	flag, given := i18n.LangArg(args)
	choice, err := i18n.Choose(flag, env)
	if err == nil && given && strings.TrimSpace(flag) == "" {
		err = i18n.NewError("usage.error.needs-value", i18n.Data{"Flag": "--lang"})
	}
	if err != nil {
		fallback, _ := i18n.Choose("", env)
		return cmp.Or(fallback.Lang, i18n.EN), err
	}
	return choice.Lang, nil
}

// ui is the console as the wizard takes it.
func (c console) ui() ui.Console {
	return ui.Console{In: c.in, InFile: c.inFile, Out: c.out, Err: c.err, Getenv: c.env.getenv}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runIn(ctx, systemEnvironment, args, stdin, stdout, stderr)
}

// runIn is run with the proxy settings read from env.
func runIn(ctx context.Context, env environment, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := newConsole(stdin, stdout, stderr, env)
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(ctx, args[1:], c)
		case "explain":
			return runExplain(args[1:], c)
		case "demo-server":
			return runDemoServer(ctx, args[1:], c)
		case "version", "--version":
			return runVersion(args[1:], c)
		case "help", "-h", "-help", "--help":
			lang, _ := c.language(args)
			fmt.Fprint(stdout, wizardUsage(lang))
			return exitOK
		}
	}
	return runWizard(ctx, args, c)
}
