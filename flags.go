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
	"ewsconnect/internal/flagerr"
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
	lang                                string               // --lang, checked by i18n.Choose
	setErr                              error                // the last error of a flag's own Set
	given                               map[string]bool      // flags the user set
}

// resolveFlag collects repeated --resolve HOST:ADDR values.
type resolveFlag map[string]string

func (r resolveFlag) String() string { return "" }

func (r resolveFlag) Set(v string) error {
	host, addr, ok := strings.Cut(v, ":")
	if !ok || host == "" || addr == "" {
		return i18n.NewError("usage.error.resolve", i18n.Data{"Value": fmt.Sprintf("%q", v)})
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
	want := i18n.NewError("usage.error.domain")
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(v)), ".")
	switch {
	case d == "":
		return "", want
	case net.ParseIP(strings.Trim(d, "[]")) != nil:
		return "", i18n.NewError("usage.error.domain-ip")
	case strings.ContainsAny(d, "/:@?#"):
		return "", i18n.NewError("usage.error.domain-url")
	case strings.Contains(d, "*"):
		return "", i18n.NewError("usage.error.domain-wildcard")
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return "", want
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", want
		}
		for _, r := range l {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '-':
			case r > 127:
				return "", i18n.NewError("usage.error.domain-idn")
			default:
				return "", want
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
	fs.Var(keepError{o.resolve, &o.setErr}, "resolve", "")
	fs.Var(keepError{connectToFlag{&o.connectTo}, &o.setErr}, "connect-to", "")
	fs.Var(keepError{dnsServerFlag{&o.dnsServer}, &o.setErr}, "dns-server", "")
	fs.Var(keepError{allowRedirectFlag{&o.allowRedirect}, &o.setErr}, "allow-redirect", "")
	// A plain string, checked after parsing: the flag package would
	// repeat a bad value, proxy password and all.
	fs.StringVar(&o.proxy, "proxy", "", "")
	fs.BoolVar(&o.noProxy, "no-proxy", false, "")
	fs.StringVar(&o.reportFile, "report", "", "")
	fs.BoolVar(&o.demo, "demo", false, "")
	fs.StringVar(&o.lang, "lang", "", "")
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
			return i18n.NewError("usage.error.password-flag")
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return flagError(err, o.setErr)
	}
	if fs.NArg() > 0 {
		return i18n.NewError("usage.error.unexpected-argument", i18n.Data{"Arg": fmt.Sprintf("%q", fs.Arg(0))})
	}
	if o.timeout <= 0 {
		return i18n.NewError("usage.error.timeout")
	}
	o.given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.given[f.Name] = true })
	if o.given["proxy"] && o.noProxy {
		return i18n.NewError("usage.error.proxy-and-no-proxy")
	}
	if o.given["proxy"] && strings.TrimSpace(o.proxy) == "" {
		return i18n.NewError("usage.error.proxy-empty")
	}
	return nil
}

// keepError keeps a flag value's own error, which the flag package turns
// into English text: flagError says it in the user's language.
type keepError struct {
	flag.Value
	last *error
}

func (k keepError) Set(v string) error {
	err := k.Value.Set(v)
	if err != nil {
		*k.last = err
	}
	return err
}

// flagError words the flag package's errors in the user's language, with
// the double-dash names that the help shows; own is the refusing flag's
// own error (an *i18n.Error from --resolve, say), said as the reason.
func flagError(err, own error) error {
	f, ok := flagerr.Read(err)
	if !ok {
		return errors.New(strings.ReplaceAll(err.Error(), " flag -", " flag --"))
	}
	switch f.Kind {
	case flagerr.Unknown:
		return i18n.NewError("usage.error.unknown-flag", i18n.Data{"Flag": "--" + f.Flag})
	case flagerr.NeedsValue:
		return i18n.NewError("usage.error.needs-value", i18n.Data{"Flag": "--" + f.Flag})
	}
	var why any = f.Reason
	switch {
	case own != nil:
		why = own
	case f.Reason == flagerr.Syntax:
		why = i18n.M("usage.error.syntax")
	case f.Reason == flagerr.OutOfRange:
		why = i18n.M("usage.error.out-of-range")
	}
	return i18n.NewError("usage.error.invalid-value", i18n.Data{"Value": f.Value, "Flag": "--" + f.Flag, "Why": why})
}

