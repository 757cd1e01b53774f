package exchangesim

import (
	"net/http"
	"runtime"
	"sync"
	"time"
	"weak"
)

// throttling is an account's EWS throttling as the demo plays it: its
// first requests on each connection (every request when first is 0) are
// answered ErrorServerBusy with backOff, as Exchange does for a user over
// its budget. Counting per connection makes it per check (a check signs in
// on its own connection), so rows repeat and parallel checks of the same
// account do not see each other's.
type throttling struct {
	backOff time.Duration
	first   int
}

// busyAnswered counts the busy answers given on each live connection. The
// keys are weak, so that a closed connection's count goes with it.
var busyAnswered = struct {
	sync.Mutex
	n map[weak.Pointer[connState]]int
}{n: map[weak.Pointer[connState]]int{}}

// throttled is the ErrorServerBusy fault for a request of who on r's
// connection, or nil when it goes through.
func throttled(r *http.Request, who signedIn) *fault {
	t := who.user.throttle
	if t == nil {
		return nil
	}
	if t.first > 0 && !countBusy(connStateOf(r), t.first) {
		return nil
	}
	return faultServerBusy(t.backOff)
}

// countBusy counts one more busy answer on cs's connection, unless limit
// were given already; it reports whether this one is busy.
func countBusy(cs *connState, limit int) bool {
	key := weak.Make(cs)
	busyAnswered.Lock()
	defer busyAnswered.Unlock()
	n, seen := busyAnswered.n[key]
	if n >= limit {
		return false
	}
	if !seen {
		runtime.AddCleanup(cs, forgetBusy, key)
	}
	busyAnswered.n[key] = n + 1
	return true
}

func forgetBusy(key weak.Pointer[connState]) {
	busyAnswered.Lock()
	defer busyAnswered.Unlock()
	delete(busyAnswered.n, key)
}
