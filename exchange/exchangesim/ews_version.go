package exchangesim

// requestVersions are the RequestServerVersion values of the Exchange
// 2016/2019 schema, oldest first (ews-notes §1.2).
var requestVersions = []string{
	"Exchange2007", "Exchange2007_SP1", "Exchange2009", "Exchange2010", "Exchange2010_SP1",
	"Exchange2010_SP2", "Exchange2012", "Exchange2013", "Exchange2013_SP1", "Exchange2015",
	"Exchange2016", "V2015_10_05", "V2016_01_06", "V2016_04_13",
}

// checkRequestVersion is what a release answers to a RequestServerVersion
// value: nil when it accepts it, else the fault.
//   - Exchange 2007 RTM knows only "Exchange2007": anything else fails its
//     schema's enumeration.
//   - A value unknown to the schema (e.g. "Exchange2019") is ErrorInvalidRequest.
//   - A known value newer than the server is ErrorInvalidServerVersion: the
//     way a server older than 2010 SP2 answers Exchange2010_SP2.
func checkRequestVersion(rel release, requested string) *fault {
	if rel.major == 8 && rel.minor == 0 {
		if requested == "Exchange2007" {
			return nil
		}
		return faultSchemaValidation(4, 50, `The 'Version' attribute is invalid - The value '`+requested+
			`' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:ExchangeVersionType' - The Enumeration constraint failed.`)
	}
	got := versionIndex(requested)
	if got < 0 {
		return faultInvalidRequest()
	}
	if rel.major < 15 && got > versionIndex(rel.maxRequestVersion) {
		return faultInvalidServerVersion()
	}
	return nil
}

func versionIndex(v string) int {
	for i, known := range requestVersions {
		if known == v {
			return i
		}
	}
	return -1
}
