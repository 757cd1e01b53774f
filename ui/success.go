package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"ewsconnect/steps"
)

// successScreen shows the settings that were verified, to type into the
// mail application; under --demo also the messages the simulator received,
// proving the test message really arrived.
type successScreen struct {
	rep      steps.Report
	cfg      steps.Config
	demo     bool
	received []DemoMessage
	keys     outcomeKeys
}

func newSuccessScreen(rep steps.Report, cfg steps.Config, demo bool, g globalKeys) *successScreen {
	cfg.Password = "" // not needed here; never kept where it is not needed
	s := &successScreen{rep: rep, cfg: cfg, demo: demo, keys: newOutcomeKeys(g)}
	s.keys.UseLogin.SetEnabled(false)
	s.keys.UseURL.SetEnabled(false)
	s.keys.Edit.SetEnabled(false)
	s.keys.Retry.SetEnabled(false)
	return s
}

func (s *successScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case demoSentMsg:
		s.received = msg.messages
	case tea.KeyPressMsg:
		return s, s.keys.sharedAction(msg)
	}
	return s, nil
}

func (s *successScreen) KeyMap() help.KeyMap { return s.keys }

// settings are the verified answers, in the order a mail application asks.
func (s *successScreen) settings() [][2]string {
	rep, srv := s.rep, s.rep.Server
	login := firstNonEmpty(rep.Login, s.cfg.Username, s.cfg.Email)
	if srv.AuthUsed != "" {
		login += " (" + srv.AuthUsed + ")"
	}
	exchange := srv.Version
	if srv.Build != "" {
		exchange = strings.TrimSpace(exchange + " (" + srv.Build + ")")
	}
	test := tx.TestSkipped
	if rep.SentTo != "" {
		test = fmt.Sprintf(tx.TestSentFmt, rep.SentTo)
	}
	return [][2]string{
		{tx.SettingURL, firstNonEmpty(rep.URL, s.cfg.URL)},
		{tx.SettingLogin, login},
		{tx.SettingExchange, exchange},
		{tx.SettingMailbox, firstNonEmpty(rep.Mailbox, s.cfg.Email)},
		{tx.SettingTest, test},
	}
}

func (s *successScreen) View(st styles, w int) string {
	var b strings.Builder
	b.WriteString(wrap(st.OK.Render("✓ "+tx.SuccessTitle), w, 0) + "\n")
	b.WriteString(indent(stepTrail(st, s.rep.Steps, w-2), 2) + "\n\n")
	b.WriteString(tx.SuccessIntro + "\n\n")
	for _, kv := range s.settings() {
		if kv[1] == "" {
			continue
		}
		b.WriteString(hanging(st.Label.Render(padRight(kv[0], 15)), st.Value.Render(kv[1]), w, 2) + "\n")
	}
	var warns []steps.Result
	for _, r := range s.rep.Steps {
		if r.Status == steps.Warn {
			warns = append(warns, r)
		}
	}
	if len(warns) > 0 {
		b.WriteString("\n" + st.Heading.Render(tx.Warnings) + "\n")
		for _, r := range warns {
			b.WriteString(hanging(st.Warn.Render("! "+r.ID.Title()+": "), r.Note, w, 2) + "\n")
		}
	}
	if s.demo {
		b.WriteString("\n" + st.Heading.Render(tx.DemoSentHeading) + "\n")
		if len(s.received) == 0 {
			b.WriteString("  " + st.Muted.Render(tx.DemoSentNone) + "\n")
		}
		for _, m := range s.received {
			line := fmt.Sprintf(tx.DemoSentRowFmt, m.Time.Format("15:04:05"), m.From, m.Bcc, m.Subject)
			b.WriteString(hanging("✉ ", line, w, 2) + "\n")
		}
	}
	return b.String()
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
