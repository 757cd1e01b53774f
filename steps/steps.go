package steps

import (
	"context"
	"ewsconnect/exchange"
	"fmt"
	"strings"
	"time"
)

// outcome is what a passing step saw, for its summary line.
type outcome struct {
	summary string
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

func runURL(_ context.Context, r *Runner) (outcome, error) {
	res, err := r.session.CheckURL()
	if err != nil {
		return outcome{}, err
	}
	r.usedURL = res.URL.String()
	out := outcome{summary: res.URL.String()}
	if res.Completed {
		out.summary += " (completed from " + exchange.RedactURL(r.cfg.URL) + ")"
	}
	if res.ExchangeOnline {
		out.warning = "Exchange Online: it accepts only OAuth for EWS (no passwords or app passwords), blocks EWS from 1 October 2026 and shuts it down on 1 April 2027."
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
		return outcome{summary: fmt.Sprintf("%s: not looked up here; the proxy %s (%s) resolves it", host, res.Proxy, res.ProxySource)}, nil
	}
	s := host + " → " + strings.Join(res.Addrs, ", ")
	var how []string
	if res.ConnectTo != "" {
		how = append(how, "--connect-to "+res.ConnectTo)
	}
	switch {
	case res.Override:
		how = append(how, "mapped, no DNS lookup")
	case res.DNSServer != "":
		how = append(how, "DNS server "+res.DNSServer)
	}
	if len(how) > 0 {
		s += " (" + strings.Join(how, "; ") + ")"
	}
	return outcome{summary: s}, nil
}

func runConnect(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.Connect(ctx)
	if err != nil {
		return outcome{}, err
	}
	if res.Proxy != "" {
		// "via proxy http://proxy:3128 (HTTPS_PROXY) → 10.0.0.5:3128, CONNECT mail.contoso.test:443"
		remote := res.Remote
		if res.ProxyRoute != "" {
			remote += " (" + res.ProxyRoute + ")"
		}
		return outcome{summary: fmt.Sprintf("via proxy %s (%s) → %s, CONNECT %s", res.Proxy, res.ProxySource, remote, res.Target)}, nil
	}
	s := "connected to " + res.Remote
	switch {
	case res.Bypassed != "":
		s += " (direct: " + res.Bypassed + ")"
	case res.Script != "":
		s += " (direct; the Windows proxy setting names a proxy script (PAC) at " + exchange.RedactURL(res.Script) + ", which ewsconnect does not run)"
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
	out := outcome{summary: fmt.Sprintf("certificate for %s, valid to %s", name, res.NotAfter.Format("2006-01-02"))}
	if left := time.Until(res.NotAfter); left < expiryWarning {
		out.warning = fmt.Sprintf("the certificate expires in %d days: ask your IT department to renew it", int(left.Hours()/24))
	}
	return out, nil
}

func runEndpoint(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.ProbeEndpoint(ctx)
	if err != nil {
		return outcome{}, err
	}
	if len(res.AuthSchemes) == 0 {
		return outcome{summary: fmt.Sprintf("EWS answers (HTTP %d)", res.Status)}, nil
	}
	return outcome{summary: "EWS answers; offers " + strings.Join(res.AuthSchemes, ", ")}, nil
}

func runAuth(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.SignIn(ctx)
	if err != nil {
		return outcome{}, err
	}
	r.login = res.Login
	return outcome{summary: fmt.Sprintf("signed in as %s (%s)", res.Login, res.Scheme), problems: res.Warnings}, nil
}

func runVersion(ctx context.Context, r *Runner) (outcome, error) {
	res, err := r.session.CheckVersion(ctx)
	if err != nil {
		return outcome{}, err
	}
	return outcome{summary: fmt.Sprintf("%s (%s)", res.Release, res.Build)}, nil
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
	return outcome{summary: fmt.Sprintf("sent from %s, BCC %s", res.From, res.Bcc)}, nil
}
