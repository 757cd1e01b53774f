package exchange

import (
	"strconv"
	"strings"
)

// ProductID is the short, stable name of the Exchange product a build
// number belongs to, as scripts read it in check --json ("Exchange2016",
// "Exchange2019", "ExchangeSE", "ExchangeOnline", "Exchange2010_SP1", ...).
// It is "" for a build it cannot place.
func ProductID(build string) string {
	parts := strings.Split(build, ".")
	if len(parts) < 2 {
		return ""
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return ""
	}
	buildNo := -1
	if len(parts) > 2 {
		if n, err := strconv.Atoi(parts[2]); err == nil {
			buildNo = n
		}
	}
	switch {
	case major == 8 && minor == 0:
		return "Exchange2007"
	case major == 8:
		return "Exchange2007_SP" + strconv.Itoa(minor)
	case major == 14 && minor == 0:
		return "Exchange2010"
	case major == 14:
		return "Exchange2010_SP" + strconv.Itoa(minor)
	case major == 15 && minor == 0:
		return "Exchange2013"
	case major == 15 && minor == 1:
		return "Exchange2016"
	case major == 15 && minor == 2 && buildNo >= 2562:
		return "ExchangeSE"
	case major == 15 && minor == 2:
		return "Exchange2019"
	case major == 15 && minor >= 20:
		return "ExchangeOnline"
	}
	return ""
}
