package steps

import (
	"strings"
	"testing"

	"ewsconnect/exchange"
)

func TestEveryCodeHasACatalogEntry(t *testing.T) {
	for _, code := range exchange.AllCodes {
		e, ok := catalogEN[code]
		if !ok {
			t.Errorf("%s: no catalog entry", code)
			continue
		}
		if SectionTitle(e.Section) == "" {
			t.Errorf("%s: section %q has no title", code, e.Section)
		}
		if e.Title == "" || len(e.Fix) == 0 {
			t.Errorf("%s: want a title and at least one fix step, got %q and %d steps", code, e.Title, len(e.Fix))
		}
		for i, f := range e.Fix {
			end := "."
			if f.Command != "" {
				end = ":" // the command follows
			}
			if !strings.HasSuffix(f.Text, end) {
				t.Errorf("%s: fix step %d does not end with %q: %q", code, i+1, end, f.Text)
			}
		}
	}
}

func TestEveryCatalogEntryIsAContractCode(t *testing.T) {
	known := map[exchange.Code]bool{}
	for _, c := range exchange.AllCodes {
		known[c] = true
	}
	for code := range catalogEN {
		if !known[code] {
			t.Errorf("catalog has %q, which is not a code of the contract", code)
		}
	}
}

// The contract's table of sections and codes, written out again so that a
// code moved to another section by mistake fails here.
var contractSections = map[Section][]exchange.Code{
	SectionInvalidURL: {exchange.CodeURLMalformed, exchange.CodeURLNotHTTPS, exchange.CodeURLNotEWS, exchange.CodeURLOWA},
	SectionAutodiscover: {exchange.CodeAutodiscoverNotFound, exchange.CodeAutodiscoverInternalOnly,
		exchange.CodeAutodiscoverUnconfirmed, exchange.CodeAutodiscoverLoop},
	SectionUnsupportedVersion: {exchange.CodeVersionTooOld},
	SectionCannotConnect: {exchange.CodeDNSFailed, exchange.CodeConnectRefused, exchange.CodeConnectTimeout,
		exchange.CodeProxyFailed, exchange.CodeProxyAuthRequired, exchange.CodeTLSNameMismatch, exchange.CodeTLSUntrusted,
		exchange.CodeTLSChainIncomplete, exchange.CodeTLSExpired, exchange.CodeTLSOldProtocol, exchange.CodeTLSWeakCert,
		exchange.CodeTLSFailed, exchange.CodeMailboxNoSMTP, exchange.CodeMailboxMoved, exchange.CodeServerBusy, exchange.CodeServerError},
	SectionUnauthorized: {exchange.CodeAuthFailed, exchange.CodeAuthNTLMRefused, exchange.CodeAuthConnectionLost,
		exchange.CodeAuthChannelBinding, exchange.CodeAuthModernOnly, exchange.CodeAuthBasicDisabled, exchange.CodeEWSDisabled,
		exchange.CodeMailboxAccessDenied, exchange.CodePasswordExpiring},
	SectionTestEmailFailed: {exchange.CodeSendAsDenied, exchange.CodeSendFailed},
}

func TestCodesStandInTheContractsSections(t *testing.T) {
	n := 0
	for sec, codes := range contractSections {
		for _, code := range codes {
			n++
			if got := Lookup(code).Section; got != sec {
				t.Errorf("%s: section %q, want %q", code, got, sec)
			}
		}
	}
	if n != len(exchange.AllCodes) {
		t.Errorf("the contract's table has %d codes, exchange.AllCodes %d", n, len(exchange.AllCodes))
	}
}

// Each fix of the help article must be shown by some code: these phrases
// are the article's advice, reworded.
func TestEveryFixOfTheArticleIsInTheCatalog(t *testing.T) {
	articleFixes := map[exchange.Code][]string{
		exchange.CodeURLNotEWS:       {"/EWS/Exchange.asmx", "sign in to your mailbox in a browser"},
		exchange.CodeURLOWA:          {"Outlook Web App", "redirect"},
		exchange.CodeVersionTooOld:   {"Exchange 2010 SP2 or newer", "updated"},
		exchange.CodeMailboxNoSMTP:   {"SMTP address", "required to send email"},
		exchange.CodeTLSNameMismatch: {"listed on the SSL certificate"},
		exchange.CodeAuthFailed:      {"email address and password", "app password", `DOMAIN\username`, "Exchange Web Services (EWS) access is allowed"},
		exchange.CodeSendAsDenied:    {"send mail as", "on behalf of"},
	}
	for code, phrases := range articleFixes {
		p := Problem{Fix: Lookup(code).Fix}
		text := strings.Join(p.FixLines(), " ")
		for _, p := range phrases {
			if !strings.Contains(text, p) {
				t.Errorf("%s: the fix does not say %q", code, p)
			}
		}
	}
}

func TestUnknownCodeFallsBackToServerError(t *testing.T) {
	if got, want := Lookup("no-such-code").Title, Lookup(exchange.CodeServerError).Title; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
