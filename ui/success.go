package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ewsconnect/steps"
)

// successScreen shows the settings that were verified, to type into the
// mail application; under --demo also the messages the simulator received,
// proving the test message really arrived. When the test message failed
// and was then skipped, it says so first: reading works, sending does not.
type successScreen struct {
	rep      steps.Report
	cfg      steps.Config
	demo     bool
	offers   []offer
	pan      int // columns the failed send's commands are panned by
	received []DemoMessage
	keys     outcomeKeys
}

func newSuccessScreen(rep steps.Report, cfg steps.Config, demo bool, g globalKeys) *successScreen {
	cfg.Password = "" // not needed here; never kept where it is not needed
	offers := offersFor(rep, cfg, nil)
	s := &successScreen{rep: rep, cfg: cfg, demo: demo, offers: offers, keys: newOutcomeKeys(g, offers)}
	if p := rep.SkippedProblem(); p != nil && len(p.Commands()) > 0 {
		s.keys.Copy.SetHelp("c", tx.KeyCopyCommands)
	}
	return s
}

func (s *successScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case demoSentMsg:
		s.received = msg.messages
	case tea.KeyPressMsg:
		for i, b := range s.keys.Offers {
			if key.Matches(msg, b) {
				return s, send(s.offers[i].msg)
			}
		}
		p := s.rep.SkippedProblem()
		switch {
		case p != nil && key.Matches(msg, s.keys.Copy) && len(p.Commands()) > 0:
			return s, send(copyMsg{text: strings.Join(p.Commands(), "\n") + "\n"})
		case msg.String() == "left" && s.keys.Pan.Enabled():
			s.pan = max(0, s.pan-8)
			return s, nil
		case msg.String() == "right" && s.keys.Pan.Enabled():
			s.pan = min(s.pan+8, longestCommand(p))
			return s, nil
		}
		return s, s.keys.sharedAction(msg)
	}
	return s, nil
}

func (s *successScreen) KeyMap() help.KeyMap { return s.keys }

// outcomeTitle is the outcome in one line, with its mark.
func outcomeTitle(rep steps.Report) string {
	if rep.Outcome() == steps.OutcomeConnectedNoSend {
		return "! " + tx.PartialTitle
	}
	return "✓ " + tx.SuccessTitle
}

// settings are the verified answers, in the order a mail application asks.
func settings(rep steps.Report, cfg steps.Config) [][2]string {
	srv := rep.Server
	login := firstNonEmpty(rep.Login, cfg.Username, cfg.Email)
	if srv.AuthUsed != "" {
		login += " (" + srv.AuthUsed + ")"
	}
	exchange := srv.Version
	if srv.Build != "" {
		exchange = strings.TrimSpace(exchange + " (" + srv.Build + ")")
	}
	test := tx.TestSkipped
	switch {
	case rep.SentTo != "":
		test = fmt.Sprintf(tx.TestSentFmt, rep.SentTo)
	case rep.SkippedProblem() != nil:
		test = fmt.Sprintf(tx.TestFailedSkippedFmt, rep.SkippedProblem().Code)
	}
	return [][2]string{
		{tx.SettingURL, firstNonEmpty(rep.URL, cfg.URL)},
		{tx.SettingLogin, login},
		{tx.SettingExchange, exchange},
		{tx.SettingMailbox, firstNonEmpty(rep.Mailbox, cfg.Email)},
		{tx.SettingTest, test},
	}
}

func (s *successScreen) View(st styles, w int) string {
	var b strings.Builder
	title := st.OK.Render(outcomeTitle(s.rep))
	if s.rep.Outcome() == steps.OutcomeConnectedNoSend {
		title = st.Warn.Render(outcomeTitle(s.rep))
	}
	b.WriteString(wrap(title, w, 0) + "\n")
	b.WriteString(indent(stepTrail(st, s.rep.Steps, w-2), 2) + "\n\n")
	if p := s.rep.SkippedProblem(); p != nil {
		b.WriteString(wrap(fmt.Sprintf(tx.PartialIntroFmt, p.Title, p.Code), w, 0) + "\n")
		b.WriteString(offersView(st, s.offers, w) + "\n")
	}
	b.WriteString(tx.SuccessIntro + "\n\n")
	for _, kv := range settings(s.rep, s.cfg) {
		if kv[1] == "" {
			continue
		}
		b.WriteString(hanging(st.Label.Render(padRight(kv[0], 15)), st.Value.Render(kv[1]), w, 2) + "\n")
	}
	if p := s.rep.SkippedProblem(); p != nil {
		b.WriteString("\n" + st.Heading.Render(tx.PartialWhyHeading) + "\n")
		b.WriteString(wrap(p.Detail, w, 2) + "\n")
		fix, overflow := fixView(st, p.Fix, s.offers, s.pan, w)
		s.keys.Pan.SetEnabled(overflow)
		b.WriteString(fix)
	}
	if warns := s.rep.Warnings(); len(warns) > 0 {
		b.WriteString("\n" + st.Heading.Render(tx.Warnings) + "\n")
		for _, r := range warns {
			b.WriteString(hanging(st.Warn.Render("! "+r.ID.TitleIn(tx.lang)+": "), r.Note, w, 2) + "\n")
			for i, p := range r.WarningProblems() {
				if i > 0 {
					b.WriteString(hanging(st.Warn.Render("! "+r.ID.TitleIn(tx.lang)+": "), p.Title, w, 2) + "\n")
				}
				b.WriteString(s.warningView(st, p, w))
			}
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

// warningView is a coded warning's evidence and fix, under its title: a
// connection that works today may not tomorrow, and IT needs the detail.
func (s *successScreen) warningView(st styles, p *steps.Problem, w int) string {
	var b strings.Builder
	if p.Detail != "" {
		b.WriteString(wrap(st.Muted.Render(p.Detail), w, 4) + "\n")
	}
	fix, overflow := fixView(st, p.Fix, nil, s.pan, w-2)
	if overflow {
		s.keys.Pan.SetEnabled(true)
	}
	b.WriteString(indent(fix, 2))
	b.WriteString(indent(st.Code.Render(fmt.Sprintf(tx.ProblemCodeFmt, p.Code)), 4) + "\n")
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
