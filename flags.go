package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
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
	dnsServer                           string               // --dns-server, as "IP:PORT"
	connectTo                           []exchange.ConnectTo // --connect-to rules, in order
	allowRedirect                       []string             // --allow-redirect domains, lower-case
	proxy                               string               // --proxy, checked by proxy.Choose
	noProxy                             bool                 // --no-proxy
	given                               map[string]bool      // flags the user set
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

// dnsServerFlag checks --dns-server ADDR[:PORT] and keeps it as IP:PORT.
type dnsServerFlag struct{ addr *string }

func (f dnsServerFlag) String() string { return "" }

func (f dnsServerFlag) Set(v string) error {
	addr, err := exchange.ParseDNSServer(v)
	if err != nil {
		return err
	}
	*f.addr = addr
	return nil
}

// connectToFlag collects repeated --connect-to HOST:PORT:ADDR:PORT2 rules
// in the order given: the first that matches applies.
type connectToFlag struct{ rules *[]exchange.ConnectTo }

func (f connectToFlag) String() string { return "" }

func (f connectToFlag) Set(v string) error {
	rule, err := exchange.ParseConnectTo(v)
	if err != nil {
		return err
	}
	*f.rules = append(*f.rules, rule)
	return nil
}

// allowRedirectFlag collects repeated --allow-redirect DOMAIN values,
// lower-case and without a final dot, each once.
type allowRedirectFlag struct{ domains *[]string }

func (f allowRedirectFlag) String() string { return "" }

func (f allowRedirectFlag) Set(v string) error {
	d, err := plainDomain(v)
	if err != nil {
		return err
	}
	if !slices.Contains(*f.domains, d) {
		*f.domains = append(*f.domains, d)
	}
	return nil
}

// plainDomain checks that v is a domain name as consent is given for it,
// e.g. contoso.com: no scheme, port, path, wildcard or IP address, at
// least two labels of letters, digits and inner hyphens. It returns the
// name lower-cased, without a final dot.
func plainDomain(v string) (string, error) {
	const want = "want a plain domain name such as contoso.com"
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(v)), ".")
	switch {
	case d == "":
		return "", errors.New(want)
	case net.ParseIP(strings.Trim(d, "[]")) != nil:
		return "", errors.New(want + ", not an IP address")
	case strings.ContainsAny(d, "/:@?#"):
		return "", errors.New(want + ", without https://, a port or a path")
	case strings.Contains(d, "*"):
		return "", errors.New(want + ", without a wildcard")
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return "", errors.New(want)
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", errors.New(want)
		}
		for _, r := range l {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '-':
			case r > 127:
				return "", errors.New(want + "; write an international name in its xn-- form")
			default:
				return "", errors.New(want)
			}
		}
	}
	return d, nil
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
	fs.Var(connectToFlag{&o.connectTo}, "connect-to", "")
	fs.Var(dnsServerFlag{&o.dnsServer}, "dns-server", "")
	fs.Var(allowRedirectFlag{&o.allowRedirect}, "allow-redirect", "")
	// A plain string, checked after parsing: the flag package would
	// repeat a bad value, proxy password and all.
	fs.StringVar(&o.proxy, "proxy", "", "")
	fs.BoolVar(&o.noProxy, "no-proxy", false, "")
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
	if o.given["proxy"] && o.noProxy {
		return errors.New("--proxy and --no-proxy contradict each other: give one of them")
	}
	if o.given["proxy"] && strings.TrimSpace(o.proxy) == "" {
		return errors.New("--proxy: the proxy address is empty; want http://HOST:PORT, e.g. http://proxy.example.com:3128")
	}
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

// network builds how to reach servers from --resolve, --connect-to,
// --dns-server, --ca-file and --timeout.
func (o *options) network() (exchange.Network, error) {
	n := exchange.Network{Resolve: o.resolve, ConnectTo: o.connectTo, DNSServer: o.dnsServer, Timeout: o.timeout}
	if o.caFile != "" {
		pool, err := exchange.AddRootCAs(nil, o.caFile)
		if err != nil {
			return n, fmt.Errorf("--ca-file: %w", err)
		}
		n.RootCAs = pool
	}
	return n, nil
}

// chooseProxy picks the proxy for https: --proxy, --no-proxy, else the
// environment (HTTPS_PROXY, NO_PROXY and their lower-case forms), else
// the user's Windows setting. Under --demo only the flags count: a
// company proxy from the environment could not reach the in-process
// demo server.
func (o *options) chooseProxy(c console) (proxy.Decision, error) {
	choice := proxy.Choice{Flag: strings.TrimSpace(o.proxy), Off: o.noProxy}
	if !o.demo {
		choice.Getenv, choice.Windows = c.env.getenv, c.env.systemProxy
	}
	return proxy.Choose(choice)
}

// config is the run's configuration from the flags (password separately).
func (o *options) config(n exchange.Network, password string) steps.Config {
	return steps.Config{
		URL: strings.TrimSpace(o.url), Email: strings.TrimSpace(o.email),
		Username: strings.TrimSpace(o.username), Password: password,
		TestRecipient: strings.TrimSpace(o.testRecipient), NoSend: o.noSend,
		Network: n, AllowRedirect: o.allowRedirect,
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
	chosen, err := o.chooseProxy(c)
	if err != nil {
		return prepared{}, usageError(c.err, name, err)
	}
	p := prepared{opts: o, havePassword: havePW}
	if o.demo {
		if p.demo, err = startDemo(); err != nil {
			fmt.Fprintln(c.err, "ewsconnect: starting the demo server:", err)
			return prepared{}, exitProblem
		}
		n = p.demo.network(o.timeout, o.connectTo)
	}
	n.Proxy, n.ProxyScript = chosen.Proxy, chosen.Script
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
	fmt.Fprintln(stderr, i18n.T(i18n.EN, "usage.run-help", map[string]any{"Help": help}))
	return exitUsage
}
