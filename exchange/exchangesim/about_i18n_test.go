package exchangesim

import (
	"slices"
	"strings"
	"testing"

	"ewsconnect/i18n"
)

// Every row's About is in the catalogs as demo.about.<row>: in English
// exactly the row's About (the JSON's, a contract for scripts), in every
// other language a text of its own; and the catalogs have no about text
// of a row that does not exist.
func TestEveryRowsAboutIsInTheCatalogs(t *testing.T) {
	var names []string
	for _, row := range scenarioRows {
		sc := row.Scenario
		names = append(names, sc.Name)
		key := "demo.about." + sc.Name
		if got := i18n.T(i18n.EN, key); got != sc.About {
			t.Errorf("en.toml %s = %q, want the row's About %q", key, got, sc.About)
		}
		for _, l := range i18n.Supported {
			if !slices.Contains(i18n.Keys(l), key) {
				t.Errorf("%s: %s is missing", l, key)
			}
		}
	}
	for _, l := range i18n.Supported {
		for _, key := range i18n.Keys(l) {
			if name, ok := strings.CutPrefix(key, "demo.about."); ok && !slices.Contains(names, name) {
				t.Errorf("%s: %s is about no row", l, key)
			}
		}
	}
}
