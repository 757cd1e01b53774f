package steps

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
)

func TestEveryCodeHasACatalogEntry(t *testing.T) {
	for _, code := range exchange.AllCodes {
		if _, ok := problems[code]; !ok {
			t.Errorf("%s: no catalog entry", code)
			continue
		}
		for _, l := range i18n.Supported {
			e := LookupIn(l, code)
			if SectionTitleIn(l, e.Section) == "" {
				t.Errorf("%s, %s: section %q has no title", l, code, e.Section)
			}
			if e.Title == "" || len(e.Fix) == 0 {
				t.Errorf("%s, %s: want a title and at least one fix step, got %q and %d steps", l, code, e.Title, len(e.Fix))
			}
			for i, f := range e.Fix {
				end := "."
				if f.Command != "" {
					end = ":" // the command follows
				}
				if !strings.HasSuffix(f.Text, end) {
					t.Errorf("%s, %s: fix step %d does not end with %q: %q", l, code, i+1, end, f.Text)
				}
			}
		}
	}
}

func TestEveryCatalogEntryIsAContractCode(t *testing.T) {
	known := map[exchange.Code]bool{}
	for _, c := range exchange.AllCodes {
		known[c] = true
	}
	for code := range problems {
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

// specKeys are the catalog keys the problem specs, sections and steps use.
func specKeys() []string {
	var keys []string
	for _, s := range Sections {
		keys = append(keys, "section."+string(s))
	}
	for _, id := range Order {
		keys = append(keys, "step."+string(id))
	}
	for code, spec := range problems {
		keys = append(keys, "problem."+string(code)+".title")
		for i, f := range spec.fix {
			if f.own {
				keys = append(keys, fmt.Sprintf("problem.%s.fix.%d", code, i+1))
			}
			if f.advice != "" {
				keys = append(keys, f.advice)
			}
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// Every key the catalog's structure asks for is in every language, and
// every problem, section, step and advice key of a language is asked for:
// a fix step added in Go or in a file alone fails here.
func TestCatalogKeysMatchTheSpecs(t *testing.T) {
	want := specKeys()
	for _, l := range i18n.Supported {
		have := i18n.Keys(l)
		for _, k := range want {
			if !slices.Contains(have, k) {
				t.Errorf("%s: %s is used but not in the catalog", l, k)
			}
		}
		for _, k := range have {
			for _, prefix := range []string{"problem.", "section.", "step.", "advice."} {
				if strings.HasPrefix(k, prefix) && !slices.Contains(want, k) {
					t.Errorf("%s: %s is in the catalog but not used", l, k)
				}
			}
		}
	}
}

// Step names sit in a column of 13 (ui/checks.go nameWidth, report/text.go
// %-13s) in every language.
func TestStepTitlesFitTheirColumn(t *testing.T) {
	const nameWidth = 13
	for _, l := range i18n.Supported {
		for _, id := range Order {
			title := id.TitleIn(l)
			if w := ansi.StringWidth(title); title == "" || w > nameWidth {
				t.Errorf("%s, %s: %q is %d columns wide, want 1 to %d", l, id, title, w, nameWidth)
			}
		}
	}
	if ID("no-such-step").TitleIn(i18n.PL) != "" || SectionTitleIn(i18n.PL, "no-such-section") != "" {
		t.Errorf("an unknown step or section has a title")
	}
}

// The Polish fixes keep the Polish help article's wording, corrected.
func TestPolishKeepsTheArticlesTerms(t *testing.T) {
	headings := map[Section]string{
		SectionInvalidURL:         "Adres URL programu Exchange jest nieprawidłowy",
		SectionUnsupportedVersion: "Nie można się połączyć z powodu wersji programu Exchange",
		SectionCannotConnect:      "Nie można połączyć się z serwerem Exchange",
		SectionUnauthorized:       "Nieautoryzowane",
		SectionTestEmailFailed:    "Testowanie wiadomości e-mail nie powiodło się",
	}
	for sec, want := range headings {
		if got := SectionTitleIn(i18n.PL, sec); got != want {
			t.Errorf("%s: got %q, want the article's %q", sec, got, want)
		}
	}
	articleFixes := map[exchange.Code][]string{
		exchange.CodeURLNotEWS:       {"/EWS/Exchange.asmx", "prawidłowym adresem URL serwera Exchange będzie", "zaloguj się na swoje konto pocztowe"},
		exchange.CodeURLOWA:          {"strony logowania aplikacji Outlook Web App", "przekierowuje"},
		exchange.CodeVersionTooOld:   {"Exchange 2010 SP2 lub nowszej", "zaktualizowanie"},
		exchange.CodeMailboxNoSMTP:   {"adres SMTP, który jest wymagany do wysyłania wiadomości e-mail"},
		exchange.CodeTLSNameMismatch: {"adresu URL programu Exchange musi być wymieniona na certyfikacie SSL zainstalowanym na serwerze", "nazwa wspólna"},
		exchange.CodeAuthFailed: {"Twój adres e-mail i hasło są poprawne", "uwierzytelniania dwuskładnikowego",
			"hasło do aplikacji innej firmy", `niestandardowej nazwy użytkownika w formacie DOMAIN\username`, "Exchange Web Services"},
		exchange.CodeSendAsDenied: {"Twoje konto użytkownika w programie Exchange", "uprawnienia do wysyłania poczty", "w jego imieniu"},
	}
	for code, phrases := range articleFixes {
		p := Problem{Fix: LookupIn(i18n.PL, code).Fix}
		text := strings.Join(p.FixLines(), " ")
		for _, p := range phrases {
			if !strings.Contains(text, p) {
				t.Errorf("%s: the Polish fix does not say %q", code, p)
			}
		}
	}
}

// A run in Polish gets its problems in Polish, with the run's mailbox and
// login in the commands; no language means English.
func TestProblemsInTheRunsLanguage(t *testing.T) {
	err := exchange.NewProblem(exchange.CodeEWSDisabled, nil, i18n.Verbatim("x"))
	pl := problemFrom(err, Config{Email: "alice@contoso.test", Lang: i18n.PL})
	if want := LookupIn(i18n.PL, exchange.CodeEWSDisabled).Title; pl.Title != want || pl.SectionTitle != "Nieautoryzowane" {
		t.Errorf("got %q (%q), want %q (Nieautoryzowane)", pl.Title, pl.SectionTitle, want)
	}
	if got, want := pl.Fix[1].Command, "Set-CASMailbox -Identity 'alice@contoso.test' -EWSEnabled $true"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	en := problemFrom(err, Config{Email: "alice@contoso.test"})
	if want := Lookup(exchange.CodeEWSDisabled).Title; en.Title != want || en.SectionTitle != "Unauthorized" {
		t.Errorf("no language: got %q (%q), want the English %q", en.Title, en.SectionTitle, want)
	}
}
