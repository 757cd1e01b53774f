package ui

import "charm.land/bubbles/v2/key"

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
	return []key.Binding{k.Pick, k.Start, k.Own, k.Help, k.QuitNow}
}
func (k welcomeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Pick, k.Start, k.Own, k.Scroll}, {k.Help, k.Quit, k.QuitNow}}
}

// formKeys serve the three answer screens (server, sign in, test message).
type formKeys struct {
	Next, NextField, PrevField, Toggle, Accept, Back, Help, QuitNow key.Binding
}

func newFormKeys(g globalKeys) formKeys {
	return formKeys{
		Next:      bind(tx.KeyNext, "enter"),
		NextField: bind(tx.KeyTabField, "tab"),
		PrevField: bind(tx.KeyShiftTabField, "shift+tab"),
		Toggle:    bind(tx.KeyToggle, "space"),
		Accept:    bind(tx.KeyAccept, "tab"),
		Back:      bind(tx.KeyBack, "esc"),
		Help:      g.Help,
		QuitNow:   g.QuitNow,
	}
}

func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Accept, k.NextField, k.Toggle, k.Back, k.Help, k.QuitNow}
}
func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Back}, {k.NextField, k.PrevField, k.Toggle, k.Accept}, {k.Help, k.QuitNow}}
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

// outcomeKeys serve the problem and success screens.
type outcomeKeys struct {
	UseLogin, UseURL, Edit, Retry, Another         key.Binding
	Save, Copy, Steps, Scroll, Quit, Help, QuitNow key.Binding
}

func newOutcomeKeys(g globalKeys) outcomeKeys {
	return outcomeKeys{
		UseLogin: bind(tx.KeyUseLogin, "d"),
		UseURL:   bind(tx.KeyUseURL, "u"),
		Edit:     bind(tx.KeyEditSignIn, "e"),
		Retry:    bind(tx.KeyRetry, "r"),
		Another:  bind(tx.KeyAnother, "n"),
		Save:     bind(tx.KeySave, "s"),
		Copy:     bind(tx.KeyCopy, "c"),
		Steps:    bind(tx.KeySteps, "v"),
		Scroll:   bind(tx.KeyScroll, "up", "down"),
		Quit:     bind(tx.KeyQuit, "q"),
		Help:     g.Help,
		QuitNow:  g.QuitNow,
	}
}

func (k outcomeKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.UseLogin, k.UseURL, k.Edit, k.Retry, k.Another, k.Save, k.Copy, k.Quit, k.Help}
}
func (k outcomeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.UseLogin, k.UseURL, k.Edit},
		{k.Retry, k.Another, k.Steps, k.Scroll},
		{k.Save, k.Copy, k.Quit, k.QuitNow, k.Help},
	}
}
