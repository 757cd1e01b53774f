package report

import (
	"encoding/json"
	"io"

	"ewsconnect/exchange"
	"ewsconnect/internal/buildinfo"
	"ewsconnect/steps"
)

// The JSON shapes of the contract (../shared/docs/contract.md, check --json).
// Empty fields are omitted so that "unknown" is never confused with "empty".

type jsonReport struct {
	OK           bool              `json:"ok"`
	URL          string            `json:"url"`
	Proxy        string            `json:"proxy,omitempty"` // the chosen proxy, without user information
	Interrupted  bool              `json:"interrupted,omitempty"`
	Steps        []jsonStep        `json:"steps"`
	Problem      *jsonProblem      `json:"problem,omitempty"`
	Warnings     []jsonProblem     `json:"warnings,omitempty"`
	Server       *jsonServer       `json:"server,omitempty"`
	Suggestions  *jsonSuggestion   `json:"suggestions,omitempty"`
	Autodiscover *jsonAutodiscover `json:"autodiscover,omitempty"`
	Login        string            `json:"login,omitempty"`
	Mailbox      string            `json:"mailbox,omitempty"`
	SentTo       string            `json:"sent_to,omitempty"`
	// Tool is the ewsconnect that made the report: not in the contract's
	// example, added so that a ticket names the release (as the
	// User-Agent the server logged does).
	Tool jsonTool `json:"tool"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
}

type jsonStep struct {
	ID      steps.ID     `json:"id"`
	Status  steps.Status `json:"status"`
	MS      int64        `json:"ms"`
	Summary string       `json:"summary,omitempty"`
	Note    string       `json:"note,omitempty"`
	Problem *jsonProblem `json:"problem,omitempty"`
	// Warnings lists a warning step's coded warnings when it has more
	// than one; the first is Problem.
	Warnings []jsonProblem `json:"warnings,omitempty"`
}

type jsonProblem struct {
	Code    string   `json:"code"`
	Section string   `json:"section"`
	Title   string   `json:"title"`
	Detail  string   `json:"detail,omitempty"`
	Fix     []string `json:"fix"`
	Field   string   `json:"field"`
}

type jsonServer struct {
	Version       string   `json:"version,omitempty"`
	Release       string   `json:"release,omitempty"`
	Build         string   `json:"build,omitempty"`
	Schema        string   `json:"schema,omitempty"`
	AuthSchemes   []string `json:"auth_schemes,omitempty"`
	AuthUsed      string   `json:"auth_used,omitempty"`
	NetBIOSDomain string   `json:"netbios_domain,omitempty"`
}

type jsonAutodiscover struct {
	Email    string        `json:"email"`
	URL      string        `json:"url,omitempty"`
	Method   string        `json:"method,omitempty"`
	Source   string        `json:"source,omitempty"`
	Internal bool          `json:"internal,omitempty"`
	Attempts []jsonAttempt `json:"attempts"`
	Consent  *jsonConsent  `json:"consent,omitempty"`
}

type jsonAttempt struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	Result string `json:"result"`
	Detail string `json:"detail,omitempty"`
	MS     int64  `json:"ms"`
}

// jsonConsent is a redirect to another domain that was not followed
// without the user's consent (--allow-redirect DOMAIN).
type jsonConsent struct {
	Domain   string `json:"domain"`
	URL      string `json:"url"`
	CertName string `json:"cert_name,omitempty"`
}

type jsonSuggestion struct {
	URL      string `json:"url,omitempty"`
	Username string `json:"username,omitempty"`
}

// WriteJSON writes rep as the one JSON object of `check --json`.
func WriteJSON(w io.Writer, rep steps.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(toJSON(rep))
}

func toJSON(rep steps.Report) jsonReport {
	out := jsonReport{
		OK:          rep.OK(),
		URL:         exchange.RedactURL(rep.URL),
		Proxy:       exchange.RedactURL(rep.Proxy),
		Interrupted: rep.Interrupted,
		Steps:       make([]jsonStep, 0, len(rep.Steps)),
		Problem:     problemJSON(rep.Problem()),
		Login:       rep.Login,
		Mailbox:     rep.Mailbox,
		SentTo:      rep.SentTo,
		Tool:        jsonTool{Name: "ewsconnect", Version: buildinfo.Current().Version, Commit: buildinfo.Current().Commit},
	}
	for _, s := range rep.Steps {
		out.Steps = append(out.Steps, jsonStep{
			ID: s.ID, Status: s.Status, MS: s.Duration.Milliseconds(),
			Summary: s.Summary, Note: s.Note, Problem: problemJSON(s.Problem),
			Warnings: moreThanOne(s.Warnings),
		})
	}
	for _, w := range rep.Warnings() {
		for _, p := range w.WarningProblems() {
			out.Warnings = append(out.Warnings, *problemJSON(p))
		}
	}
	srv := rep.Server
	if srv.Build != "" || srv.Version != "" || len(srv.AuthSchemes) > 0 || srv.NetBIOSDomain != "" {
		out.Server = &jsonServer{
			Version: versionID(srv.Build, srv.Version), Release: srv.Version, Build: srv.Build,
			Schema: srv.Schema, AuthSchemes: srv.AuthSchemes, AuthUsed: srv.AuthUsed,
			NetBIOSDomain: srv.NetBIOSDomain,
		}
	}
	out.Autodiscover = autodiscoverJSON(rep)
	if rep.Suggestions.URL != "" || rep.Suggestions.Username != "" {
		out.Suggestions = &jsonSuggestion{URL: rep.Suggestions.URL, Username: rep.Suggestions.Username}
	}
	return out
}

// moreThanOne is a step's warnings for JSON, when one problem cannot
// carry them all.
func moreThanOne(ws []*steps.Problem) []jsonProblem {
	if len(ws) < 2 {
		return nil
	}
	out := make([]jsonProblem, 0, len(ws))
	for _, w := range ws {
		out = append(out, *problemJSON(w))
	}
	return out
}

func problemJSON(p *steps.Problem) *jsonProblem {
	if p == nil {
		return nil
	}
	return &jsonProblem{
		Code: string(p.Code), Section: string(p.Section), Title: p.Title,
		Detail: p.Detail, Fix: p.FixLines(), Field: string(p.Field),
	}
}

// versionID prefers the product name from the build; a server whose build
// is unknown keeps whatever name exchange learned.
func versionID(build, release string) string {
	if id := exchange.ProductID(build); id != "" {
		return id
	}
	return release
}

// autodiscoverJSON is the contract's "autodiscover" object, or nil when
// the URL was given.
func autodiscoverJSON(rep steps.Report) *jsonAutodiscover {
	ad := rep.Autodiscover
	if ad == nil {
		return nil
	}
	out := &jsonAutodiscover{
		Email: exchange.Sanitize(ad.Email), URL: exchange.RedactURL(ad.URL), Method: string(ad.Method),
		Source: exchange.RedactURL(ad.Source), Internal: ad.Internal, Attempts: []jsonAttempt{},
	}
	for _, a := range ad.Attempts {
		out.Attempts = append(out.Attempts, jsonAttempt{
			Method: string(a.Method), URL: exchange.RedactURL(a.URL), Result: a.Result,
			Detail: a.DetailIn(rep.Lang), MS: a.Duration.Milliseconds(),
		})
	}
	if c := ad.Consent; c != nil {
		out.Consent = &jsonConsent{Domain: exchange.Sanitize(c.Domain), URL: exchange.RedactURL(c.URL), CertName: exchange.Sanitize(c.CertName)}
	}
	return out
}
