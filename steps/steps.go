package steps

import (
	"context"
	"ewsconnect/exchange"
	"ewsconnect/exchange/proxy"
	"ewsconnect/i18n"
	"fmt"
	"strings"
	"time"
)

// outcome is what a passing step saw, for its summary line.
type outcome struct {
	summary string
	// cut is the part of summary a narrow screen may shorten (a URL).
	cut     string
	warning string // non-empty: the step passed with a warning
	// problems are coded warnings (auth-channel-binding,
	// password-expiring): the step warns and carries them.
	problems []*exchange.Problem
}

// runners holds each step's work. Each calls one exchange.Session method
// and turns what it learned into a summary; failures come back as errors
// carrying an exchange.Problem.
var runners = map[ID]func(context.Context, *Runner) (outcome, error){
	Autodiscover: runAutodiscover,
	URL:          runURL,
	DNS:          runDNS,
	Connect:      runConnect,
	TLS:          runTLS,
	Endpoint:     runEndpoint,
	Auth:         runAuth,
	Version:      runVersion,
	Mailbox:      runMailbox,
	Send:         runSend,
}

// t is a text of the run's language.
func (r *Runner) t(key string, data ...map[string]any) string {
	return i18n.T(r.cfg.Lang, key, data...)
}

func runURL(_ context.Context, r *Runner) (outcome, error) {
	res, err := r.session.CheckURL()
	if err != nil {
		return outcome{}, err
	}
	r.usedURL = res.URL.String()
	out := outcome{summary: res.URL.String()}
	if res.Completed {
		out.summary += " " + r.t("summary.url.completed", map[string]any{"Typed": exchange.RedactURL(r.cfg.URL)})
	}
	if res.ExchangeOnline {
		out.warning = r.t("warning.exchange-online")
	}
	return out, nil
}

func runDNS(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.LookupHost(ctx)
	if err != nil {
		return outcome{}, err
	}
	host := exchange.DisplayHost(r.usedURL)
	if res.Proxy != "" {
		return outcome{summary: r.t("summary.dns.by-proxy", map[string]any{"Host": host, "Proxy": res.Proxy, "Source": proxy.SourceWords(res.ProxySource)})}, nil
	}
	return outcome{summary: host + " → " + strings.Join(res.Addrs, ", ") + r.routeHow(res)}, nil
}

// routeHow says, in brackets, what decided where a connection goes when
// DNS alone did not: a --connect-to rule, --resolve (or the demo's
// mapping), or the --dns-server asked; "" otherwise. The dns step words
// the server's route with it, the connect step the proxy's.
func (r *Runner) routeHow(res exchange.DNSResult) string {
	var how []string
	if res.ConnectTo != "" {
		how = append(how, "--connect-to "+res.ConnectTo)
	}
	switch {
	case res.Override:
		how = append(how, r.t("summary.dns.mapped"))
	case res.DNSServer != "":
		how = append(how, r.t("summary.dns.server", map[string]any{"Server": res.DNSServer}))
	}
	if len(how) == 0 {
		return ""
	}
	return " (" + strings.Join(how, "; ") + ")"
}

func runConnect(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.Connect(ctx)
	if err != nil {
		return outcome{}, err
	}
	if res.Proxy != "" {
		// "via proxy http://proxy:3128 (HTTPS_PROXY) → 10.0.0.5:3128, CONNECT mail.contoso.test:443"
		remote := res.Remote + r.routeHow(res.ProxyRoute)
		return outcome{summary: r.t("summary.connect.via-proxy", map[string]any{"Proxy": res.Proxy, "Source": proxy.SourceWords(res.ProxySource), "Remote": remote, "Target": res.Target})}, nil
	}
	s := r.t("summary.connect.direct", map[string]any{"Remote": res.Remote})
	switch {
	case !res.Bypassed.IsZero():
		s += " " + r.t("summary.connect.bypassed", map[string]any{"Why": res.Bypassed})
	case res.Script != "":
		s += " " + r.t("summary.connect.pac", map[string]any{"Script": exchange.RedactURL(res.Script)})
	}
	return outcome{summary: s}, nil
}

// expiryWarning is how close to its end a certificate earns a warning.
const expiryWarning = 14 * 24 * time.Hour

func runTLS(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.Handshake(ctx)
	if err != nil {
		return outcome{}, err
	}
	name := res.Subject
	if len(res.Names) > 0 {
		name = res.Names[0]
	}
	out := outcome{summary: r.t("summary.tls", map[string]any{"Name": name, "Until": res.NotAfter})}
	if left := time.Until(res.NotAfter); left < expiryWarning {
		out.warning = i18n.N(r.cfg.Lang, "warning.certificate-expires", int(left.Hours()/24))
	}
	return out, nil
}

func runEndpoint(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.ProbeEndpoint(ctx)
	if err != nil {
		return outcome{}, err
	}
	if len(res.AuthSchemes) == 0 {
		return outcome{summary: r.t("summary.endpoint.status", map[string]any{"Status": res.Status})}, nil
	}
	return outcome{summary: r.t("summary.endpoint.offers", map[string]any{"Schemes": strings.Join(res.AuthSchemes, ", ")})}, nil
}

func runAuth(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.SignIn(ctx)
	if err != nil {
		return outcome{}, err
	}
	r.login = res.Login
	return outcome{summary: r.t("summary.auth", map[string]any{"Login": res.Login, "Scheme": res.Scheme}), problems: res.Warnings}, nil
}

func runVersion(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.CheckVersion(ctx)
	if err != nil {
		return outcome{}, err
	}
	return outcome{summary: fmt.Sprintf("%s (%s)", res.ReleaseIn(r.cfg.Lang), res.Build)}, nil
}

func runMailbox(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.CheckMailbox(ctx)
	if err != nil {
		return outcome{}, err
	}
	r.mailbox = res.SMTPAddress
	return outcome{summary: res.SMTPAddress}, nil
}

func runSend(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.SendTestMessage(ctx, r.cfg.Recipient())
	if err != nil {
		return outcome{}, err
	}
	r.sentTo = res.Bcc
	return outcome{summary: r.t("summary.send", map[string]any{"From": res.From, "Bcc": res.Bcc})}, nil
}
