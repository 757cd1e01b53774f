package i18n

// The catalogs are go-i18n message files, one TOML file per language
// under locales/, embedded in the binary. go-i18n brings the CLDR plural
// rules (Polish: 1 sekunda, 2 sekundy, 5 sekund) and a file format a
// translator can read; a key says where its text appears, e.g.
// problem.auth-failed.fix.2 is the second step of that problem's fix.

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// T is the text of key in l, with data filled into its {{.Name}}
// placeholders (a Msg, an error, a date or a duration put into l's words,
// as in Msg.In). A key missing in l, or a language without a catalog, falls
// back to English (the tests forbid that for every supported language); a
// key missing everywhere is returned as it is, so that a bug shows.
func T(l Lang, key string, data ...map[string]any) string {
	return text(l, key, nil, dataIn(l, data))
}

// N is T for a text that depends on a number: count chooses the plural
// form by the language's CLDR rules and is available as {{.Count}}.
func N(l Lang, key string, count int, data ...map[string]any) string {
	d := dataIn(l, data)
	d["Count"] = count
	return text(l, key, &count, d)
}

// Keys are the keys of l's catalog, sorted; none when l has no catalog.
func Keys(l Lang) []string {
	c, _ := loaded()
	return slices.Sorted(maps.Keys(c.messages[l]))
}

func text(l Lang, key string, count *int, data map[string]any) string {
	c, _ := loaded()
	if s, err := c.localize(l, key, count, data); err == nil {
		return s
	}
	if s, err := c.localize(EN, key, count, data); err == nil {
		return s
	}
	return key
}

// dataIn is data merged, its values in l's words.
func dataIn(l Lang, data []map[string]any) map[string]any {
	out := merge(data)
	for k, v := range out {
		out[k] = valueIn(l, v)
	}
	return out
}

func merge(data []map[string]any) map[string]any {
	out := map[string]any{}
	for _, d := range data {
		maps.Copy(out, d)
	}
	return out
}

// loaded is the embedded catalogs, read once. A file that does not load
// is an error here, which TestCatalogsLoad reports; at run time its texts
// fall back to English (or to their keys) instead of stopping the program.
var loaded = sync.OnceValues(func() (*catalog, error) { return loadCatalog(locales) })

// catalog is every supported language's messages.
type catalog struct {
	bundle     *goi18n.Bundle
	messages   map[Lang]map[string]*goi18n.Message
	localizers map[Lang]*goi18n.Localizer
}

// loadCatalog reads locales/<lang>.toml of every supported language from
// fsys. It always returns a usable catalog, holding the languages that
// loaded, and an error naming every file or message that did not.
func loadCatalog(fsys fs.FS) (*catalog, error) {
	c := &catalog{
		bundle:     goi18n.NewBundle(language.English),
		messages:   map[Lang]map[string]*goi18n.Message{},
		localizers: map[Lang]*goi18n.Localizer{},
	}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	var errs []error
	for _, l := range Supported {
		path := "locales/" + string(l) + ".toml"
		file, err := c.bundle.LoadMessageFileFS(fsys, path)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path, err))
			continue
		}
		msgs := map[string]*goi18n.Message{}
		for _, m := range file.Messages {
			if err := checkTemplates(m); err != nil {
				errs = append(errs, fmt.Errorf("%s: %s: %w", path, m.ID, err))
				continue
			}
			msgs[m.ID] = m
		}
		c.messages[l] = msgs
		c.localizers[l] = goi18n.NewLocalizer(c.bundle, string(l))
	}
	return c, errors.Join(errs...)
}

// parser reads a message's {{.Name}} placeholders; go-i18n's default.
var parser = &template.TextParser{}

// checkTemplates parses every plural form of m, so that a broken
// placeholder fails at load (and so a test) rather than when shown.
func checkTemplates(m *goi18n.Message) error {
	for _, src := range forms(m) {
		if _, err := parser.Parse(src, m.LeftDelim, m.RightDelim); err != nil {
			return err
		}
	}
	return nil
}

// forms are m's non-empty texts by plural form ("other" for a text
// without plural forms).
func forms(m *goi18n.Message) map[string]string {
	out := map[string]string{}
	for form, src := range map[string]string{
		"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other,
	} {
		if src != "" {
			out[form] = src
		}
	}
	return out
}

// errNotInLanguage is a key that l's own catalog does not have.
var errNotInLanguage = errors.New("not in this language's catalog")

// localize is key in l's own catalog, never another language's.
func (c *catalog) localize(l Lang, key string, count *int, data map[string]any) (string, error) {
	if _, ok := c.messages[l][key]; !ok {
		return "", fmt.Errorf("%s: %q: %w", l, key, errNotInLanguage)
	}
	cfg := &goi18n.LocalizeConfig{MessageID: key, TemplateData: data}
	if count != nil {
		cfg.PluralCount = *count
	}
	s, tag, err := c.localizers[l].LocalizeWithTag(cfg)
	if err != nil {
		return "", fmt.Errorf("%s: %q: %w", l, key, err)
	}
	if want := language.Make(string(l)); tag != want {
		return "", fmt.Errorf("%s: %q: answered in %s: %w", l, key, tag, errNotInLanguage)
	}
	return s, nil
}
