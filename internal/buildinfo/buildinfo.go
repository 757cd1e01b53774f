// Package buildinfo says which build of ewsconnect is running: the
// version, commit and date a release stamps into the binary with the
// linker, or what the Go toolchain recorded (the module version and the
// version-control settings) when it was built without them. The version
// command, the User-Agent and the reports all read it from here, so that
// they cannot disagree.
package buildinfo

import (
	"cmp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// What a release build stamps with the linker (.goreleaser.yaml):
//
//	-X ewsconnect/internal/buildinfo.version=1.4.0
//	-X ewsconnect/internal/buildinfo.commit=<full revision>
//	-X ewsconnect/internal/buildinfo.date=<RFC 3339 build time>
var version, commit, date string

// Stamp is what the linker set; empty fields were not set.
type Stamp struct {
	Version, Commit, Date string
}

// Current is this build's Info, read once.
var Current = sync.OnceValue(func() Info { return Read(Stamp{version, commit, date}) })

// UserAgent is this build's HTTP User-Agent.
func UserAgent() string { return Current().UserAgent() }

// Info describes the running build.
type Info struct {
	Version   string // "1.4.0", a module version, or "dev" when nothing is known
	Commit    string // the full revision, "" when unknown
	Modified  bool   // built from a work tree with uncommitted changes
	Date      string // RFC 3339: the build's date when stamped, else the commit's
	Stamped   bool   // Date is the build date (a release); else the commit's
	GoVersion string // the toolchain that built it: "go1.26.8"
	Platform  string // GOOS/GOARCH: "windows/amd64"
}

// devVersion is the version of a build that knows nothing of itself.
const devVersion = "dev"

// Read is the running build's Info: the stamp where the linker set it,
// else the build information the Go toolchain embedded.
func Read(s Stamp) Info {
	bi, _ := debug.ReadBuildInfo() // nil without build information
	return resolve(s, bi, runtime.GOOS+"/"+runtime.GOARCH)
}

// resolve combines a stamp with the toolchain's build information (nil
// when there is none): a stamped field always wins, and the module
// version and VCS settings fill what the stamp left empty. It is pure so
// that each kind of build is a table row in its test.
func resolve(s Stamp, bi *debug.BuildInfo, platform string) Info {
	info := Info{
		Version:   trimV(s.Version),
		Commit:    s.Commit,
		Date:      s.Date,
		Stamped:   s.Date != "",
		GoVersion: runtime.Version(),
		Platform:  platform,
	}
	if bi == nil {
		info.Version = cmp.Or(info.Version, devVersion)
		return info
	}
	if bi.GoVersion != "" {
		info.GoVersion = bi.GoVersion
	}
	settings := map[string]string{}
	for _, kv := range bi.Settings {
		settings[kv.Key] = kv.Value
	}
	if info.Commit == "" {
		info.Commit = settings["vcs.revision"]
		info.Modified = settings["vcs.modified"] == "true"
	}
	if info.Date == "" {
		info.Date = settings["vcs.time"]
	}
	if info.Version == "" {
		info.Version = moduleVersion(bi.Main.Version, info.Commit, info.Modified)
	}
	return info
}

// moduleVersion is the main module's version as the toolchain recorded
// it: "v1.4.0" from `go install ewsconnect@v1.4.0`, a pseudo-version
// ("v0.0.0-20261128123456-0123456789ab+dirty") from `go build` in a
// checkout. Without one ("(devel)", as `go run` and tests record), it is
// "dev" with the commit when that is known ("dev-0123456789ab+dirty"),
// never a bare "dev" that hides it.
func moduleVersion(v, commit string, modified bool) string {
	if v != "" && v != "(devel)" {
		return trimV(v)
	}
	if commit == "" {
		return devVersion
	}
	v = devVersion + "-" + shortCommit(commit)
	if modified {
		v += "+dirty"
	}
	return v
}

// shortCommit is the first 12 characters of a revision, as Go's
// pseudo-versions abbreviate it.
func shortCommit(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// trimV drops a module version's leading "v", so that "v1.4.0" from the
// toolchain and "1.4.0" from a release stamp read the same.
func trimV(v string) string {
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		return v[1:]
	}
	return v
}

// UserAgent is the HTTP User-Agent of this build: "ewsconnect/1.4.0". An
// EWS application access policy matches it, so it carries the version
// only, reduced to the characters a header token may hold.
func (i Info) UserAgent() string {
	return "ewsconnect/" + strings.Map(tokenChar, i.Version)
}

// tokenChar keeps the characters RFC 9110 allows in a token and turns
// any other into "-".
func tokenChar(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return r
	case strings.ContainsRune("!#$%&'*+-.^_`|~", r):
		return r
	}
	return '-'
}
