package i18n

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

// messagesOf is l's catalog as loaded, failing the test when a file does not
// load.
func messagesOf(t *testing.T, l Lang) map[string]map[string]string {
	t.Helper()
	c, err := loaded()
	if err != nil {
		t.Fatalf("the catalogs do not load: %v", err)
	}
	out := map[string]map[string]string{}
	for key, m := range c.messages[l] {
		out[key] = forms(m)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no messages", l)
	}
	return out
}

func TestCatalogsLoad(t *testing.T) {
	if _, err := loaded(); err != nil {
		t.Fatalf("the embedded catalogs do not load: %v", err)
	}
	for _, l := range Supported {
		if len(Keys(l)) == 0 {
			t.Errorf("%s: an empty catalog", l)
		}
	}
}

// A broken file is an error from loadCatalog, never a panic, and what did
// load still answers; texts of the broken language fall back.
func TestBrokenCatalogIsAnErrorNotAPanic(t *testing.T) {
	tests := []struct {
		name string
		pl   string
	}{
		{"not TOML", "[problem\ntitle = "},
		{"a broken placeholder", "[step]\nauth = \"Logowanie {{.Login\"\n"},
		{"plural forms mixed with keys", "[duration.seconds]\none = \"1\"\nfix = \"x\"\n"},
		{"a value that is not text", "[step]\nauth = 3\n"},
		{"no file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"locales/en.toml": {Data: []byte("[step]\nauth = \"Sign in\"\n")}}
			if tt.pl != "" {
				fsys["locales/pl.toml"] = &fstest.MapFile{Data: []byte(tt.pl)}
			}
			c, err := loadCatalog(fsys)
			if err == nil || !strings.Contains(err.Error(), "pl.toml") {
				t.Errorf("got error %v, want one naming pl.toml", err)
			}
			if s, err := c.localize(EN, "step.auth", nil, nil); err != nil || s != "Sign in" {
				t.Errorf("English after a broken Polish file: %q, %v", s, err)
			}
			if _, err := c.localize(PL, "step.auth", nil, nil); err == nil {
				t.Errorf("the broken Polish text was served")
			}
		})
	}
}

func TestEveryKeyInEveryLanguage(t *testing.T) {
	en := Keys(EN)
	for _, l := range Supported {
		keys := Keys(l)
		for _, k := range en {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: %s is missing", l, k)
			}
		}
		for _, k := range keys {
			if !slices.Contains(en, k) {
				t.Errorf("%s: %s is not an English key", l, k)
			}
		}
	}
}

var placeholderRE = regexp.MustCompile(`\{\{[^}]*\}\}`)
var fieldRE = regexp.MustCompile(`\.([A-Za-z_][A-Za-z0-9_]*)`)

