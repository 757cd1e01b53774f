package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// keyInCode is a catalog key written out in a call that says it: i18n.M,
// MN, T, N, NewError or Wrap (the key is Wrap's second argument).
var keyInCode = regexp.MustCompile(`\b(?:i18n\.)?(?:M|MN|T|N|NewError)\(\s*(?:[a-zA-Z.]+,\s*)?"([a-z0-9][a-z0-9.\-]*)"|\bWrap\([^,()]+,\s*"([a-z0-9][a-z0-9.\-]*)"`)

// Every key the program's code names is in the English catalog (and so,
// by TestSameKeysInEveryLanguage, in every one): a missing key would show
// as the key itself. Keys built at run time (problem.<code>.title) are
// checked where they are built.
func TestEveryKeyInTheCodeIsInTheCatalog(t *testing.T) {
	keys := Keys(EN)
	var missing []string
	checked := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyInCode.FindAllStringSubmatch(string(src), -1) {
			key := m[1] + m[2]
			if !strings.Contains(key, ".") || strings.HasSuffix(key, ".") {
				continue // not a catalog key, or the start of one built at run time
			}
			checked++
			if _, found := slices.BinarySearch(keys, key); !found && !hasPlural(key) {
				missing = append(missing, path+": "+key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d keys named in the code", checked)
	if checked < 300 {
		t.Fatalf("only %d keys found in the code: the pattern no longer matches how texts are named", checked)
	}
	for _, m := range missing {
		t.Errorf("not in the catalog: %s", m)
	}
}

// hasPlural reports a key that is a plural table (its forms are the keys).
func hasPlural(key string) bool {
	c, _ := loaded()
	_, ok := c.messages[EN][key]
	return ok
}
