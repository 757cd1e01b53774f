package exchangesim

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"ewsconnect/i18n"
	"ewsconnect/internal/flagerr"
)

// Usage is demo-server's --help in l, from the catalogs (demo.server.usage).
func Usage(l i18n.Lang) string { return i18n.T(l, "demo.server.usage") }

// ServeCommand is `ewsconnect demo-server`: it starts the simulator,
// prints its address, CA file and scenario table (with --json, one JSON
// object as the first line of stdout; else in English, or in the language
// of --lang), then serves until ctx is cancelled,
// printing each test message as it arrives. It returns the exit status: 0
// after a clean stop, 2 for bad flags, 1 when the server cannot start.
func ServeCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return ServeCommandIn(ctx, i18n.EN, args, stdout, stderr)
}

// ServeCommandIn is ServeCommand speaking def unless --lang says
// otherwise: the language chosen from the user's environment.
func ServeCommandIn(ctx context.Context, def i18n.Lang, args []string, stdout, stderr io.Writer) int {
	// Help and usage errors are said in the --lang given anywhere, when
	// it is a language (a wrong one is an error in def).
	lang := def
	if value, _ := i18n.LangArg(args); value != "" {
		if l, ok := i18n.Parse(value); ok {
			lang = l
		}
	}
	fs := flag.NewFlagSet("demo-server", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are said in one line below
	fs.Usage = func() {}
	listen := fs.String("listen", "127.0.0.1:0", "")
	asJSON := fs.Bool("json", false, "")
	caFile := fs.String("ca-file", filepath.Join(os.TempDir(), "ewsconnect-demo-ca.pem"), "")
	slow := fs.Duration("slow-delay", 30*time.Second, "")
	latency := fs.Duration("latency", 0, "")
	langFlag := fs.String("lang", string(lang), "")
	usageError := func(msg string) int {
		fmt.Fprintf(stderr, "ewsconnect demo-server: %s\n%s\n", msg,
			i18n.T(lang, "usage.run-help", map[string]any{"Help": "ewsconnect demo-server --help"}))
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, Usage(lang))
			return 0
		}
		return usageError(flagError(lang, err))
	}
	if fs.NArg() > 0 {
		return usageError(i18n.T(lang, "demo.server.error.unexpected-argument", map[string]any{"Arg": fmt.Sprintf("%q", fs.Arg(0))}))
	}
	l, ok := i18n.Parse(*langFlag)
	if !ok {
		return usageError(i18n.T(lang, "demo.server.error.invalid-value", map[string]any{
			"Value": fmt.Sprintf("%q", *langFlag), "Flag": "lang",
			"Detail": i18n.T(lang, "demo.server.error.lang", map[string]any{"Langs": i18n.Names("|")})}))
	}
	lang = l
	if *latency < 0 {
		return usageError(i18n.T(lang, "demo.server.error.negative-latency"))
	}

	var out sync.Mutex // the OnSend callback runs on server goroutines
	var srv *Server
	onSend := func(m Message) {
		out.Lock()
		defer out.Unlock()
		printMessage(stdout, lang, m, *asJSON)
	}
	srv, err := Start(Options{Listen: *listen, CAFile: *caFile, SlowDelay: *slow, Latency: *latency, OnSend: onSend})
	if err != nil {
		fmt.Fprintf(stderr, "demo-server: %v\n", err)
		if errors.Is(err, ErrNotLoopback) {
			return 2
		}
		return 1
	}
	defer srv.Close()

	out.Lock()
	if *asJSON {
		err = printJSONHeader(stdout, srv, *caFile)
	} else {
		printBanner(stdout, lang, srv, *caFile)
	}
	out.Unlock()
	if err != nil {
		fmt.Fprintf(stderr, "demo-server: %v\n", err)
		return 1
	}

	<-ctx.Done()
	return 0
}

// demoServerInfo is the first line of `demo-server --json`, the contract's shape.
type demoServerInfo struct {
	Addr      string     `json:"addr"`
	DNS       string     `json:"dns"`
	CAFile    string     `json:"ca_file"`
	Domain    string     `json:"domain"`
	Proxies   []Proxy    `json:"proxies"`
	Scenarios []Scenario `json:"scenarios"`
}

// Proxy is one of the demo's web proxies as demo-server lists it: the URL
// to give --proxy, and the loopback address it really listens on (give
// --resolve NAME:ADDR).
type Proxy struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Addr  string `json:"addr"`
	About string `json:"about"`
}

