package i18n

import "strings"

// parseAppleLanguages reads what `defaults read -g AppleLanguages` prints,
// an old-style property list array:
//
//	(
//	    "pl-PL",
//	    "en-GB"
//	)
//
// It lives outside the darwin file so that it is tested everywhere.
func parseAppleLanguages(out string) []string {
	var langs []string
	for _, line := range strings.Split(out, "\n") {
		v := strings.Trim(strings.TrimSpace(line), `",`)
		if v == "" || v == "(" || v == ")" {
			continue
		}
		langs = append(langs, v)
	}
	return langs
}
