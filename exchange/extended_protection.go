package exchange

// Extended Protection came to Exchange with the August 2022 security
// updates, for Exchange 2013 CU23, 2016 CU22 and 2019 CU11 and later
// (Exchange 2010 never had it). A server known to be older cannot have
// refused a sign-in for its channel binding, so the one extra attempt
// without a binding, which costs a wrong password a second count against
// the lockout threshold, is not made there.
var firstWithExtendedProtection = map[int]int{ // minor version → first build
	0: 1497, // Exchange 2013 CU23
	1: 2375, // Exchange 2016 CU22
	2: 986,  // Exchange 2019 CU11
}

// mayUseExtendedProtection reports whether the front end's build (its
// X-OWA-Version) could enforce Extended Protection; an unknown build may.
func mayUseExtendedProtection(owaVersion string) bool {
	b, ok := parseBuild(owaVersion)
	switch {
	case !ok || !b.hasBuild:
		return true
	case b.major < 15:
		return false
	case b.major > 15:
		return true
	}
	first, known := firstWithExtendedProtection[b.minor]
	return !known || b.build >= first
}

// enforcesExtendedProtection reports builds with Extended Protection on by
// default: Exchange 2019 CU14 (15.2.1544) and later, Exchange SE.
func enforcesExtendedProtection(owaVersion string) bool {
	b, ok := parseBuild(owaVersion)
	return ok && b.major == 15 && b.minor == 2 && b.build >= 1544
}
