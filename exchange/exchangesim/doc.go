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
// For autodiscover it also plays other companies' servers, each in its own
// registrable domain under .test (autodiscover.go, hosts.go): POX
// autodiscover, authenticated like EWS, and the unauthenticated v2 JSON
// endpoint. The same port serves plain HTTP, as port 80 would (the first
// byte of a connection decides: a TLS ClientHello or not), for the
// autodiscover HTTP redirect method; and a small DNS server on another
// loopback port (DNSAddr, UDP and TCP) answers for every demo name, with
// the same answers as the in-process Resolver, logging every question
// (DNSQueries). Options.Latency makes loopback as slow as a real network,
// for measurements.
//
// It listens on loopback addresses only: the demo passwords are printed.
package exchangesim
