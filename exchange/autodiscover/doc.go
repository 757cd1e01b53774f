// Package autodiscover finds a mailbox's EWS URL from its email address, the
// way Outlook does, but safely and fast: the POX methods on https://D and
// https://autodiscover.D, the unauthenticated v2 JSON probe, the HTTP
// redirect method and DNS SRV, with redirectUrl, redirectAddr, EXPR before
// EXCH, and loop and hop limits.
//
// Safety rules (../shared/docs/contract.md, "Autodiscover"): credentials go
// only over verified https, to one candidate at a time, never to another
// registrable domain without consent, never to a shortened domain or to
// autodiscover.<TLD>, and never as Basic to a redirected host after Windows
// sign-in was offered. Unauthenticated probes of all candidates run at once,
// so that a candidate that never answers does not delay a good one.
//
// Every attempt is recorded (method, URL, result, detail, time) for the
// report. Nothing here prints: failures are *exchange.Problem values.
package autodiscover
