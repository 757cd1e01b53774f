// Package ntlmaccept is the server side of NTLMv2: it builds CHALLENGE
// messages and verifies AUTHENTICATE messages against a password lookup,
// optionally enforcing channel binding (Extended Protection for
// Authentication, as Exchange 2019 CU14+ and Exchange SE do).
//
// It exists so that the simulated Exchange server checks a password the
// way IIS does, and so that real NTLM clients (curl --ntlm, go-ntlmssp,
// Outlook-era libraries) can be tested against it. It verifies NTProofStr
// only; it derives no session keys and does not check the optional MIC,
// because the simulator neither signs nor seals.
//
// Every parser in this package treats its input as hostile: lengths and
// offsets are checked before use, and malformed input yields an error,
// never a panic.
package ntlmaccept
