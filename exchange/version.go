package exchange

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"ewsconnect/i18n"
)

// minimum is the oldest Exchange the product supports: 2010 SP2 (14.2).
var minimum = serverBuild{major: 14, minor: 2}

// serverBuild is a version number: major.minor.build.revision.
type serverBuild struct {
	major, minor, build, revision int
	hasBuild, hasRevision         bool
}

func (b serverBuild) String() string {
	s := fmt.Sprintf("%d.%d", b.major, b.minor)
	if b.hasBuild {
		s += "." + strconv.Itoa(b.build)
		if b.hasRevision {
			s += "." + strconv.Itoa(b.revision)
		}
	}
	return s
}

// olderThan compares major.minor only.
func (b serverBuild) olderThan(o serverBuild) bool {
	return b.major < o.major || b.major == o.major && b.minor < o.minor
}

// parseBuild reads "15.2.1544.4" (two to four parts; "15.02.1544.004"
// too).
func parseBuild(s string) (serverBuild, bool) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) < 2 || len(parts) > 4 {
		return serverBuild{}, false
	}
	n := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return serverBuild{}, false
		}
		n[i] = v
	}
	b := serverBuild{major: n[0], minor: n[1]}
	if len(n) > 2 {
		b.build, b.hasBuild = n[2], true
	}
	if len(n) > 3 {
		b.revision, b.hasRevision = n[3], true
	}
	return b, true
}

// build reads the ServerVersionInfo attributes; ok is false without a
// usable MajorVersion and MinorVersion.
func (v *serverVersionInfo) build() (serverBuild, bool) {
	major, err1 := strconv.Atoi(strings.TrimSpace(v.MajorVersion))
	minor, err2 := strconv.Atoi(strings.TrimSpace(v.MinorVersion))
	if err1 != nil || err2 != nil {
		return serverBuild{}, false
	}
	b := serverBuild{major: major, minor: minor}
	if n, err := strconv.Atoi(strings.TrimSpace(v.MajorBuildNumber)); err == nil {
		b.build, b.hasBuild = n, true
		if n, err := strconv.Atoi(strings.TrimSpace(v.MinorBuildNumber)); err == nil {
			b.revision, b.hasRevision = n, true
		}
	}
	return b, true
}

// cumulativeUpdate is the first build of a CU, to name a release by build.
type cumulativeUpdate struct {
	build int
	name  string
}

// Builds from Microsoft's "Exchange Server build numbers and release
// dates" (also in CSS-Exchange's Get-ExchangeBuildVersionInformation.ps1).
var (
	cus2013 = []cumulativeUpdate{{516, "RTM"}, {620, "CU1"}, {712, "CU2"}, {775, "CU3"}, {847, "SP1"},
		{913, "CU5"}, {995, "CU6"}, {1044, "CU7"}, {1076, "CU8"}, {1104, "CU9"}, {1130, "CU10"},
		{1156, "CU11"}, {1178, "CU12"}, {1210, "CU13"}, {1236, "CU14"}, {1263, "CU15"}, {1293, "CU16"},
		{1320, "CU17"}, {1347, "CU18"}, {1365, "CU19"}, {1367, "CU20"}, {1395, "CU21"}, {1473, "CU22"},
		{1497, "CU23"}}
	cus2016 = []cumulativeUpdate{{225, "RTM"}, {396, "CU1"}, {466, "CU2"}, {544, "CU3"}, {669, "CU4"},
		{845, "CU5"}, {1034, "CU6"}, {1261, "CU7"}, {1415, "CU8"}, {1466, "CU9"}, {1531, "CU10"},
		{1591, "CU11"}, {1713, "CU12"}, {1779, "CU13"}, {1847, "CU14"}, {1913, "CU15"}, {1979, "CU16"},
		{2044, "CU17"}, {2106, "CU18"}, {2176, "CU19"}, {2242, "CU20"}, {2308, "CU21"}, {2375, "CU22"},
		{2507, "CU23"}}
	cus2019 = []cumulativeUpdate{{221, "RTM"}, {330, "CU1"}, {397, "CU2"}, {464, "CU3"}, {529, "CU4"},
		{595, "CU5"}, {659, "CU6"}, {721, "CU7"}, {792, "CU8"}, {858, "CU9"}, {922, "CU10"},
		{986, "CU11"}, {1118, "CU12"}, {1258, "CU13"}, {1544, "CU14"}, {1748, "CU15"}}
)

