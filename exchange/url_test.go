package exchange

import "testing"

func TestCheckURL(t *testing.T) {
	const ews = "https://mail.contoso.com/EWS/Exchange.asmx"
	tests := []struct {
		name     string
		raw      string
		want     Code // "" = accepted
		suggest  string
		exchange bool // Exchange Online
		// completes: the address names only the server; the session
		// checks its EWS URL, the URL rules alone refuse it.
		completes bool
	}{
		{name: "canonical EWS URL", raw: ews},
		{name: "lower-case path", raw: "https://mail.contoso.com/ews/exchange.asmx"},
		{name: "upper-case path and host", raw: "HTTPS://MAIL.CONTOSO.COM/EWS/EXCHANGE.ASMX"},
		{name: "surrounding spaces", raw: "  " + ews + "\t"},
		{name: "explicit port", raw: "https://mail.contoso.com:8443/EWS/Exchange.asmx"},
		{name: "IP address", raw: "https://10.0.0.5/EWS/Exchange.asmx"},
		{name: "IPv6 address", raw: "https://[2001:db8::5]/EWS/Exchange.asmx"},
		{name: "Exchange Online", raw: "https://outlook.office365.com/EWS/Exchange.asmx", exchange: true},
		{name: "Exchange Online, OWA host", raw: "https://outlook.office.com/ews/exchange.asmx", exchange: true},
		{name: "Exchange Online GCC High", raw: "https://outlook.office365.us/EWS/Exchange.asmx", exchange: true},
		{name: "Exchange Online China", raw: "https://partner.outlook.cn/EWS/Exchange.asmx", exchange: true},
		{name: "Exchange Online Germany", raw: "https://outlook.office.de/EWS/Exchange.asmx", exchange: true},

		{name: "owa", raw: "https://mail.contoso.com/owa", want: CodeURLOWA, suggest: ews},
		{name: "owa with slash", raw: "https://mail.contoso.com/owa/", want: CodeURLOWA, suggest: ews},
		{name: "owa logon page", raw: "https://mail.contoso.com/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0", want: CodeURLOWA, suggest: ews},
		{name: "owa upper case", raw: "https://mail.contoso.com/OWA/", want: CodeURLOWA, suggest: ews},
		{name: "home (help article's example)", raw: "https://mail.contoso.com/home", want: CodeURLOWA, suggest: ews},
		{name: "mail with hash route", raw: "https://outlook.office.com/mail/#/inbox", want: CodeURLOWA, suggest: "https://outlook.office.com/EWS/Exchange.asmx"},
		{name: "calendar", raw: "https://outlook.office365.com/calendar/view/month", want: CodeURLOWA, suggest: "https://outlook.office365.com/EWS/Exchange.asmx"},
		{name: "server root with slash", raw: "https://mail.contoso.com/", completes: true},
		{name: "server root", raw: "https://mail.contoso.com", completes: true},
		{name: "ecp", raw: "https://mail.contoso.com/ecp/", want: CodeURLOWA, suggest: ews},
		{name: "owa keeps the port", raw: "https://mail.contoso.com:8443/owa/", want: CodeURLOWA, suggest: "https://mail.contoso.com:8443/EWS/Exchange.asmx"},
		{name: "owa drops port 443", raw: "https://mail.contoso.com:443/owa/", want: CodeURLOWA, suggest: ews},

		{name: "EWS folder only", raw: "https://mail.contoso.com/EWS", want: CodeURLNotEWS, suggest: ews},
		{name: "EWS folder with slash", raw: "https://mail.contoso.com/EWS/", want: CodeURLNotEWS, suggest: ews},
		{name: "wsdl", raw: "https://mail.contoso.com/EWS/Services.wsdl", want: CodeURLNotEWS, suggest: ews},
		{name: "autodiscover", raw: "https://autodiscover.contoso.com/autodiscover/autodiscover.xml", want: CodeURLNotEWS, suggest: "https://autodiscover.contoso.com/EWS/Exchange.asmx"},
		{name: "EWS with query", raw: ews + "?wsdl", want: CodeURLNotEWS, suggest: ews},
		{name: "EWS with trailing slash", raw: ews + "/", want: CodeURLNotEWS, suggest: ews},

		{name: "http", raw: "http://mail.contoso.com/EWS/Exchange.asmx", want: CodeURLNotHTTPS, suggest: ews},
		{name: "http owa", raw: "http://mail.contoso.com/owa", want: CodeURLNotHTTPS, suggest: ews},
		{name: "http port 80 dropped", raw: "http://mail.contoso.com:80/EWS/Exchange.asmx", want: CodeURLNotHTTPS, suggest: ews},

		{name: "empty", raw: "", want: CodeURLMalformed},
		{name: "no scheme", raw: "mail.contoso.com/EWS/Exchange.asmx", want: CodeURLMalformed, suggest: ews},
		{name: "host only", raw: "mail.contoso.com", completes: true},
		{name: "host and port only", raw: "mail.contoso.com:443", completes: true},
		{name: "one slash after scheme", raw: "https:/mail.contoso.com/EWS/Exchange.asmx", want: CodeURLMalformed, suggest: ews},
		{name: "email address", raw: "alice@contoso.com", want: CodeURLMalformed},
		{name: "space inside", raw: "https://mail.contoso .com/EWS/Exchange.asmx", want: CodeURLMalformed},
		{name: "user info", raw: "https://alice:secret@mail.contoso.com/EWS/Exchange.asmx", want: CodeURLMalformed, suggest: ews},
		{name: "scheme typo htps", raw: "htps://mail.contoso.com/EWS/Exchange.asmx", want: CodeURLMalformed, suggest: ews},
		{name: "scheme typo hhttps", raw: "hhttps://mail.contoso.com/owa", want: CodeURLMalformed, suggest: ews},
		{name: "ftp", raw: "ftp://mail.contoso.com/EWS/Exchange.asmx", want: CodeURLMalformed},
		{name: "no host", raw: "https:///EWS/Exchange.asmx", want: CodeURLMalformed},
		{name: "bad port", raw: "https://mail.contoso.com:99999/EWS/Exchange.asmx", want: CodeURLMalformed},
		{name: "double dot", raw: "https://mail..contoso.com/EWS/Exchange.asmx", want: CodeURLMalformed},
		{name: "bad character", raw: "https://mail!contoso.com/EWS/Exchange.asmx", want: CodeURLMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSession(tt.raw, Network{}, Credentials{})
			res, err := s.CheckURL()
			wantCode(t, err, tt.want)
			if got := s.Suggestions().URL; got != tt.suggest {
				t.Errorf("suggestion %q, want %q", got, tt.suggest)
			}
			if got, want := SuggestEWSURL(tt.raw), tt.suggest; got != want && !(tt.completes && got == ews) {
				t.Errorf("SuggestEWSURL %q, want %q", got, want)
			}
			if tt.completes {
				if got, ok := CompleteEWSURL(tt.raw); !ok || got != ews || res.URL.String() != ews || !res.Completed {
					t.Errorf("completed to %q (%v), checked %v, want %q", got, ok, res.URL, ews)
				}
				return
			}
			if _, perr := ParseEWSURL(tt.raw); (perr == nil) != (tt.want == "") {
				t.Errorf("ParseEWSURL error %v, want code %q", perr, tt.want)
			}
			if tt.want == "" && res.ExchangeOnline != tt.exchange {
				t.Errorf("ExchangeOnline %v, want %v", res.ExchangeOnline, tt.exchange)
			}
		})
	}
}

func TestCheckURLNeverEchoesUserInfo(t *testing.T) {
	s := NewSession("https://alice:Sup3rSecret@mail.contoso.com/owa/", Network{}, Credentials{})
	_, err := s.CheckURL()
	if p := AsProblem(err); p == nil || containsAny(p.Error(), "Sup3rSecret", "alice") {
		t.Errorf("got %v", err)
	}
}

func TestBadHost(t *testing.T) {
	for host, bad := range map[string]bool{
		"mail.contoso.com": false, "exchange_01.corp.local": false, "poczta.żabka.pl": false,
		"mail.contoso.com.": false, "-mail.contoso.com": true, "mail..contoso.com": true,
		"mail%20contoso": true, "10.0.0.5": false,
	} {
		if got := badHost(host) != ""; got != bad {
			t.Errorf("badHost(%q) = %q, want bad=%v", host, badHost(host), bad)
		}
	}
}
