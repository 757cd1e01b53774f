package ui

import (
	"testing"

	"ewsconnect/steps"
)

// The screens without a golden of their own elsewhere: the company root
// certificate's file field, a connection with a warning, and the full key
// help. Each runs again in Polish (screenTests).

func TestCAFileScreen(t *testing.T) {
	d := newDriver(t, given("alice@contoso.test"), (&fakeDeps{scenarios: []scenario{untrusted}}).deps())
	d.press("enter", "pgdown", "a")
	d.wantScreen(screenCAFile)
	d.golden(t)
}

func TestSuccessScreenWithAWarning(t *testing.T) {
	connectedWithAWarning(t).golden(t)
}

// connectedWithAWarning is the success screen of the simulator's expiring
// password: connected, with a coded warning.
func connectedWithAWarning(t *testing.T) *driver {
	d := newDriver(t, Options{
		Config: steps.Config{URL: demoURL, Email: "erin@contoso.test", Password: "S3cret!pw"},
		Given:  Given{URL: true, Email: true, Password: true, TestRecipient: true},
	}, (&fakeDeps{scenarios: []scenario{passwordExpiring}}).deps())
	d.press("enter")
	d.wantScreen(screenSuccess)
	return d
}

func TestHelpScreen(t *testing.T) {
	d := newDriver(t, Options{Config: steps.Config{URL: demoURL}, Given: Given{URL: true}},
		(&fakeDeps{scenarios: []scenario{healthy}}).deps())
	d.press("enter", "?")
	d.wantScreen(screenSignIn)
	d.golden(t)
}
