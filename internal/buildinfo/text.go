package buildinfo

import (
	"fmt"
	"strings"

	"ewsconnect/i18n"
)

// Text is what `ewsconnect version` prints: the name and version on the
// first line (what scripts read), then the commit, the date and the Go
// toolchain, each labelled in l. A date that is only the commit's is
// labelled so: a build made from a checkout has no build date of its own.
func (i Info) Text(l i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ewsconnect %s\n", i.Version)
	commit := i.Commit
	switch {
	case commit == "":
		commit = i18n.T(l, "version.unknown")
	case i.Modified:
		commit = i18n.T(l, "version.modified", i18n.Data{"Commit": commit})
	}
	row(&b, i18n.T(l, "version.commit"), commit)
	switch {
	case i.Date == "":
		row(&b, i18n.T(l, "version.built"), i18n.T(l, "version.unknown"))
	case i.Stamped:
		row(&b, i18n.T(l, "version.built"), i.Date)
	default:
		row(&b, i18n.T(l, "version.committed"), i.Date)
	}
	row(&b, "Go", i.GoVersion+" "+i.Platform)
	return b.String()
}

// row is one labelled line, the values aligned after the longest label
// either language has.
func row(b *strings.Builder, label, value string) {
	fmt.Fprintf(b, "  %-16s %s\n", label+":", value)
}
