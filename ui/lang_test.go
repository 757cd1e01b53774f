package ui

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"ewsconnect/i18n"
)

// driverLang is the language newDriver gives an Options without one. The
// wizard's texts are package state (tx, see text.go), so a test that
// changes the language does it with inLanguage, never in parallel.
var driverLang i18n.Lang

// inLanguage runs the rest of t, its subtests included, in l: the drivers
// it starts and tx. It restores both when t ends. A test calling it must
// not run in parallel (nor may any test of this package).
func inLanguage(t *testing.T, l i18n.Lang) {
	t.Helper()
	oldLang, oldTx := driverLang, tx
	driverLang, tx = l, textFor(l)
	useFixtures(l) // the recordings of runs in l, as the runner says them
	t.Cleanup(func() {
		driverLang, tx = oldLang, oldTx
		if oldLang == "" {
			oldLang = i18n.EN
		}
		useFixtures(oldLang)
	})
}

// screensIn are the screens the golden checks saw in a language other than
// English, by golden file, for TestScreensInPolish's scan.
var screensIn = map[string]string{}

// seen keeps a screen a test read in another language than English for
// TestScreensInPolish's scan, and checks that it fits the terminal.
func (d *driver) seen(s string) {
	d.t.Helper()
	requireFits(d.t, s, d.a.width, d.a.height)
	screensIn[fmt.Sprintf("%s (screen %d)", d.t.Name(), len(screensIn)+1)] = s
}

// golden checks the screen against its golden file and checks that it fits
// 80x24. In English the file is testdata/<test>.golden; in another
// language, testdata/<lang>/<test>.golden, where <test> is the test's name
// without the test that switched the language (TestScreensInPolish/
// TestWelcomeScreen is testdata/pl/TestWelcomeScreen.golden).
// t is the test or subtest that names the file. Refresh with:
// go test ./ui -update
func (d *driver) golden(t *testing.T) {
	t.Helper()
	s := d.screen()
	requireFits(t, s, 80, 24)
	if driverLang == "" || driverLang == i18n.EN {
		golden.RequireEqual(t, s)
		return
	}
	name := t.Name()
	if _, rest, ok := strings.Cut(name, "/"); ok {
		name = rest
	}
	path := filepath.Join("testdata", string(driverLang), filepath.FromSlash(name)+".golden")
	requireGoldenFile(t, path, s)
}

// requireGoldenFile is golden.RequireEqual for a file of our choosing
// (the golden package names the file after the test), with the same
// -update flag.
func requireGoldenFile(t *testing.T, path, got string) {
	t.Helper()
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with go test ./ui -update)", err)
	}
	if w := strings.ReplaceAll(string(want), "\r\n", "\n"); w != got {
		t.Fatalf("%s: the screen differs from its golden file (go test ./ui -update to accept):\n--- golden\n%s\n--- screen\n%s", path, w, got)
	}
}

// requireFits fails when the screen is wider or taller than the terminal.
func requireFits(t *testing.T, screen string, width, height int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) > height {
		t.Errorf("%d lines on a terminal of %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, width, l)
		}
	}
}

// screenTests are the tests that compare screens with golden files; each
// runs again in Polish.
var screenTests = map[string]func(*testing.T){
	"TestWelcomeScreen":                   TestWelcomeScreen,
	"TestWelcomeDemoScreen":               TestWelcomeDemoScreen,
	"TestServerScreenOWASuggestion":       TestServerScreenOWASuggestion,
	"TestServerScreenKeepsInvalidAddress": TestServerScreenKeepsInvalidAddress,
	"TestSignInScreen":                    TestSignInScreen,
	"TestSignInCustomLogin":               TestSignInCustomLogin,
	"TestTestMessageScreen":               TestTestMessageScreen,
	"TestChecksScreenRunning":             TestChecksScreenRunning,
	"TestProblemScreens":                  TestProblemScreens,
	"TestSuccessScreen":                   TestSuccessScreen,
	"TestFindScreenSearching":             TestFindScreenSearching,
	"TestFindScreenFound":                 TestFindScreenFound,
	"TestFindScreenFoundInternal":         TestFindScreenFoundInternal,
	"TestFindScreenConsent":               TestFindScreenConsent,
	"TestFindNothingFound":                TestFindNothingFound,
	"TestCAFileScreen":                    TestCAFileScreen,
	"TestSuccessScreenWithAWarning":       TestSuccessScreenWithAWarning,
	"TestHelpScreen":                      TestHelpScreen,
}

