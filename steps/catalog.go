package steps

import "ewsconnect/exchange"

// Section is one heading of the vendor's help article
// (../shared/docs/help-article.en.md); every problem belongs to one.
type Section string

// The article's sections, in its order.
const (
	SectionInvalidURL         Section = "invalid-url"
	SectionUnsupportedVersion Section = "unsupported-version"
	SectionCannotConnect      Section = "cannot-connect"
	SectionUnauthorized       Section = "unauthorized"
	SectionTestEmailFailed    Section = "test-email-failed"
)

// Sections lists the article's sections in order.
var Sections = []Section{
	SectionInvalidURL, SectionUnsupportedVersion, SectionCannotConnect,
	SectionUnauthorized, SectionTestEmailFailed,
}

// Entry is what the catalog knows about a code: where it stands in the
// article, a one-line title, and the fix as steps a person can follow.
type Entry struct {
	Section Section
	Title   string
	Fix     []string
}

// Lookup returns the catalog entry of code. An unknown code (a bug) falls
// back to the general server error, so a user always gets a fix.
func Lookup(code exchange.Code) Entry {
	if e, ok := catalogEN[code]; ok {
		return e
	}
	return catalogEN[exchange.CodeServerError]
}

// SectionTitle is the article's heading for s.
func SectionTitle(s Section) string { return sectionTitlesEN[s] }
