// Package exchange owns everything that talks to an Exchange server: the URL
// rules, the DNS/TCP/TLS probes, HTTP with NTLM, Negotiate and Basic, the few
// EWS SOAP calls, ServerVersionInfo, and the classification of what was seen
// into a *Problem with a stable code. It has no UI imports and returns no
// display text beyond the evidence a Problem carries.
package exchange
