package report

// ownerOnlySDDL is the security descriptor that leaves a file to its
// owner alone on Windows, where the 0600 mode bits mean nothing: a
// protected DACL (no inherited entries) that allows full access to the
// user's SID only.
func ownerOnlySDDL(userSID string) string { return "D:P(A;;FA;;;" + userSID + ")" }
