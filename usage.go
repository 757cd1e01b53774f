package main

// The help texts, one per command, printed to stdout by --help. Every flag
// a command accepts is in its text, and nothing else is.

const sharedFlags = `  --url URL              the EWS URL, e.g. https://mail.example.com/EWS/Exchange.asmx
                         (a bare host name is completed to its EWS URL)
  --email ADDRESS        the mailbox's email address
  --username LOGIN       a custom login such as DOMAIN\user or a UPN
                         (default: the email address)
  --password-stdin       read the password from the first line of standard input
                         (else EWSCONNECT_PASSWORD, else it is asked for, unseen)
  --test-recipient ADDR  where the test message goes, as BCC (default: the email)
  --no-send              do not send a test message
  --timeout DURATION     limit for each network step (default 10s), e.g. 30s
  --ca-file FILE         also trust this CA certificate (PEM), e.g. a company root
  --resolve HOST:ADDR    connect to ADDR (an IP or IP:PORT) for HOST, keeping HOST
                         for TLS and Host, like curl's --resolve (repeatable)
  --connect-to HOST:PORT:ADDR:PORT2
                         a connection to HOST:PORT goes to ADDR:PORT2 instead,
                         like curl's --connect-to (repeatable; an empty field
                         matches any or keeps the original); e.g. test one
                         server behind a load balancer
  --dns-server ADDR[:PORT]
                         ask this DNS server, over UDP with TCP fallback, for
                         every lookup (A/AAAA/SRV) instead of the system
                         resolver: split-DNS diagnosis and tests
  --proxy URL            send https through this HTTP proxy, reached with CONNECT:
                         http://HOST:PORT, or http://USER:PASSWORD@HOST:PORT for
                         the proxy's own sign-in (Basic); --resolve and
                         --connect-to then apply to the proxy's address.
                         Default: HTTPS_PROXY or https_proxy (NO_PROXY or
                         no_proxy name the hosts that go direct), else on
                         Windows the user's proxy setting. Under --demo the
                         environment and the system setting are ignored (they
                         cannot reach the demo); --proxy is honoured, e.g. the
                         demo's http://proxy.contoso.test:3128
  --no-proxy             connect directly, whatever the environment or the
                         system's proxy setting says
  --allow-redirect DOMAIN
                         consent for autodiscover to send the credentials to a
                         server in DOMAIN, another domain than the email's
                         (repeatable; the wizard asks instead)
  --report FILE          also write the report as Markdown to FILE
  --demo                 use the built-in demo Exchange server
`

const wizardUsage = `ewsconnect: connect an Exchange mailbox over Exchange Web Services (EWS),
and when it can't, say exactly why and how to fix it.

Usage:
  ewsconnect [flags]              the interactive wizard
  ewsconnect --demo               the wizard against the built-in demo Exchange server
  ewsconnect check [flags]        the same checks without the wizard (text, or --json)
  ewsconnect explain [CODE]       every documented problem with its fix, or one of them
  ewsconnect demo-server [flags]  the demo Exchange server on its own
  ewsconnect version              the version, commit, build date and Go version

Flags of the wizard (each answers one of its questions):
` + sharedFlags + `  --accessible           plain line prompts instead of the full-screen wizard
                         (also used when there is no terminal, or TERM=dumb)

Exit status: 0 connected; 1 a problem was found, or the wizard was left before
a connection was made; 2 bad usage; 130 interrupted (Ctrl+C).
Run 'ewsconnect COMMAND --help' for the flags of check, explain and demo-server.
`

const checkUsage = `Usage: ewsconnect check --url URL --email ADDRESS [flags]

Runs every check without the wizard and prints a step-by-step report, or one
JSON object with --json. Without --password-stdin or EWSCONNECT_PASSWORD it
asks for the password on the terminal, unseen.

Flags:
` + sharedFlags + `  --json                 print one JSON object on stdout (see the contract)

Exit status: 0 every step passed; 1 a documented problem was found; 2 bad
usage; 130 interrupted (Ctrl+C).
`

const explainUsage = `Usage: ewsconnect explain [CODE]

Prints every documented problem with its fix, by the help article's sections,
or only the problem CODE (for example auth-failed).

Flags:
  --lang en|pl           the language of the texts (default: en)

Exit status: 0; 2 for an unknown code.
`
