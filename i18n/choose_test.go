package i18n

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{
		"pl": PL, "PL": PL, "pl_PL.UTF-8": PL, "pl-PL": PL, "pl_PL@euro": PL, " en ": EN, "en_GB.UTF-8": EN,
		"de_DE.UTF-8": "", "C": "", "POSIX": "", "C.UTF-8": "", "": "", "polish": "",
	} {
		got, ok := Parse(in)
		if got != want || ok != (want != "") {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// The order of the contract: --lang, EWSCONNECT_LANG, LC_ALL, LC_MESSAGES,
// LANG, the operating system's user language, else English.
func TestChooseOrder(t *testing.T) {
	tests := []struct {
		name   string
		flag   string
		env    map[string]string
		os     []string
		want   Lang
		source string
		err    string
	}{
		{name: "nothing set", want: EN, source: "default"},
		{name: "the flag wins over everything", flag: "en", env: map[string]string{"EWSCONNECT_LANG": "pl", "LC_ALL": "pl_PL.UTF-8"}, os: []string{"pl-PL"}, want: EN, source: "--lang"},
		{name: "EWSCONNECT_LANG over the locale", env: map[string]string{"EWSCONNECT_LANG": "pl", "LC_ALL": "en_US.UTF-8"}, want: PL, source: "EWSCONNECT_LANG=pl"},
		{name: "LC_ALL over LC_MESSAGES and LANG", env: map[string]string{"LC_ALL": "pl_PL.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_US"}, want: PL, source: "LC_ALL=pl_PL.UTF-8"},
		{name: "LC_MESSAGES over LANG", env: map[string]string{"LC_MESSAGES": "pl_PL", "LANG": "en_US.UTF-8"}, want: PL, source: "LC_MESSAGES=pl_PL"},
		{name: "LANG", env: map[string]string{"LANG": "pl_PL.UTF-8"}, os: []string{"en-US"}, want: PL, source: "LANG=pl_PL.UTF-8"},
		{name: "LANG=C is a choice: English", env: map[string]string{"LANG": "C.UTF-8"}, os: []string{"pl-PL"}, want: EN, source: "LANG=C.UTF-8"},
		{name: "a locale without a catalog is English, not the OS's", env: map[string]string{"LANG": "de_DE.UTF-8"}, os: []string{"pl-PL"}, want: EN, source: "LANG=de_DE.UTF-8"},
		{name: "an empty variable is not set", env: map[string]string{"LC_ALL": " ", "LANG": "pl_PL"}, want: PL, source: "LANG=pl_PL"},
		{name: "Windows: the user's display language", os: []string{"pl-PL", "en-US"}, want: PL, source: "the system's language (pl-PL)"},
		{name: "macOS: the first preferred language with a catalog", os: []string{"de-DE", "pl-PL"}, want: PL, source: "the system's language (pl-PL)"},
		{name: "OS languages without a catalog", os: []string{"de-DE", "fr-FR"}, want: EN, source: "default"},
		{name: "an unknown --lang is an error", flag: "de", err: `--lang "de"`},
		{name: "an unknown EWSCONNECT_LANG is an error", env: map[string]string{"EWSCONNECT_LANG": "klingon"}, err: "EWSCONNECT_LANG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Env{Getenv: func(k string) string { return tt.env[k] }, OSLanguages: func() []string { return tt.os }}
			got, err := Choose(tt.flag, env)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "en|pl") {
					t.Errorf("got %+v, %v; want an error naming %s and the languages", got, err, tt.err)
				}
				return
			}
			if err != nil || got.Lang != tt.want || got.Source != tt.source {
				t.Errorf("got %+v, %v; want %s from %q", got, err, tt.want, tt.source)
			}
		})
	}
}

// What macOS's defaults prints for the preferred languages.
func TestParseAppleLanguages(t *testing.T) {
	out := "(\n    \"pl-PL\",\n    \"en-GB\",\n    \"zh-Hans-PL\"\n)\n"
	if got := parseAppleLanguages(out); !slices.Equal(got, []string{"pl-PL", "en-GB", "zh-Hans-PL"}) {
		t.Errorf("got %q", got)
	}
	if got := parseAppleLanguages(""); len(got) != 0 {
		t.Errorf("empty output gave %q", got)
	}
}