// polishTours are the other screen tests, which also run in Polish: they
// walk through screens without goldens (the CA file, help, warnings,
// offers, resizing), and every screen they read is checked to fit and
// scanned like the goldens' screens. Four are left out: they find their
// place on the screen by English words (TestAuthFailedOffersThePasswordFirst,
// TestFindAuthFailed, TestFinishedChecksSayTheyAreFinished,
// TestStepCounterAgreesWithTheBreadcrumb).
var polishTours = map[string]func(*testing.T){
	"TestWelcomeQuit":                          TestWelcomeQuit,
	"TestWelcomeDemoFlagsWin":                  TestWelcomeDemoFlagsWin,
	"TestWelcomeDemoTypeYourOwn":               TestWelcomeDemoTypeYourOwn,
	"TestServerScreenAcceptsWhatPeopleType":    TestServerScreenAcceptsWhatPeopleType,
	"TestBackAndForwardKeepEveryAnswer":        TestBackAndForwardKeepEveryAnswer,
	"TestStoppedRunsLastStepIsClosed":          TestStoppedRunsLastStepIsClosed,
	"TestCtrlCQuitsFromAnyScreen":              TestCtrlCQuitsFromAnyScreen,
	"TestNoLoginSuggestionForAnAcceptedLogin":  TestNoLoginSuggestionForAnAcceptedLogin,
	"TestProblemEditPasswordKeepsOtherAnswers": TestProblemEditPasswordKeepsOtherAnswers,
	"TestProblemEscReturnsFromEdit":            TestProblemEscReturnsFromEdit,
	"TestProblemApplyLoginSuggestion":          TestProblemApplyLoginSuggestion,
	"TestProblemApplyURLSuggestion":            TestProblemApplyURLSuggestion,
	"TestSkippingAFailedSendIsNotConnected":    TestSkippingAFailedSendIsNotConnected,
	"TestProblemCommandsAreNeverWrapped":       TestProblemCommandsAreNeverWrapped,
	"TestProblemSettings":                      TestProblemSettings,
	"TestHelpToggles":                          TestHelpToggles,
	"TestResizeAndScroll":                      TestResizeAndScroll,
	"TestLightBackgroundSwitchesStyles":        TestLightBackgroundSwitchesStyles,
	"TestDemoListGrowsWithTheTerminal":         TestDemoListGrowsWithTheTerminal,
	"TestSuccessScreenShowsAWarningWithItsFix": TestSuccessScreenShowsAWarningWithItsFix,
	"TestFindNothingFoundEscReturns":           TestFindNothingFoundEscReturns,
	"TestFindInternalOnlyProblem":              TestFindInternalOnlyProblem,
	"TestFindManualURLCancels":                 TestFindManualURLCancels,
	"TestFindKeys":                             TestFindKeys,
	"TestFindAgainAfterTheEmailChanged":        TestFindAgainAfterTheEmailChanged,
	"TestFindSkippedWithAGivenURL":             TestFindSkippedWithAGivenURL,
	"TestFindInTheDemo":                        TestFindInTheDemo,
	"TestFindProblemReport":                    TestFindProblemReport,
}

