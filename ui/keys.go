package ui

import (
	"charm.land/bubbles/v2/key"
)

// Each screen has its own key map; the footer shows its ShortHelp and ?
// shows its FullHelp (bubbles/help). Bindings that do not apply right now
// (no suggestion, no field to edit) are disabled, which also hides them.

func bind(label [2]string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label[0], label[1]))
}

// globalKeys work on every screen.
type globalKeys struct {
	Help, QuitNow, PageUp, PageDown key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Help:     bind(tx.KeyHelp, "?", "f1"),
		QuitNow:  bind(tx.KeyQuitNow, "ctrl+c"),
		PageUp:   key.NewBinding(key.WithKeys("pgup")),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
	}
}

type welcomeKeys struct {
	Start, Pick, Own, Scroll, Quit, Help, QuitNow key.Binding
}

func newWelcomeKeys(g globalKeys) welcomeKeys {
	return welcomeKeys{
		Start:   bind(tx.KeyStart, "enter"),
		Pick:    bind(tx.KeyPick, "up", "down", "k", "j"),
		Own:     bind(tx.KeyOwn, "tab"),
		Scroll:  bind(tx.KeyScroll, "up", "down"),
		Quit:    bind(tx.KeyQuit, "q"),
		Help:    g.Help,
		QuitNow: g.QuitNow,
	}
}

func (k welcomeKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Pick, k.Start, k.Own, k.Quit, k.Help}
}
func (k welcomeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Pick, k.Start, k.Own}, {k.Help, k.Quit, k.QuitNow}}
}

// formKeys serve the answer screens (server, sign in, test message, CA
// file). Opened from an outcome to change one answer, enter checks again
// and esc cancels.
type formKeys struct {
	Next, NextField, PrevField, Toggle, Accept, Back, Help, QuitNow key.Binding
}

func newFormKeys(g globalKeys, editing bool) formKeys {
	k := formKeys{
		Next:      bind(tx.KeyNext, "enter"),
		NextField: bind(tx.KeyTabField, "tab"),
		PrevField: bind(tx.KeyShiftTabField, "shift+tab"),
		Toggle:    bind(tx.KeyToggle, "space"),
		Accept:    bind(tx.KeyAccept, "tab"),
		Back:      bind(tx.KeyBack, "esc"),
		Help:      g.Help,
		QuitNow:   g.QuitNow,
	}
	if editing {
		k.Next = bind(tx.KeyCheckAgain, "enter")
		k.Back = bind(tx.KeyCancel, "esc")
	}
	return k
}

func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Accept, k.NextField, k.Toggle, k.Back, k.Help, k.QuitNow}
}
func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Back}, {k.NextField, k.PrevField, k.Toggle, k.Accept}, {k.Help, k.QuitNow}}
}

// findKeys serve Find my server. Which are on depends on what the search
// has come to (findScreen.KeyMap); u is there all along.
type findKeys struct {
	Use, Edit, Again, Manual, Allow, Deny, Back, Help, QuitNow key.Binding
}

func newFindKeys(g globalKeys) findKeys {
	return findKeys{
		Use:     bind(tx.KeyUseFound, "enter"),
		Edit:    bind(tx.KeyEditFound, "e"),
		Again:   bind(tx.KeySearchAgain, "r"),
		Manual:  bind(tx.KeyManualURL, "u"),
		Allow:   bind(tx.KeyAllow, "y"),
		Deny:    bind(tx.KeyDeny, "n"),
		Back:    bind(tx.KeyBack, "esc"),
		Help:    g.Help,
		QuitNow: g.QuitNow,
	}
}

func (k findKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Use, k.Edit, k.Allow, k.Deny, k.Again, k.Manual, k.Back, k.Help, k.QuitNow}
}
func (k findKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Use, k.Edit, k.Again}, {k.Allow, k.Deny, k.Manual, k.Back}, {k.Help, k.QuitNow}}
}

type checksKeys struct {
	Stop, Back, Help, QuitNow key.Binding
}

func newChecksKeys(g globalKeys) checksKeys {
	return checksKeys{
		Stop:    bind(tx.KeyStop, "esc"),
		Back:    bind(tx.KeyBack, "esc", "v", "enter"),
		Help:    g.Help,
		QuitNow: g.QuitNow,
	}
}

func (k checksKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Stop, k.Back, k.Help, k.QuitNow}
}
func (k checksKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Stop, k.Back}, {k.Help, k.QuitNow}}
}

// outcomeKeys serve the problem and success screens: first the offers of
// the outcome (changes that may help, most likely first), then what every
// outcome has.
type outcomeKeys struct {
	Offers                                  []key.Binding
	Another, Save, Copy, Steps, Scroll, Pan key.Binding
	Quit, Help, QuitNow                     key.Binding
}

func newOutcomeKeys(g globalKeys, offers []offer) outcomeKeys {
	k := outcomeKeys{
		Another: bind(tx.KeyAnother, "n"),
		Save:    bind(tx.KeySave, "s"),
		Copy:    bind(tx.KeyCopy, "c"),
		Steps:   bind(tx.KeySteps, "v"),
		Scroll:  bind(tx.KeyScroll, "up", "down"),
		Pan:     bind(tx.KeyPan, "left", "right"),
		Quit:    bind(tx.KeyQuit, "q"),
		Help:    g.Help,
		QuitNow: g.QuitNow,
	}
	k.Pan.SetEnabled(false)
	for _, o := range offers {
		k.Offers = append(k.Offers, bind([2]string{o.key, o.label}, o.key))
	}
	return k
}

func (k outcomeKeys) ShortHelp() []key.Binding {
	return append(append([]key.Binding(nil), k.Offers...), k.Another, k.Save, k.Copy, k.Pan, k.Quit, k.Help)
}
func (k outcomeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.Offers,
		{k.Another, k.Steps, k.Scroll, k.Pan},
		{k.Save, k.Copy, k.Quit, k.QuitNow, k.Help},
	}
}
