//go:build !windows

package e2e

import (
	"strings"
	"testing"
	"time"
)

// The README's promise, walked with the real binary: an Outlook Web App
// address is corrected with one key, a wrong password shows the article's
// Unauthorized section and is fixed in place, and the account that needs
// a DOMAIN\user login is fixed with the login the server named. The
// address is typed (u, "I know my EWS URL"), whatever the search for it
// has come to: searching, found, or stopped by the wrong password.
func TestDemoWalkthrough(t *testing.T) {
	tm := startTerminal(t, "--demo")
	tm.waitFor("Demo", 10*time.Second)
	password := tm.demoPassword()

	tm.send(keyTab) // type the answers ourselves
	tm.waitFor("Email address", 5*time.Second)
	afterWelcome := tm.rawLen() // the demo table shows demo passwords; nothing else may
	tm.typeText("alice@contoso.test")
	tm.send(keyEnter)
	tm.typeText("not-the-password")
	if strings.Contains(tm.screen(), "not-the-password") {
		t.Fatal("the password is shown on screen")
	}
	tm.send(keyEnter)
	tm.waitForAny(10*time.Second, "u I know my EWS URL", "u enter the EWS URL yourself")
	tm.send("u")
	tm.waitFor("Exchange server address (EWS URL)", 5*time.Second)
	tm.typeText("https://mail.contoso.test/owa/")
	tm.waitFor("Outlook Web App", 5*time.Second)
	tm.waitFor("press tab to use it", 5*time.Second)
	tm.send(keyTab)
	tm.waitFor("https://mail.contoso.test/EWS/Exchange.asmx", 5*time.Second)
	tm.waitFor("Looks like an EWS address", 5*time.Second)

	tm.send(keyEnter)
	tm.waitFor("Send the test message", 5*time.Second)
	tm.send(keyEnter)

	tm.waitFor("code auth-failed", 20*time.Second)
	tm.waitFor("Unauthorized", time.Second)
	tm.waitFor("What we saw", time.Second)
	tm.waitFor("How to fix it", time.Second)

	tm.send("e") // back to the password, everything else kept
	tm.waitFor("Type the password again", 5*time.Second)
	tm.typeText(password)
	tm.send(keyEnter)
	tm.waitFor("Connected", 20*time.Second)
	tm.waitFor("alice@contoso.test", time.Second)

	tm.send("n") // another account: bob, whose server wants CONTOSO\bob
	tm.waitFor("Email address", 5*time.Second)
	tm.send(keyShiftTab, keyCtrlU) // from the empty password up to the email
	tm.typeText("bob@contoso.test")
	tm.send(keyTab)
	tm.typeText(password)
	tm.send(keyEnter)
	tm.waitFor("Exchange server address (EWS URL)", 5*time.Second) // typed before: offered again
	tm.send(keyEnter)
	tm.waitFor("Send the test message", 5*time.Second)
	tm.waitFor("bob@contoso.test", time.Second) // the recipient followed the email
	tm.send(keyEnter)

	tm.waitFor("code auth-failed", 20*time.Second)
	tm.waitFor(`d  Try CONTOSO\bob: the server names its Windows domain CONTOSO`, time.Second)
	tm.send("d")
	tm.waitFor("Connected", 20*time.Second)
	tm.waitFor(`CONTOSO\bob`, time.Second)

	tm.send("q")
	if code := tm.waitExit(5 * time.Second); code != 0 {
		t.Errorf("exit status %d after a successful check, want 0", code)
	}
	tm.restored()
	if strings.Contains(tm.rawSince(afterWelcome), password) {
		t.Error("the password was written to the terminal")
	}
}

