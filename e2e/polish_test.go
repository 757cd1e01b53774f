//go:build !windows

package e2e

import (
	"strings"
	"testing"
	"time"
)

// The demo walk in Polish (--lang pl): the headings, the wrong password's
// fix and the DOMAIN\user suggestion are Polish, and no English heading is
// left on the way.
func TestDemoWalkthroughInPolish(t *testing.T) {
	tm := startTerminal(t, "--demo", "--lang", "pl")
	tm.waitFor("Demo: w ewsconnect działa symulowany serwer Exchange", 10*time.Second)
	password := tm.demoPassword()

	tm.send(keyTab)
	tm.waitFor("Adres e-mail", 5*time.Second)
	tm.typeText("alice@contoso.test")
	tm.send(keyEnter)
	tm.typeText("not-the-password")
	tm.send(keyEnter)
	tm.waitForAny(10*time.Second, "znam adres URL EWS", "wpisz adres URL EWS")
	tm.send("u")
	tm.waitFor("Adres URL programu Exchange (EWS)", 5*time.Second)
	tm.typeText("https://mail.contoso.test/EWS/Exchange.asmx")
	tm.waitFor("Wygląda na adres EWS", 5*time.Second)
	tm.send(keyEnter)
	tm.waitFor("Wyślij wiadomość testową do (UDW)", 5*time.Second)
	tm.send(keyEnter)

	tm.waitFor("auth-failed", 20*time.Second)
	tm.waitFor("Nieautoryzowane", time.Second)
	tm.waitFor("Jak to naprawić", time.Second)
	tm.waitFor("Potwierdź, że Twój adres e-mail i hasło są poprawne", time.Second)
	tm.waitFor("wpisz hasło ponownie", time.Second)
	noEnglishHeadings(t, tm.screen())

	tm.send("e")
	tm.waitFor("Wpisz hasło ponownie.", 5*time.Second)
	tm.typeText(password)
	tm.send(keyEnter)
	tm.waitFor("Połączono", 20*time.Second)
	noEnglishHeadings(t, tm.screen())

	tm.send("n") // bob, whose server wants CONTOSO\bob
	tm.waitFor("Adres e-mail", 5*time.Second)
	tm.send(keyShiftTab, keyCtrlU)
	tm.typeText("bob@contoso.test")
	tm.send(keyTab)
	tm.typeText(password)
	tm.send(keyEnter)
	tm.waitFor("Adres URL programu Exchange (EWS)", 5*time.Second)
	tm.send(keyEnter)
	tm.waitFor("Wyślij wiadomość testową do (UDW)", 5*time.Second)
	tm.send(keyEnter)

	tm.waitFor("auth-failed", 20*time.Second)
	tm.waitFor(`Spróbuj CONTOSO\bob: serwer podaje domenę Windows CONTOSO`, time.Second)
	tm.send("d")
	tm.waitFor("Połączono", 20*time.Second)
	tm.waitFor(`CONTOSO\bob`, time.Second)

	tm.send("q")
	if code := tm.waitExit(5 * time.Second); code != 0 {
		t.Errorf("exit status %d after a successful check, want 0", code)
	}
	tm.restored()
}

// LANG alone is enough: the demo starts in Polish.
func TestLangVariableStartsTheDemoInPolish(t *testing.T) {
	tm := startTerminalWith(t, setup{env: []string{"LANG=pl_PL.UTF-8"}}, "--demo")
	tm.waitFor("Demo: w ewsconnect działa symulowany serwer Exchange", 10*time.Second)
	tm.send(keyCtrlC)
	if code := tm.waitExit(5 * time.Second); code != 130 {
		t.Errorf("exit status %d after Ctrl+C, want 130", code)
	}
	tm.restored()
}

// noEnglishHeadings fails on a heading or key of the English wizard on a
// Polish screen.
func noEnglishHeadings(t *testing.T, screen string) {
	t.Helper()
	for _, english := range []string{"What we saw", "How to fix it", "What you can do now", "✗ Unauthorized", "Connected:", "re-enter the password", "Check again"} {
		if strings.Contains(screen, english) {
			t.Errorf("English %q on a Polish screen:\n%s", english, screen)
		}
	}
}
