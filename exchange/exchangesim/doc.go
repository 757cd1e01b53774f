// Package exchangesim is a simulated Exchange server for ewsconnect's demo
// mode, its tests, and for trying other EWS clients against known
// failures. It serves every scenario on one loopback port, with real TLS
// (a demo CA made at start-up and per-host certificates chosen by SNI),
// real NTLMv2 password checks (package ntlmaccept), Basic where a host
// enables it, and real EWS SOAP for GetFolder, ResolveNames and
// CreateItem, plus what third-party clients such as exchangelib need to
// sign in and list a folder: ConvertId (their version probe), FindItem
// and GetItem over made-up, stable mail folder contents. The host name
// (SNI and Host) picks the scenario; where a scenario is about an
// account, the login picks it.
//
// It listens on loopback addresses only: the demo passwords are printed.
package exchangesim