// Ctrl+C while a step waits on a slow server ends the program at once and
// gives the terminal back.
func TestCtrlCDuringSlowCheck(t *testing.T) {
	tm := startTerminal(t, "--demo")
	tm.waitFor("Demo", 10*time.Second)
	password := tm.demoPassword()

	tm.send(keyTab)
	tm.waitFor("Email address", 5*time.Second)
	tm.typeText("alice@contoso.test")
	tm.send(keyEnter)
	tm.typeText(password)
	tm.send(keyEnter)
	tm.waitForAny(10*time.Second, "u I know my EWS URL", "u enter the EWS URL yourself")
	tm.send("u")
	tm.waitFor("Exchange server address (EWS URL)", 5*time.Second)
	tm.typeText("https://slow.contoso.test/EWS/Exchange.asmx")
	tm.send(keyEnter)
	tm.waitFor("Send the test message", 5*time.Second)
	tm.send(keyEnter)
	tm.waitFor("Checking slow.contoso.test", 10*time.Second)
	tm.waitFor("checking", 10*time.Second)
	time.Sleep(300 * time.Millisecond) // well inside the slow step

	start := time.Now()
	tm.send(keyCtrlC)
	code := tm.waitExit(5 * time.Second)
	if took := time.Since(start); took > time.Second {
		t.Errorf("Ctrl+C took %v to end the program, want under a second", took)
	}
	if code != 130 {
		t.Errorf("exit status %d after Ctrl+C, want 130", code)
	}
	tm.restored()
}

// The "done when": ewsconnect --demo connects the healthy account
// from its email address and password alone. Find my server finds it at
// autodiscover.contoso.test and says so; the checks report where it came
// from. Waits for the autodiscover engine and the simulator's rows.
func TestDemoFindsTheServer(t *testing.T) {
	tm := startTerminal(t, "--demo")
	tm.waitFor("Demo", 10*time.Second)
	password := tm.demoPassword()

	tm.send(keyTab) // no row: the answers a user would type
	tm.waitFor("Email address", 5*time.Second)
	tm.typeText("alice@contoso.test")
	tm.send(keyEnter)
	tm.typeText(password)
	tm.send(keyEnter)
	tm.waitForAny(20*time.Second, "Found your server", "code ") // a problem fails at once
	tm.waitFor("Found your server", time.Second)
	tm.waitFor("https://mail.contoso.test/EWS/Exchange.asmx", time.Second)
	tm.waitFor("autodiscover.contoso.test", time.Second)
	tm.send(keyEnter)
	tm.waitFor("Send the test message", 5*time.Second)
	tm.send(keyEnter)
	tm.waitFor("Connected", 20*time.Second)
	tm.send("v")
	tm.waitFor("Find server", 5*time.Second)
	tm.waitFor("from autodiscover.contoso.test", time.Second)
	tm.send(keyEscape)
	tm.waitFor("Connected", 5*time.Second)
	tm.send("q")
	if code := tm.waitExit(5 * time.Second); code != 0 {
		t.Errorf("exit status %d after connecting, want 0", code)
	}
	tm.restored()
}

// Nothing found for alice@proseware.test: the problem lists what each
// method met, e opens the URL field, and the address typed (proseware's
// server, which its domain does not publish) connects.
func TestDemoNothingFoundThenURL(t *testing.T) {
	tm := startTerminal(t, "--demo")
	tm.waitFor("Demo", 10*time.Second)
	password := tm.demoPassword()

	tm.send(keyTab)
	tm.waitFor("Email address", 5*time.Second)
	tm.typeText("alice@proseware.test")
	tm.send(keyEnter)
	tm.typeText(password)
	tm.send(keyEnter)
	tm.waitForAny(20*time.Second, "Found your server", "code ")
	tm.waitFor("code autodiscover-not-found", time.Second)
	tm.waitFor("What we saw", time.Second)
	tm.waitFor("proseware.test", time.Second)
	tm.send("e")
	tm.waitFor("How do I find my URL?", 5*time.Second)
	tm.typeText("mail.proseware.test")
	tm.waitFor("Will use https://mail.proseware.test/EWS/Exchange.asmx", 5*time.Second)
	tm.send(keyEnter)
	tm.waitFor("Send the test message", 5*time.Second)
	tm.send(keyEnter)
	tm.waitFor("Connected", 20*time.Second)
	tm.send("q")
	if code := tm.waitExit(5 * time.Second); code != 0 {
		t.Errorf("exit status %d after connecting, want 0", code)
	}
	tm.restored()
}
