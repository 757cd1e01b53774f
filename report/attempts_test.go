package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"ewsconnect/exchange/autodiscover"
	"ewsconnect/i18n"
	"ewsconnect/steps"
)

// discoveredReport is a run that found its server on the second method.
func discoveredReport() steps.Report {
	return steps.Report{
		URL: "https://mail.contoso.test/EWS/Exchange.asmx",
		Steps: []steps.Result{{ID: steps.Autodiscover, Status: steps.Pass, Duration: 415 * time.Millisecond,
			Summary: "https://mail.contoso.test/EWS/Exchange.asmx from autodiscover.contoso.test (https-autodiscover-domain)"}},
		Autodiscover: &autodiscover.Result{
			Email: "alice@contoso.test", URL: "https://mail.contoso.test/EWS/Exchange.asmx",
			Method: autodiscover.MethodAutodiscoverDomain, Source: "https://autodiscover.contoso.test/autodiscover/autodiscover.xml",
			Attempts: []autodiscover.Attempt{
				{Method: autodiscover.MethodRootDomain, URL: "https://contoso.test/autodiscover/autodiscover.xml", Result: "dns-failed", Detail: "contoso.test: no such host", Duration: 3 * time.Millisecond},
				{Method: autodiscover.MethodAutodiscoverDomain, URL: "https://autodiscover.contoso.test/autodiscover/autodiscover.xml", Result: "found", Duration: 412 * time.Millisecond},
				{Method: autodiscover.MethodSRV, URL: "_autodiscover._tcp.contoso.test", Result: "skipped", Detail: "not needed"},
			},
		},
	}
}

func TestAttemptsAreATreeUnderTheAutodiscoverStep(t *testing.T) {
	var buf bytes.Buffer
	rep := discoveredReport()
	p := NewTextPrinter(&buf, steps.Config{Email: "alice@contoso.test"}, false)
	p.Step(rep.Steps[0], rep)
	out := buf.String()
	for _, want := range []string{
		"ewsconnect check · alice@contoso.test (finding the server by autodiscover)",
		"├─ https-root-domain  https://contoso.test/autodiscover/autodiscover.xml",
		"│    dns-failed · 3 ms · contoso.test: no such host",
		"├─ https-autodiscover-domain  https://autodiscover.contoso.test/autodiscover/autodiscover.xml",
		"│    found · 412 ms",
		"└─ srv  _autodiscover._tcp.contoso.test",
		"     skipped · not needed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestJSONCarriesTheAttempts(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, discoveredReport()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Autodiscover struct {
			Email, URL, Method, Source string
			Attempts                   []struct {
				Method, URL, Result, Detail string
				MS                          int64
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	ad := got.Autodiscover
	if ad.Email != "alice@contoso.test" || ad.Method != "https-autodiscover-domain" || ad.Source != "https://autodiscover.contoso.test/autodiscover/autodiscover.xml" {
		t.Errorf("autodiscover = %+v", ad)
	}
	if len(ad.Attempts) != 3 || ad.Attempts[0].Result != "dns-failed" || ad.Attempts[1].MS != 412 || ad.Attempts[2].Result != "skipped" {
		t.Errorf("attempts = %+v", ad.Attempts)
	}
}

// With a URL given there is no discovery, and no "autodiscover" key.
func TestJSONWithoutDiscoveryHasNoAutodiscoverKey(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, steps.Report{URL: "https://mail.contoso.test/EWS/Exchange.asmx"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `"autodiscover"`) {
		t.Errorf("unexpected autodiscover key:\n%s", buf.String())
	}
}

func TestMarkdownListsTheAttempts(t *testing.T) {
	md := Markdown(discoveredReport(), steps.Config{Email: "alice@contoso.test"}, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
	if !strings.Contains(md, "## Autodiscover for alice@contoso.test") || !strings.Contains(md, "| https-root-domain | https://contoso.test/autodiscover/autodiscover.xml | dns-failed | 3 ms |") {
		t.Errorf("markdown:\n%s", md)
	}
}

// A streamed attempt is a bullet: which one comes last is not known yet.
func TestAttemptItemIsABulletWithItsOutcome(t *testing.T) {
	got := AttemptItem(i18n.EN, autodiscover.Attempt{Method: "srv", URL: "_autodiscover._tcp.contoso.test", Result: "not-found",
		Detail: "no SRV record"}, "  ")
	want := "  · srv  _autodiscover._tcp.contoso.test\n      not-found · 0 ms · no SRV record\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