// buildSE is the first Exchange Server Subscription Edition build (15.2).
const buildSE = 2562

// cuName is the CU whose first build is the highest not above build.
func cuName(cus []cumulativeUpdate, b serverBuild) string {
	if !b.hasBuild || b.build < cus[0].build {
		return ""
	}
	name := ""
	for _, cu := range cus {
		if b.build >= cu.build {
			name = cu.name
		}
	}
	return " " + name
}

// releaseName names the Exchange release of a build (ews-notes §1.2).
func releaseName(b serverBuild) string {
	switch {
	case b.major == 8 && b.minor == 0:
		return "Exchange Server 2007"
	case b.major == 8 && b.minor <= 3:
		return fmt.Sprintf("Exchange Server 2007 SP%d", b.minor)
	case b.major == 14 && b.minor == 0:
		return "Exchange Server 2010"
	case b.major == 14 && b.minor <= 3:
		return fmt.Sprintf("Exchange Server 2010 SP%d", b.minor)
	case b.major == 15 && b.minor == 0:
		return "Exchange Server 2013" + cuName(cus2013, b)
	case b.major == 15 && b.minor == 1:
		return "Exchange Server 2016" + cuName(cus2016, b)
	case b.major == 15 && b.minor == 2 && b.hasBuild && b.build >= buildSE:
		return "Exchange Server SE"
	case b.major == 15 && b.minor == 2:
		return "Exchange Server 2019" + cuName(cus2019, b)
	case b.major == 15 && b.minor >= 20:
		return "Exchange Online"
	case b.major < 8:
		return fmt.Sprintf("Exchange Server %s (2003 or older)", b)
	}
	return "Exchange " + b.String()
}

// unknownRelease is VersionResult.Release for a server that named no
// version: its GetFolder in the Exchange2010_SP2 schema was answered, and
// that is all that is known. It stays English in Release (check --json,
// the server's facts); ReleaseIn words it.
const unknownRelease = "unknown version (it accepts the Exchange2010_SP2 schema)"

// releaseSeen is the release of v for what was seen: the words the
// catalog has for an unknown version or an ancient one, else its name.
func (v VersionResult) releaseSeen() i18n.Msg {
	if v.Release == unknownRelease {
		return i18n.M("seen.version.unknown")
	}
	if b, ok := parseBuild(v.Build); ok && b.major < 8 {
		return i18n.M("seen.version.ancient", i18n.Data{"Build": b.String()})
	}
	return i18n.Verbatim(v.Release)
}

// ReleaseIn is the release in l's words: its name (a product's name is
// the same in every language), or what is known of an unnamed one.
func (v VersionResult) ReleaseIn(l i18n.Lang) string { return v.releaseSeen().In(l) }

// schemaTooOld lists the Version strings of servers older than 2010 SP2,
// for a ServerVersionInfo without numbers.
var schemaTooOld = map[string]string{
	"Exchange2007":     "Exchange Server 2007",
	"Exchange2007_SP1": "Exchange Server 2007 SP1",
	"Exchange2010":     "Exchange Server 2010",
	"Exchange2010_SP1": "Exchange Server 2010 SP1",
}

// versionFaultCodes are the answers of a server that does not know the
// Exchange2010_SP2 schema (or whose mailbox back end does not).
var versionFaultCodes = map[string]bool{
	"ErrorInvalidServerVersion":                  true,
	"ErrorInvalidSchemaVersionForMailboxVersion": true,
}