// The screen tests again in Polish, into testdata/pl/, and then a scan of
// every Polish screen for an English sentence left behind: an English
// catalog text (or the part of one between its fmt verbs) of three words or
// more, found on a Polish screen, fails. The scan reads the screen as one
// line with the spaces collapsed, so a sentence the layout wrapped is still
// found. What the server said (the details under a step, the evidence of a
// problem) is not in the catalog and so is never taken for one; nor are
// names the catalog's texts only mention (Exchange Web Services).
func TestScreensInPolish(t *testing.T) {
	inLanguage(t, i18n.PL)
	clear(screensIn)
	for _, name := range slices.Sorted(maps.Keys(screenTests)) {
		t.Run(name, screenTests[name])
	}
	for _, name := range slices.Sorted(maps.Keys(polishTours)) {
		t.Run(name, polishTours[name])
	}
	if len(screensIn) < len(screenTests)+len(polishTours) {
		t.Fatalf("only %d Polish screens for %d screen tests", len(screensIn), len(screenTests)+len(polishTours))
	}
	sentences := englishSentences()
	for _, path := range slices.Sorted(maps.Keys(screensIn)) {
		flat := collapse(screensIn[path])
		for _, s := range sentences {
			if strings.Contains(flat, s) {
				t.Errorf("%s: English left on a Polish screen: %q", path, s)
			}
		}
	}
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]|\{\{[^}]*\}\}`)

// englishSentences are the English catalog's texts, and the parts between
// their verbs, of three words or more, their spaces collapsed.
func englishSentences() []string {
	var out []string
	for _, key := range i18n.Keys(i18n.EN) {
		for _, part := range verbRE.Split(i18n.T(i18n.EN, key), -1) {
			if part = collapse(part); len(strings.Fields(part)) >= 3 {
				out = append(out, part)
			}
		}
	}
	return out
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// The plain mode in Polish: the same flow as
// TestPlainFlowThroughAProblemToSuccess, answered as a Polish user would
// (t for tak), leaves no English catalog sentence in the transcript, the
// report package's lines of the checks included.
func TestPlainInPolish(t *testing.T) {
	inLanguage(t, i18n.PL)
	fd := &fakeDeps{scenarios: []scenario{authFailed, healthy}, finds: []fakeFind{findNothing}}
	c, out := pipe(lines(
		"alice@contoso.test",
		"S3cret-pw",
		"nie",                            // no custom login; then nothing is found
		"https://mail.contoso.test/owa/", // an OWA address...
		"t",                              // ...and yes, use the EWS address instead
		"tak",                            // send a test message
		"",                               // to the email address
		"2",                              // the problem's second offer: try CONTOSO\alice
	))
	rep, err := runPlain(context.Background(), useLanguage(Options{Lang: i18n.PL}), c, fd.deps())
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !rep.OK() {
		t.Errorf("the last report should be the successful one:\n%s", text)
	}
	for _, want := range []string{
		"[T/n]", "Nieautoryzowane", "Serwer nie przyjął logowania", "Potwierdź, że Twój adres e-mail",
		`2. Spróbuj CONTOSO\alice jako nazwy użytkownika`, "✓ " + tx.SuccessTitle,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if got := fd.configs[len(fd.configs)-1]; got.Lang != i18n.PL || got.Username != `CONTOSO\alice` || got.NoSend {
		t.Errorf("the last check ran with %+v", got)
	}
	flat := collapse(text)
	for _, s := range englishSentences() {
		if strings.Contains(flat, s) {
			t.Errorf("English left in the Polish transcript: %q", s)
		}
	}
	if t.Failed() {
		t.Logf("transcript:\n%s", text)
	}
}

// The wizard's counted texts take the Polish plural forms.
func TestPolishCounts(t *testing.T) {
	inLanguage(t, i18n.PL)
	for _, tt := range []struct {
		key   string
		count int
		want  string
	}{
		{"ui.checks.trail-passed", 1, "✓ 1 krok OK"},
		{"ui.checks.trail-passed", 3, "✓ 3 kroki OK"},
		{"ui.checks.trail-passed", 8, "✓ 8 kroków OK"},
		{"ui.checks.trail-passed", 22, "✓ 22 kroki OK"},
		{"ui.welcome.demo-below", 1, "  ↓ jeszcze 1 konto"},
		{"ui.welcome.demo-below", 53, "  ↓ jeszcze 53 konta"},
		{"ui.welcome.demo-below", 12, "  ↓ jeszcze 12 kont"},
		{"ui.offer.timeout-menu", 30, "Wydłuż limit czasu do 30 sekund na krok i sprawdź jeszcze raz"},
		{"ui.offer.timeout-menu", 1, "Wydłuż limit czasu do 1 sekundy na krok i sprawdź jeszcze raz"},
	} {
		if got := tx.n(tt.key, tt.count); got != tt.want {
			t.Errorf("%s, %d: %q, want %q", tt.key, tt.count, got, tt.want)
		}
	}
	inLanguage(t, i18n.EN)
	if got := tx.n("ui.checks.trail-passed", 8); got != "✓ 8 checks ok" {
		t.Errorf("English: %q", got)
	}
}
