package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/steps"
)

// options are the flags shared by the wizard and check.
type options struct {
	url, email, username, testRecipient string
	passwordStdin, noSend, json, demo   bool
	accessible                          bool
	timeout                             time.Duration
	caFile, reportFile                  string
	resolve                             resolveFlag
	given                               map[string]bool // flags the user set
}

// resolveFlag collects repeated --resolve HOST:ADDR values.
type resolveFlag map[string]string

func (r resolveFlag) String() string { return "" }

func (r resolveFlag) Set(v string) error {
	host, addr, ok := strings.Cut(v, ":")
	if !ok || host == "" || addr == "" {
		return fmt.Errorf("want HOST:ADDR (e.g. mail.contoso.test:127.0.0.1), got %q", v)
	}
	r[strings.ToLower(host)] = addr
	return nil
}

// newFlagSet declares the shared flags (and, for check, --json; for the
// wizard, --accessible) on a silent set: parse reports errors itself.
func newFlagSet(name string) (*flag.FlagSet, *options) {
	o := &options{resolve: resolveFlag{}}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&o.url, "url", "", "")
	fs.StringVar(&o.email, "email", "", "")
	fs.StringVar(&o.username, "username", "", "")
	fs.BoolVar(&o.passwordStdin, "password-stdin", false, "")
	fs.StringVar(&o.testRecipient, "test-recipient", "", "")
	fs.BoolVar(&o.noSend, "no-send", false, "")
	fs.DurationVar(&o.timeout, "timeout", exchange.DefaultTimeout, "")
	fs.StringVar(&o.caFile, "ca-file", "", "")
	fs.Var(o.resolve, "resolve", "")
	fs.StringVar(&o.reportFile, "report", "", "")
	fs.BoolVar(&o.demo, "demo", false, "")
	if name == "check" {
		fs.BoolVar(&o.json, "json", false, "")
	} else {
		fs.BoolVar(&o.accessible, "accessible", false, "")
	}
	return fs, o
}

// errHelp asks for the command's help text on stdout.
var errHelp = errors.New("help")

// parse parses args and refuses what must never be accepted: a password
// in a flag value is visible to every user of the machine.
func parse(fs *flag.FlagSet, o *options, args []string) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		name := strings.TrimLeft(strings.SplitN(a, "=", 2)[0], "-")
		if strings.HasPrefix(a, "-") && name == "password" {
			return errors.New("--password is not accepted: a password on the command line is visible to other users of this computer. Use --password-stdin or EWSCONNECT_PASSWORD")
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return flagError(err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.timeout <= 0 {
		return errors.New("--timeout must be more than zero, e.g. --timeout 30s")
	}
	o.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.given[f.Name] = true })
	return nil
}

// flagError words the flag package's errors with the double-dash names
// that the help shows.
func flagError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Errorf("unknown flag --%s", strings.TrimLeft(name, "-"))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Errorf("--%s needs a value", strings.TrimLeft(name, "-"))
	}
	return errors.New(strings.ReplaceAll(msg, " flag -", " flag --"))
}

// password reads the password from the first line of stdin (through the
// one reader that the wizard's answers also come from) or the environment.
// ok is false when neither gave one; an empty line is a usage error.
func (o *options) password(stdin *bufio.Reader) (pw string, ok bool, err error) {
	if o.passwordStdin {
		line, err := stdin.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, fmt.Errorf("reading the password from standard input: %w", err)
		}
		if pw = strings.TrimRight(line, "\r\n"); pw == "" {
			return "", false, errors.New("--password-stdin: the first line of standard input is empty; it must hold the password")
		}
		return pw, true, nil
	}
	// An empty variable is no password: it must still be asked for.
	if pw := os.Getenv("EWSCONNECT_PASSWORD"); pw != "" {
		return pw, true, nil
	}
	return "", false, nil
}

// network builds how to reach servers from --resolve, --ca-file, --timeout.
func (o *options) network() (exchange.Network, error) {
	n := exchange.Network{Resolve: o.resolve, Timeout: o.timeout}
	if o.caFile != "" {
		pool, err := exchange.AddRootCAs(nil, o.caFile)
		if err != nil {
			return n, fmt.Errorf("--ca-file: %w", err)
		}
		n.RootCAs = pool
	}
	return n, nil
}

// config is the run's configuration from the flags (password separately).
func (o *options) config(n exchange.Network, password string) steps.Config {
	return steps.Config{
		URL: strings.TrimSpace(o.url), Email: strings.TrimSpace(o.email),
		Username: strings.TrimSpace(o.username), Password: password,
		TestRecipient: strings.TrimSpace(o.testRecipient), NoSend: o.noSend,
		Network: n,
	}
}

// prepared is a command line turned into a run's configuration.
type prepared struct {
	opts         *options
	cfg          steps.Config
	havePassword bool        // from --password-stdin or EWSCONNECT_PASSWORD
	demo         *demoServer // the in-process simulator under --demo, else nil
}

// prepare parses a command's flags, reads the password and builds the
// network (starting the demo server under --demo). When it returns a
// non-negative exit status, the command stops with it; otherwise the
// caller must call close.
func prepare(name, help string, args []string, c console, validate func(*options) error) (prepared, int) {
	fs, o := newFlagSet(name)
	if err := parse(fs, o, args); err != nil {
		if errors.Is(err, errHelp) {
			fmt.Fprint(c.out, help)
			return prepared{}, exitOK
		}
		return prepared{}, usageError(c.err, name, err)
	}
	if err := validate(o); err != nil {
		return prepared{}, usageError(c.err, name, err)
	}
	pw, havePW, err := o.password(c.in)
	if err != nil {
		return prepared{}, usageError(c.err, name, err)
	}
	n, err := o.network()
	if err != nil {
		return prepared{}, usageError(c.err, name, err)
	}
	p := prepared{opts: o, havePassword: havePW}
	if o.demo {
		if p.demo, err = startDemo(); err != nil {
			fmt.Fprintln(c.err, "ewsconnect: starting the demo server:", err)
			return prepared{}, exitProblem
		}
		n = p.demo.network(o.timeout)
	}
	p.cfg = o.config(n, pw)
	return p, -1
}

func (p prepared) close() {
	if p.demo != nil {
		p.demo.Close()
	}
}

// usageError says what was wrong in one line, and where the help is.
func usageError(stderr io.Writer, command string, err error) int {
	fmt.Fprintln(stderr, "ewsconnect:", err)
	help := "ewsconnect --help"
	if command != "ewsconnect" {
		help = "ewsconnect " + command + " --help"
	}
	fmt.Fprintf(stderr, "Run '%s' for usage.\n", help)
	return exitUsage
}