// placeholders are the {{.Name}} names in any of a message's forms.
func placeholders(forms map[string]string) []string {
	set := map[string]bool{}
	for _, s := range forms {
		for _, action := range placeholderRE.FindAllString(s, -1) {
			for _, m := range fieldRE.FindAllStringSubmatch(action, -1) {
				set[m[1]] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func TestSamePlaceholdersInEveryLanguage(t *testing.T) {
	en := messagesOf(t, EN)
	for _, l := range Supported {
		for key, forms := range messagesOf(t, l) {
			if got, want := placeholders(forms), placeholders(en[key]); !slices.Equal(got, want) {
				t.Errorf("%s: %s has placeholders %v, English %v", l, key, got, want)
			}
		}
	}
}

// Every key in every language answers in that language, with no fallback:
// for a plural text, for every count (so every plural form the language's
// rules choose is there).
func TestNoTextFallsBackToEnglish(t *testing.T) {
	c, _ := loaded()
	for _, l := range Supported {
		for key, forms := range messagesOf(t, l) {
			data := map[string]any{}
			for _, p := range placeholders(forms) {
				data[p] = "x"
			}
			if _, err := c.localize(l, key, nil, data); err != nil {
				t.Errorf("%s: %v", l, err)
			}
			if len(forms) == 1 {
				continue
			}
			for n := range 1001 {
				data["Count"] = n
				if _, err := c.localize(l, key, &n, data); err != nil {
					t.Errorf("%s: count %d: %v", l, n, err)
					break
				}
			}
		}
	}
}

func TestPluralForms(t *testing.T) {
	tests := []struct {
		lang  Lang
		count int
		want  string
	}{
		{PL, 0, "0 sekund"},
		{PL, 1, "1 sekunda"},
		{PL, 2, "2 sekundy"},
		{PL, 4, "4 sekundy"},
		{PL, 5, "5 sekund"},
		{PL, 12, "12 sekund"},
		{PL, 14, "14 sekund"},
		{PL, 21, "21 sekund"},
		{PL, 22, "22 sekundy"},
		{PL, 25, "25 sekund"},
		{PL, 101, "101 sekund"},
		{PL, 112, "112 sekund"},
		{PL, 124, "124 sekundy"},
		{EN, 0, "0 seconds"},
		{EN, 1, "1 second"},
		{EN, 2, "2 seconds"},
	}
	for _, tt := range tests {
		if got := N(tt.lang, "duration.seconds", tt.count); got != tt.want {
			t.Errorf("%s, %d: got %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
}

func TestFallback(t *testing.T) {
	if got, want := T(PL, "no.such.key"), "no.such.key"; got != want {
		t.Errorf("a key missing everywhere: got %q, want %q", got, want)
	}
	if got, want := T(Lang("de"), "step.auth"), T(EN, "step.auth"); got != want {
		t.Errorf("a language without a catalog: got %q, want the English %q", got, want)
	}
	if got, want := T("", "step.auth"), T(EN, "step.auth"); got != want {
		t.Errorf("no language: got %q, want the English %q", got, want)
	}
	if Keys(Lang("de")) != nil {
		t.Errorf("a language without a catalog has keys")
	}
}

// sameAsEnglish are the Polish texts that are rightly the English ones.
var sameAsEnglish = map[string]string{
	"step.dns":                    "DNS: an acronym Polish uses as it is",
	"step.tls":                    "TLS: an acronym Polish uses as it is",
	"summary.autodiscover.method": "only placeholders: the URL and the method's name",
}

func TestPolishIsNotEnglish(t *testing.T) {
	en := messagesOf(t, EN)
	for key, forms := range messagesOf(t, PL) {
		if _, ok := sameAsEnglish[key]; ok {
			continue
		}
		for form, s := range forms {
			if en[key][form] == s {
				t.Errorf("%s (%s): the Polish text is the English one: %q", key, form, s)
			}
		}
	}
}

// notObviouslyPolish are Polish texts without a Polish letter or one of
// polishWords: right as they are.
var notObviouslyPolish = map[string]string{
	"step.dns":                         "an acronym",
	"step.tls":                         "an acronym",
	"section.unauthorized":             "Nieautoryzowane: the Polish article's heading",
	"report.status.pass":               "ok: Polish uses it as it is",
	"summary.autodiscover.method":      "only placeholders: the URL and the method's name",
	"summary.autodiscover.from":        "the URL z the host: one Polish word",
	"summary.autodiscover.from-method": "the URL z the host (the method): one Polish word",
	"demo.server.none":                 "(brak): one Polish word",
	"demo.server.table.scenario":       "SCENARIUSZ: a column heading, one Polish word",
	"demo.server.table.args":           "argumenty and the row's arguments: one Polish word",
	"demo.server.table.autodiscover":   "(Autodiscover): the name Polish keeps, as usługa Autodiscover",
	"ui.welcome.demo-columns.2":        "E-mail: a column's heading, the Polish word",
	"date.moment":                      "only placeholders: a date, a time and a zone",
	"ui.checks.status-words.pass":      "OK: a step that passed, as Polish says it",
	"ui.checks.elapsed":                "seconds and the word limit",
	"ui.plain.hint-yes":                "[T/n]: the letters of tak and nie",
	"ui.plain.hint-no":                 "[t/N]: the letters of tak and nie",
}

// polishWords are common Polish words, and words of this catalog's
// subject, that English does not have.
var polishWords = []string{
	"nie", "jest", "się", "lub", "albo", "oraz", "czy", "jako", "przez", "dla", "tylko", "może", "aby",
	"ten", "tego", "tej", "który", "które", "wpisz", "adres", "adresu", "serwer", "serwera",
	"logowanie", "logowania", "wersja", "skrzynka", "sekunda", "sekundy", "sekund",
	"opcja", "kompilacja", "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "listopada", "grudnia", // months in dates
	"kod", "raport", "domena", "metoda", "krok", "kroki", "czas", "wynik", "ustawienie", "uwaga",
	"przerwano", "utworzono", "znaleziono", "programem", "metody", "uwierzytelniania", "przypisany", "zapytania",
	// the wizard's short texts: labels, key help, status words
	"na", "od", "z", "w", "przy", "tym", "sama", "inne", "innej", "jeszcze", "czego", "potrzebujesz", "witamy",
	"dalej", "wstecz", "pomoc", "anuluj", "wybierz", "zacznij", "zapisz", "kopiuj", "szukaj", "zatrzymaj",
	"ponownie", "poprzednie", "wszystkie", "pokazuje", "kieruje", "czeka", "trwa", "uwaga",
	"krok", "kroki", "kroku", "konto", "konta", "kont", "kontem", "domena", "domeny", "certyfikat", "rekord",
	"kod", "tak", "raport", "polecenia", "przekierowanie", "nieznany", "podane", "podano", "przerwano", "zapisano",
	"znaleziono", "sprawdzono", "sprawdzanie", "wyszukiwanie", "uruchamianie", "uruchomieniu",
	"rewizja", "rewizji", "zbudowano", "brak", "danych", // ewsconnect version
}

// englishWords in a Polish text mean a sentence left untranslated (names
// such as "Send on Behalf" or "Proxy Authentication Required" have none).
var englishWords = []string{"the", "and", "your", "with", "is", "are", "this", "that", "you", "from", "was", "not"}

// placeholder is a {{.Name}} of a text, whose value is not the text's words.
var placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

// A crude check that each Polish text is Polish: a Polish letter or word,
// no English sentence, and none of the Polish article's typos.
func TestPolishLooksPolish(t *testing.T) {
	for key, forms := range messagesOf(t, PL) {
		for form, s := range forms {
			s := placeholder.ReplaceAllString(s, " ") // {{.From}} is a value, not a word
			words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
			if _, ok := notObviouslyPolish[key]; !ok && !strings.ContainsAny(s, "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ") &&
				!slices.ContainsFunc(words, func(w string) bool { return slices.Contains(polishWords, w) }) {
				t.Errorf("%s (%s): no Polish letter or word: %q", key, form, s)
			}
			for _, w := range englishWords {
				if slices.Contains(words, w) {
					t.Errorf("%s (%s): the English word %q: %q", key, form, w, s)
				}
			}
			for _, typo := range []string{"jakonazwa", "uwierzytelnianiadwuskładnikowego", "serwerze SSL"} {
				if strings.Contains(s, typo) {
					t.Errorf("%s (%s): the article's error %q: %q", key, form, typo, s)
				}
			}
		}
	}
}

// verbRE is a fmt verb: %s, %d, %q, %v, %[2]s, %-10s; %% is no verb.
var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

// verbs are a text's fmt verbs by the argument each formats ("1:s",
// "2:d"), sorted: the same for "%s then %s" and "%[2]s after %[1]s".
func verbs(s string) []string {
	var out []string
	arg := 0
	for _, m := range verbRE.FindAllStringSubmatch(s, -1) {
		if m[4] == "%" {
			continue
		}
		if m[2] != "" {
			fmt.Sscan(m[2], &arg)
		} else {
			arg++
		}
		out = append(out, fmt.Sprintf("%d:%s", arg, m[4]))
	}
	slices.Sort(out)
	return out
}

func TestVerbs(t *testing.T) {
	for s, want := range map[string][]string{
		"%s: %s (given)":         {"1:s", "2:s"},
		"%[2]s, potem %[1]s":     {"1:s", "2:s"},
		"%d s (limit %d s), 5%%": {"1:d", "2:d"},
		"%s  from %s  %q":        {"1:s", "2:s", "3:q"},
		"no verbs":               nil,
	} {
		if got := verbs(s); !slices.Equal(got, want) {
			t.Errorf("verbs(%q) = %v, want %v", s, got, want)
		}
	}
}

// The wizard fills texts with fmt: every language's text has the same
// verbs for the same arguments as the English one, in any order.
func TestSameFmtVerbsInEveryLanguage(t *testing.T) {
	en := messagesOf(t, EN)
	for _, l := range Supported {
		for key, forms := range messagesOf(t, l) {
			for form, s := range forms {
				want := en[key][form]
				if want == "" {
					want = en[key]["other"]
				}
				if got, want := verbs(s), verbs(want); !slices.Equal(got, want) {
					t.Errorf("%s: %s (%s) has fmt verbs %v, English %v: %q", l, key, form, got, want, s)
				}
			}
		}
	}
}
