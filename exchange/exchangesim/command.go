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
)

// Usage is demo-server's --help.
const Usage = `Usage: ewsconnect demo-server [flags]

Runs the simulated Exchange server on loopback, prints its address, demo CA
file and scenarios, and serves until interrupted (Ctrl+C), printing each test
message it receives.

Flags:
  --listen ADDR          loopback address to listen on (default 127.0.0.1:0,
                         a free port)
  --json                 first print one JSON line: address, CA file, scenarios
  --ca-file FILE         where to write the demo CA certificate (PEM)
                         (default: ewsconnect-demo-ca.pem in the temp folder)
  --slow-delay DURATION  how long the slow-server host waits before answering
                         (default 30s)
  --latency DURATION     act like a network with this round-trip time (e.g.
                         100ms): every answer, DNS ones too, waits this long,
                         a connection's first answer twice as long (default 0)

Exit status: 0 after a clean stop; 1 when it cannot start; 2 bad usage.
`

// ServeCommand is `ewsconnect demo-server`: it starts the simulator,
// prints its address, CA file and scenario table (with --json, one JSON
// object as the first line of stdout), then serves until ctx is cancelled,
// printing each test message as it arrives. It returns the exit status: 0
// after a clean stop, 2 for bad flags, 1 when the server cannot start.
func ServeCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo-server", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are said in one line below
	fs.Usage = func() {}
	listen := fs.String("listen", "127.0.0.1:0", "")
	asJSON := fs.Bool("json", false, "")
	caFile := fs.String("ca-file", filepath.Join(os.TempDir(), "ewsconnect-demo-ca.pem"), "")
	slow := fs.Duration("slow-delay", 30*time.Second, "")
	latency := fs.Duration("latency", 0, "")
	usageError := func(msg string) int {
		fmt.Fprintf(stderr, "ewsconnect demo-server: %s\nRun 'ewsconnect demo-server --help' for usage.\n", msg)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, Usage)
			return 0
		}
		msg := strings.Replace(err.Error(), "flag provided but not defined: -", "unknown flag --", 1)
		return usageError(strings.Replace(msg, " flag -", " flag --", 1))
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if *latency < 0 {
		return usageError("--latency must not be negative")
	}

	var out sync.Mutex // the OnSend callback runs on server goroutines
	var srv *Server
	onSend := func(m Message) {
		out.Lock()
		defer out.Unlock()
		printMessage(stdout, m, *asJSON)
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
		printBanner(stdout, srv, *caFile)
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

func printBanner(w io.Writer, srv *Server, caFile string) {
	port := srv.port()
	fmt.Fprintf(w, "ewsconnect demo server: a simulated Exchange organisation (%s, NetBIOS domain %s)\n", srv.Domain(), netBIOSDomain)
	fmt.Fprintf(w, "  listening on  %s (loopback only; every demo host name is served here)\n", srv.Addr())
	fmt.Fprintf(w, "  DNS           %s (UDP and TCP: the demo names, for --dns-server)\n", srv.DNSAddr())
	fmt.Fprintf(w, "  demo CA       %s (trust it with --ca-file)\n", caFile)
	for _, p := range demoProxies {
		fmt.Fprintf(w, "  proxy         %s on %s (%s)\n", p.url(), srv.ProxyAddrs()[p.name], p.short)
	}
	fmt.Fprintf(w, "                (give --proxy URL --resolve NAME:ADDR, as the proxy rows' args do)\n")
	fmt.Fprintf(w, "  password      %s for every demo account (a demo password, printed on purpose)\n\n", DemoPassword)

	printTable(w, srv.Scenarios(true), len(srv.ConnectArgs()))
	fmt.Fprintf(w, "\nRun a row (here: healthy) with:\n")
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
	fmt.Fprintf(w, "For another row, use its host or URL, its email, and --username LOGIN where it names a login.\n")
	fmt.Fprintf(w, "An autodiscover row has no URL: the server is found from the email, through the demo DNS:\n")
	printCommand(w, ps, pipe+"ewsconnect check --email alice@contoso.test --password-stdin",
		"--ca-file "+caFile,
		"--dns-server "+srv.DNSAddr(),
		strings.Join(srv.ConnectArgs(), " "))
	fmt.Fprintf(w, "adding the row's own arguments (args), where it has any: a proxy row's give --proxy and --resolve.\n")
	fmt.Fprintf(w, "Or with curl, which takes the password in its own way:\n")
	printCommand(w, ps, "curl --ntlm -u 'CONTOSO\\alice:"+DemoPassword+"'",
		"--cacert "+caFile,
		"--resolve mail.contoso.test:"+port+":127.0.0.1",
		"https://mail.contoso.test:"+port+"/EWS/Exchange.asmx")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Serving until interrupted (Ctrl+C). Test messages are shown as they arrive.\n")
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

// printTable lists the scenarios, two lines each: name, expected code,
// host (or "(autodiscover)") and email; then, indented, what differs from
// the defaults (the URL to type, the login, the password, the row's own
// arguments: Args after the first skipArgs of an autodiscover row) and
// what the row shows.
func printTable(w io.Writer, scenarios []Scenario, skipArgs int) {
	// Columns start at these offsets, or one space after a longer field.
	stops := []int{0, 30, 52, 76}
	row := func(fields ...string) {
		var b strings.Builder
		for i, f := range fields {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", max(stops[i]-b.Len(), 1)))
			}
			b.WriteString(f)
		}
		fmt.Fprintln(w, b.String())
	}
	row("SCENARIO", "EXPECT", "HOST", "EMAIL")
	for _, sc := range scenarios {
		host, args := sc.Host, sc.Args
		if sc.Autodiscover {
			host = "(autodiscover)"
			args = args[min(skipArgs, len(args)):]
		}
		row(sc.Name, sc.Expect, host, sc.Email)
		var notes []string
		if sc.URL != "" {
			notes = append(notes, "URL "+sc.URL+";")
		}
		if len(args) > 0 {
			notes = append(notes, "args "+strings.Join(args, " ")+";")
		}
		if sc.Username != "" {
			notes = append(notes, "login "+sc.Username+";")
		}
		if sc.Password != DemoPassword {
			notes = append(notes, "password "+sc.Password+";")
		}
		for _, line := range wrapWords(strings.Join(append(notes, sc.About), " "), tableWidth-4) {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
}

// wrapWords breaks text into lines of at most width columns at spaces.
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len(line)+1+len(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

func printMessage(w io.Writer, m Message, asJSON bool) {
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
	fmt.Fprintf(w, "%s  test message via %s, signed in as %s: from %s, BCC %s, subject %q\n",
		m.Time.Format("15:04:05"), m.Host, m.Login, m.From, orNone(strings.Join(m.Bcc, ", ")), m.Subject)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