// CheckVersion reads ServerVersionInfo from the signed-in GetFolder answer
// (step version): a fault ErrorInvalidServerVersion or a version below
// 14.2 is version-too-old, a 403 is ews-disabled. It makes no request,
// unless the server throttled that GetFolder: then it asks again once.
func (s *Session) CheckVersion(ctx context.Context) (VersionResult, error) {
	if s.getFolder == nil {
		return VersionResult{}, errNotSignedIn
	}
	ctx, cancel := s.stepContext(ctx)
	defer cancel()
	r, err := s.settledGetFolder(ctx)
	if err != nil {
		return VersionResult{}, err
	}
	// A 403 to the signed-in GetFolder: the sign-in was accepted (step
	// auth passed), then EWS refused this account. This step needs that
	// first EWS answer, so the refusal is reported here.
	refused := r.status == http.StatusForbidden
	env, err := parseSOAP(r.body)
	if err != nil {
		switch {
		case refused:
			return VersionResult{}, forbidden(r, toRequest("GetFolder", s.afterSignIn()))
		case r.status >= 500:
			return VersionResult{}, serverError(r, toRequest("GetFolder"))
		}
		return VersionResult{}, NewProblem(CodeURLNotEWS, err, i18n.M("seen.version.not-soap", i18n.Data{"Status": r.statusLine}))
	}

	res := VersionResult{}
	b, haveBuild := serverBuild{}, false
	if svi := env.Header.ServerVersion; svi != nil {
		res.Schema = Sanitize(svi.Version)
		if b, haveBuild = svi.build(); haveBuild {
			res.Build, res.Release = b.String(), releaseName(b)
		} else if name, ok := schemaTooOld[res.Schema]; ok {
			res.Release = name
		}
	}
	if res.Release == "" {
		res.Release = firstNonEmpty(res.Schema, unknownRelease)
	}
	if env.Header.ServerVersion != nil {
		s.updateServer(func(info *ServerInfo) {
			info.Version, info.Build, info.Schema = res.Release, res.Build, res.Schema
		})
	}

	described := res.releaseSeen()
	if res.Build != "" {
		described = i18n.M("seen.version.release-build", i18n.Data{"Release": described, "Build": res.Build})
	}
	code := ""
	if f := env.Body.Fault; f != nil {
		code = f.responseCode()
	} else if m := env.message(); m != nil {
		code = m.ResponseCode
	}
	_, oldSchema := schemaTooOld[res.Schema]
	schemaRefused := versionFaultCodes[code] || bytesContainsFold(r.body, "The specified server version is invalid")
	switch {
	case refused:
		return res, forbidden(r, toRequest("GetFolder", s.afterSignIn()))
	case schemaRefused && res.Release == unknownRelease:
		// A server that names no version: the refusal alone says it is older.
		return res, NewProblem(CodeVersionTooOld, nil, i18n.M("seen.version.schema-refused-unnamed", i18n.Data{"Code": code}))
	case schemaRefused:
		return res, NewProblem(CodeVersionTooOld, nil, i18n.M("seen.version.schema-refused", i18n.Data{"Code": code, "Release": described}))
	case haveBuild && b.olderThan(minimum):
		return res, NewProblem(CodeVersionTooOld, nil, i18n.M("seen.version.older", i18n.Data{"Release": described}))
	case !haveBuild && oldSchema:
		return res, NewProblem(CodeVersionTooOld, nil, i18n.M("seen.version.schema-older", i18n.Data{"Release": res.Release, "Schema": res.Schema}))
	case r.status >= 500 || env.Body.Fault != nil:
		return res, serverError(r, toRequest("GetFolder"))
	case r.status != http.StatusOK:
		return res, serverError(r, toRequest("GetFolder"))
	}
	return res, nil
}

func bytesContainsFold(b []byte, sub string) bool {
	return strings.Contains(strings.ToLower(string(b)), strings.ToLower(sub))
}
