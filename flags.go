package main

import (
	"bufio"
	"crypto/x509"
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

// newFlagSet declares the shared flags on a set named for the command.
func newFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *options) {
	o := &options{resolve: resolveFlag{}}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	fs.StringVar(&o.url, "url", "", "the EWS URL")
	fs.StringVar(&o.email, "email", "", "the mailbox's email address")
	fs.StringVar(&o.username, "username", "", `a custom login such as DOMAIN\user`)
	fs.BoolVar(&o.passwordStdin, "password-stdin", false, "read the password from standard input")
	fs.StringVar(&o.testRecipient, "test-recipient", "", "BCC address of the test message")
	fs.BoolVar(&o.noSend, "no-send", false, "do not send a test message")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "limit for each network step")
	fs.StringVar(&o.caFile, "ca-file", "", "also trust this CA (PEM)")
	fs.Var(o.resolve, "resolve", "HOST:ADDR")
	fs.StringVar(&o.reportFile, "report", "", "write a Markdown report")
	fs.BoolVar(&o.json, "json", false, "print JSON (check)")
	fs.BoolVar(&o.demo, "demo", false, "use the built-in demo Exchange server")
	fs.BoolVar(&o.accessible, "accessible", false, "plain line prompts (wizard)")
	return fs, o
}

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
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.timeout <= 0 {
		return errors.New("--timeout must be more than zero")
	}
	o.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.given[f.Name] = true })
	return nil
}

// password reads the password from stdin (first line) or the environment.
// ok is false when neither gave one.
func (o *options) password(stdin io.Reader) (pw string, ok bool, err error) {
	if o.passwordStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, fmt.Errorf("reading the password from standard input: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), true, nil
	}
	// An empty variable is no password: the wizard must still ask.
	if pw := os.Getenv("EWSCONNECT_PASSWORD"); pw != "" {
		return pw, true, nil
	}
	return "", false, nil
}

// network builds how to reach servers from --resolve, --ca-file, --timeout.
func (o *options) network() (exchange.Network, error) {
	n := exchange.Network{Resolve: o.resolve, Timeout: o.timeout}
	if o.caFile != "" {
		pem, err := os.ReadFile(o.caFile)
		if err != nil {
			return n, fmt.Errorf("--ca-file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return n, fmt.Errorf("--ca-file %s: no PEM certificate found", o.caFile)
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
func prepare(name string, args []string, stdin io.Reader, stderr io.Writer, validate func(*options) error) (prepared, int) {
	fs, o := newFlagSet(name, stderr)
	if err := parse(fs, o, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return prepared{}, exitOK
		}
		return prepared{}, usageError(stderr, err)
	}
	if err := validate(o); err != nil {
		return prepared{}, usageError(stderr, err)
	}
	pw, havePW, err := o.password(stdin)
	if err != nil {
		return prepared{}, usageError(stderr, err)
	}
	n, err := o.network()
	if err != nil {
		return prepared{}, usageError(stderr, err)
	}
	p := prepared{opts: o, havePassword: havePW}
	if o.demo {
		if p.demo, err = startDemo(); err != nil {
			fmt.Fprintln(stderr, "ewsconnect: starting the demo server:", err)
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

func usageError(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, "ewsconnect:", err)
	fmt.Fprintln(stderr, "Run 'ewsconnect --help' for usage.")
	return exitUsage
}
