package buildinfo

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"ewsconnect/i18n"
)

const rev = "d2e347a138f8004fa52057f8e940ef9f8c38f389"

// vcs is build information as the Go toolchain records a build in a git
// work tree.
func vcs(mainVersion string, modified bool) *debug.BuildInfo {
	m := "false"
	if modified {
		m = "true"
	}
	return &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "ewsconnect", Version: mainVersion},
		Settings: []debug.BuildSetting{
			{Key: "-trimpath", Value: "true"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: "2026-11-28T12:27:42Z"},
			{Key: "vcs.modified", Value: m},
		},
	}
}

func TestResolve(t *testing.T) {
	release := Stamp{Version: "1.4.0", Commit: rev, Date: "2026-11-30T09:00:00Z"}
	tests := []struct {
		name  string
		stamp Stamp
		bi    *debug.BuildInfo
		want  Info
	}{
		{name: "release: the stamp wins over the toolchain's record", stamp: release, bi: vcs("v0.0.0-20261128122742-d2e347a138f8", false),
			want: Info{Version: "1.4.0", Commit: rev, Date: "2026-11-30T09:00:00Z", Stamped: true, GoVersion: "go1.26.8"}},
		{name: "release stamped with a tag's v", stamp: Stamp{Version: "v1.4.0", Commit: rev, Date: "2026-11-30T09:00:00Z"}, bi: vcs("(devel)", false),
			want: Info{Version: "1.4.0", Commit: rev, Date: "2026-11-30T09:00:00Z", Stamped: true, GoVersion: "go1.26.8"}},
		{name: "snapshot release", stamp: Stamp{Version: "0.0.1-SNAPSHOT-d2e347a", Commit: rev, Date: "2026-11-30T09:00:00Z"}, bi: nil,
			want: Info{Version: "0.0.1-SNAPSHOT-d2e347a", Commit: rev, Date: "2026-11-30T09:00:00Z", Stamped: true, GoVersion: runtime.Version()}},
		{name: "go build in a clean checkout", bi: vcs("v0.0.0-20261128122742-d2e347a138f8", false),
			want: Info{Version: "0.0.0-20261128122742-d2e347a138f8", Commit: rev, Date: "2026-11-28T12:27:42Z", GoVersion: "go1.26.8"}},
		{name: "go build with uncommitted changes", bi: vcs("v0.0.0-20261128122742-d2e347a138f8+dirty", true),
			want: Info{Version: "0.0.0-20261128122742-d2e347a138f8+dirty", Commit: rev, Modified: true, Date: "2026-11-28T12:27:42Z", GoVersion: "go1.26.8"}},
		{name: "go install of a tagged module", bi: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "ewsconnect", Version: "v1.4.0"}},
			want: Info{Version: "1.4.0", GoVersion: "go1.26.8"}},
		{name: "a VCS record without a module version names the commit, not a bare dev", bi: vcs("(devel)", true),
			want: Info{Version: "dev-d2e347a138f8+dirty", Commit: rev, Modified: true, Date: "2026-11-28T12:27:42Z", GoVersion: "go1.26.8"}},
		{name: "go run or a test: nothing known", bi: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "ewsconnect", Version: "(devel)"}},
			want: Info{Version: "dev", GoVersion: "go1.26.8"}},
		{name: "no build information at all", bi: nil,
			want: Info{Version: "dev", GoVersion: runtime.Version()}},
		{name: "a stamp of the version only keeps the toolchain's commit", stamp: Stamp{Version: "1.4.0"}, bi: vcs("(devel)", false),
			want: Info{Version: "1.4.0", Commit: rev, Date: "2026-11-28T12:27:42Z", GoVersion: "go1.26.8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.Platform = "windows/arm64"
			if got := resolve(tt.stamp, tt.bi, "windows/arm64"); got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	tests := []struct{ version, want string }{
		{"1.4.0", "ewsconnect/1.4.0"},
		{"0.0.0-20261128122742-d2e347a138f8+dirty", "ewsconnect/0.0.0-20261128122742-d2e347a138f8+dirty"},
		{"dev", "ewsconnect/dev"},
		// A stamp with characters a header token cannot hold (a space
		// would split the product token, a CR end the header).
		{"1.4 beta\r\nX: y", "ewsconnect/1.4-beta--X--y"},
		{"wersja-ż/1", "ewsconnect/wersja---1"},
	}
	for _, tt := range tests {
		if got := (Info{Version: tt.version}).UserAgent(); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.version, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	release := Info{Version: "1.4.0", Commit: rev, Date: "2026-11-30T09:00:00Z", Stamped: true, GoVersion: "go1.26.8", Platform: "darwin/arm64"}
	checkout := Info{Version: "0.0.0-20261128122742-d2e347a138f8+dirty", Commit: rev, Modified: true, Date: "2026-11-28T12:27:42Z", GoVersion: "go1.26.8", Platform: "windows/amd64"}
	bare := Info{Version: "dev", GoVersion: "go1.26.8", Platform: "linux/amd64"}
	tests := []struct {
		name string
		info Info
		lang i18n.Lang
		want string
	}{
		{"release", release, i18n.EN, "ewsconnect 1.4.0\n" +
			"  commit:          " + rev + "\n" +
			"  built:           2026-11-30T09:00:00Z\n" +
			"  Go:              go1.26.8 darwin/arm64\n"},
		{"checkout, the date is the commit's", checkout, i18n.EN, "ewsconnect 0.0.0-20261128122742-d2e347a138f8+dirty\n" +
			"  commit:          " + rev + " (with uncommitted changes)\n" +
			"  commit date:     2026-11-28T12:27:42Z\n" +
			"  Go:              go1.26.8 windows/amd64\n"},
		{"nothing known", bare, i18n.EN, "ewsconnect dev\n" +
			"  commit:          unknown\n" +
			"  built:           unknown\n" +
			"  Go:              go1.26.8 linux/amd64\n"},
		{"release in Polish", release, i18n.PL, "ewsconnect 1.4.0\n" +
			"  rewizja:         " + rev + "\n" +
			"  zbudowano:       2026-11-30T09:00:00Z\n" +
			"  Go:              go1.26.8 darwin/arm64\n"},
		{"checkout in Polish", checkout, i18n.PL, "ewsconnect 0.0.0-20261128122742-d2e347a138f8+dirty\n" +
			"  rewizja:         " + rev + " (z niezatwierdzonymi zmianami)\n" +
			"  data rewizji:    2026-11-28T12:27:42Z\n" +
			"  Go:              go1.26.8 windows/amd64\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.info.Text(tt.lang); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// Current is what this very binary knows: a test binary is not stamped,
// so it is the toolchain's record, and the Go version is the running one.
func TestCurrentIsThisBinary(t *testing.T) {
	got := Current()
	if got != Read(Stamp{}) {
		t.Errorf("Current %+v differs from Read %+v", got, Read(Stamp{}))
	}
	if got.GoVersion != runtime.Version() || got.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("Go %q on %q, want %q on %s/%s", got.GoVersion, got.Platform, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	if got.Version == "" || strings.HasPrefix(got.Version, "v") {
		t.Errorf("version %q: want a version without the tag's v", got.Version)
	}
}