// password reads the password from the first line of stdin (through the
// one reader that the wizard's answers also come from) or the environment.
// ok is false when neither gave one; an empty line is a usage error.
func (o *options) password(stdin *bufio.Reader) (pw string, ok bool, err error) {
	if o.passwordStdin {
		line, err := stdin.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, i18n.NewError("usage.error.stdin", i18n.Data{"Err": err})
		}
		if pw = strings.TrimRight(line, "\r\n"); pw == "" {
			return "", false, i18n.NewError("usage.error.stdin-empty")
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
			return n, i18n.NewError("usage.error.ca-file", i18n.Data{"Err": err})
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
	lang         i18n.Lang   // the language of everything the run says
}

// prepare parses a command's flags, chooses the language, reads the
// password and builds the network (starting the demo server under --demo).
// When it returns a non-negative exit status, the command stops with it;
// otherwise the caller must call close.
func prepare(name string, help func(i18n.Lang) string, args []string, c console, validate func(*options) error) (prepared, int) {
	lang, err := c.language(args)
	if err != nil {
		return prepared{}, usageError(c, lang, name, err)
	}
	fs, o := newFlagSet(name)
	if err := parse(fs, o, args); err != nil {
		if errors.Is(err, errHelp) {
			fmt.Fprint(c.out, help(lang))
			return prepared{}, exitOK
		}
		return prepared{}, usageError(c, lang, name, err)
	}
	if o.json && !o.given["lang"] {
		lang = i18n.EN // the contract: --json texts are English unless --lang says
	}
	fail := func(err error) (prepared, int) { return prepared{}, usageError(c, lang, name, err) }
	if err := validate(o); err != nil {
		return fail(err)
	}
	pw, havePW, err := o.password(c.in)
	if err != nil {
		return fail(err)
	}
	n, err := o.network()
	if err != nil {
		return fail(err)
	}
	chosen, err := o.chooseProxy(c)
	if err != nil {
		return fail(err)
	}
	p := prepared{opts: o, havePassword: havePW, lang: lang}
	if o.demo {
		if p.demo, err = startDemo(); err != nil {
			fmt.Fprintln(c.err, "ewsconnect:", i18n.T(lang, "cli.demo-failed", i18n.Data{"Err": err}))
			return prepared{}, exitProblem
		}
		n = p.demo.network(o.timeout, o.connectTo)
	}
	n.Proxy, n.ProxyScript = chosen.Proxy, chosen.Script
	p.cfg = o.config(n, pw)
	p.cfg.Lang = lang
	return p, -1
}

func (p prepared) close() {
	if p.demo != nil {
		p.demo.Close()
	}
}

// usageError says what was wrong in one line, in lang, and where the
// help is.
func usageError(c console, lang i18n.Lang, command string, err error) int {
	fmt.Fprintln(c.err, "ewsconnect:", i18n.ErrorIn(lang, err))
	help := "ewsconnect --help"
	if command != "ewsconnect" {
		help = "ewsconnect " + command + " --help"
	}
	fmt.Fprintln(c.err, i18n.T(lang, "usage.run-help", i18n.Data{"Help": help}))
	return exitUsage
}

// langOnlyArgs reads the arguments of a command whose only flags are
// --lang (its value already read by console.language) and --help: the
// other arguments, and whether help was asked. Any other flag, or --lang
// without its value, is bad usage.
func langOnlyArgs(args []string) (rest []string, help bool, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			help = true // in the --lang given anywhere
		case a == "--lang" || a == "-lang":
			if i+1 == len(args) {
				return nil, false, i18n.NewError("usage.error.needs-value", i18n.Data{"Flag": "--lang"})
			}
			i++
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
		case strings.HasPrefix(a, "-"):
			return nil, false, i18n.NewError("usage.error.unknown-flag", i18n.Data{"Flag": a})
		default:
			rest = append(rest, a)
		}
	}
	return rest, help, nil
}