// Proxies lists the demo's web proxies.
func (s *Server) Proxies() []Proxy {
	addrs := s.ProxyAddrs()
	out := make([]Proxy, 0, len(demoProxies))
	for _, p := range demoProxies {
		out = append(out, Proxy{Name: p.name, URL: p.url(), Addr: addrs[p.name], About: p.about})
	}
	return out
}

func printJSONHeader(w io.Writer, srv *Server, caFile string) error {
	b, err := json.Marshal(demoServerInfo{Addr: srv.Addr(), DNS: srv.DNSAddr(), CAFile: caFile, Domain: srv.Domain(),
		Proxies: srv.Proxies(), Scenarios: srv.Scenarios(true)})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func printBanner(w io.Writer, l i18n.Lang, srv *Server, caFile string) {
	port := srv.port()
	line := func(key string, data ...map[string]any) { fmt.Fprintln(w, i18n.T(l, "demo.server."+key, data...)) }
	line("title", map[string]any{"Domain": srv.Domain(), "NetBIOS": netBIOSDomain})
	line("listening", map[string]any{"Addr": srv.Addr()})
	line("dns", map[string]any{"Addr": srv.DNSAddr()})
	line("ca", map[string]any{"File": caFile})
	for _, p := range demoProxies {
		line("proxy", map[string]any{"URL": p.url(), "Addr": srv.ProxyAddrs()[p.name], "About": p.shortIn(l)})
	}
	line("proxy-args")
	line("password", map[string]any{"Password": DemoPassword})
	fmt.Fprintln(w)

	printTable(w, l, srv.Scenarios(true), len(srv.ConnectArgs()))
	fmt.Fprintln(w)
	line("run-row")
	ps := runtime.GOOS == "windows"
	pipe := "printf '%s\\n' '" + DemoPassword + "' | "
	if ps {
		pipe = "'" + DemoPassword + "' | "
	}
	printCommand(w, ps, pipe+"ewsconnect check",
		"--url https://mail.contoso.test:"+port+"/EWS/Exchange.asmx",
		"--email alice@contoso.test --password-stdin",
		"--ca-file "+caFile,
		"--resolve mail.contoso.test:127.0.0.1")
	line("other-row")
	line("autodiscover-row")
	printCommand(w, ps, pipe+"ewsconnect check --email alice@contoso.test --password-stdin",
		"--ca-file "+caFile,
		"--dns-server "+srv.DNSAddr(),
		strings.Join(srv.ConnectArgs(), " "))
	line("row-args")
	line("curl")
	printCommand(w, ps, "curl --ntlm -u 'CONTOSO\\alice:"+DemoPassword+"'",
		"--cacert "+caFile,
		"--resolve mail.contoso.test:"+port+":127.0.0.1",
		"https://mail.contoso.test:"+port+"/EWS/Exchange.asmx")
	fmt.Fprintln(w)
	line("serving")
}

// shortIn is the proxy's short about in l (demo.server.proxy-about.<the
// name's first label>); English is short.
func (p demoProxy) shortIn(l i18n.Lang) string {
	label, _, _ := strings.Cut(p.name, ".")
	key := "demo.server.proxy-about." + label
	if s := i18n.T(l, key); s != key {
		return s
	}
	return p.short
}

// flagError is err from fs.Parse as one line in l.
func flagError(l i18n.Lang, err error) string {
	f, ok := flagerr.Read(err)
	if !ok {
		return strings.Replace(err.Error(), " flag -", " flag --", 1)
	}
	switch f.Kind {
	case flagerr.Unknown:
		return i18n.T(l, "demo.server.error.unknown-flag", map[string]any{"Flag": f.Flag})
	case flagerr.NeedsValue:
		return i18n.T(l, "demo.server.error.needs-argument", map[string]any{"Flag": f.Flag})
	}
	detail := f.Reason
	switch detail {
	case flagerr.Syntax:
		detail = i18n.T(l, "demo.server.error.parse-error")
	case flagerr.OutOfRange:
		detail = i18n.T(l, "demo.server.error.out-of-range")
	}
	return i18n.T(l, "demo.server.error.invalid-value", map[string]any{"Value": f.Value, "Flag": f.Flag, "Detail": detail})
}

// printCommand prints a command line over several lines that pastes into
// the shell of this system: POSIX with \\ at the line ends, PowerShell with
// a backtick.
func printCommand(w io.Writer, powerShell bool, lines ...string) {
	cont := " \\"
	if powerShell {
		cont = " `"
	}
	for i, line := range lines {
		lead, end := "      ", cont
		if i == 0 {
			lead = "  "
		}
		if i == len(lines)-1 {
			end = ""
		}
		fmt.Fprintf(w, "%s%s%s\n", lead, line, end)
	}
}

// tableWidth is the widest line of the scenario table: it fits a
// 100-column terminal, as on a trainer's shared screen.
const tableWidth = 100

// printTable lists the scenarios in l, two lines each: name, expected
// code, host (or "(autodiscover)") and email; then, indented, what differs
// from the defaults (the URL to type, the login, the password, the row's
// own arguments: Args after the first skipArgs of an autodiscover row) and
// what the row shows. Widths are counted in runes, one column each in the
// catalogs' languages, so that Polish letters do not shorten a line.
func printTable(w io.Writer, l i18n.Lang, scenarios []Scenario, skipArgs int) {
	t := func(key string, data ...map[string]any) string { return i18n.T(l, "demo.server.table."+key, data...) }
	// Columns start at these offsets, or one space after a longer field.
	stops := []int{0, 30, 52, 76}
	row := func(fields ...string) {
		var b strings.Builder
		width := 0
		for i, f := range fields {
			if i > 0 {
				pad := max(stops[i]-width, 1)
				b.WriteString(strings.Repeat(" ", pad))
				width += pad
			}
			b.WriteString(f)
			width += columns(f)
		}
		fmt.Fprintln(w, b.String())
	}
	row(t("scenario"), t("expect"), t("host"), t("email"))
	for _, sc := range scenarios {
		host, args := sc.Host, sc.Args
		if sc.Autodiscover {
			host = t("autodiscover")
			args = args[min(skipArgs, len(args)):]
		}
		row(sc.Name, sc.Expect, host, sc.Email)
		var notes []string
		if sc.URL != "" {
			notes = append(notes, t("url", map[string]any{"URL": sc.URL}))
		}
		if len(args) > 0 {
			notes = append(notes, t("args", map[string]any{"Args": strings.Join(args, " ")}))
		}
		if sc.Username != "" {
			notes = append(notes, t("login", map[string]any{"Login": sc.Username}))
		}
		if sc.Password != DemoPassword {
			notes = append(notes, t("password", map[string]any{"Password": sc.Password}))
		}
		for _, line := range wrapWords(strings.Join(append(notes, aboutIn(l, sc)), " "), tableWidth-4) {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
}

// aboutIn is what the row shows, in l (demo.about.<row>); the row's own
// About, English, where the catalogs lack it.
func aboutIn(l i18n.Lang, sc Scenario) string {
	key := "demo.about." + sc.Name
	if s := i18n.T(l, key); s != key {
		return s
	}
	return sc.About
}

// columns is how many columns s takes on a terminal: one per rune, which
// holds for the catalogs' languages (no wide or combining characters).
func columns(s string) int { return utf8.RuneCountInString(s) }

// wrapWords breaks text into lines of at most width columns at spaces.
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case columns(line)+1+columns(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

func printMessage(w io.Writer, l i18n.Lang, m Message, asJSON bool) {
	if asJSON {
		b, err := json.Marshal(struct {
			Event   string    `json:"event"`
			Host    string    `json:"host"`
			Login   string    `json:"login"`
			From    string    `json:"from"`
			To      []string  `json:"to,omitempty"`
			Bcc     []string  `json:"bcc,omitempty"`
			Subject string    `json:"subject"`
			Time    time.Time `json:"time"`
		}{"message", m.Host, m.Login, m.From, m.To, m.Bcc, m.Subject, m.Time})
		if err == nil {
			fmt.Fprintf(w, "%s\n", b)
		}
		return
	}
	bcc := strings.Join(m.Bcc, ", ")
	if bcc == "" {
		bcc = i18n.T(l, "demo.server.none")
	}
	fmt.Fprintln(w, i18n.T(l, "demo.server.message", map[string]any{"Time": m.Time.Format("15:04:05"),
		"Host": m.Host, "Login": m.Login, "From": m.From, "Bcc": bcc, "Subject": fmt.Sprintf("%q", m.Subject)}))
}
