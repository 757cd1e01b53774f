package autodiscover

import (
	"sync"
	"time"

	"ewsconnect/exchange"
)

// recorder keeps the attempts in the order they started and tells
// Options.OnAttempt about each start and end, one call at a time.
type recorder struct {
	mu      sync.Mutex
	list    []Attempt
	running map[int]*attempt
	on      func(Attempt)
}

// attempt is one running entry of the recorder.
type attempt struct {
	rec    *recorder
	i      int
	start  time.Time
	prefix string // "for bob@fabrikam.test (https-root-domain): " in a redirectAddr hop
	// waiting is what the attempt waits for now, for the detail of one
	// stopped half-way; idle, when set, is the detail of one that finished
	// its probe and waits for its turn.
	waiting, idle string
}

func newRecorder(on func(Attempt)) *recorder {
	return &recorder{running: map[int]*attempt{}, on: on}
}

// begin records a new attempt as running.
func (rec *recorder) begin(m Method, url, prefix string) *attempt {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	a := &attempt{rec: rec, i: len(rec.list), start: time.Now(), prefix: prefix}
	rec.list = append(rec.list, Attempt{Method: m, URL: exchange.RedactURL(url), Result: ResultRunning})
	rec.running[a.i] = a
	if rec.on != nil {
		rec.on(rec.list[a.i])
	}
	return a
}

// wait notes what the attempt waits for next.
func (a *attempt) wait(what string) {
	a.rec.mu.Lock()
	defer a.rec.mu.Unlock()
	a.waiting, a.idle = what, ""
}

// ready notes that the attempt's probe is done and it waits for its turn;
// detail is what a skipped one reports.
func (a *attempt) ready(detail string) {
	a.rec.mu.Lock()
	defer a.rec.mu.Unlock()
	a.idle = detail
}

// end records the attempt's result; only the first end counts.
func (a *attempt) end(result, detail string) {
	a.rec.mu.Lock()
	defer a.rec.mu.Unlock()
	a.rec.endLocked(a, result, detail)
}

func (rec *recorder) endLocked(a *attempt, result, detail string) {
	if _, ok := rec.running[a.i]; !ok {
		return
	}
	delete(rec.running, a.i)
	at := &rec.list[a.i]
	at.Result = result
	at.Detail = exchange.Sanitize(a.prefix + detail)
	at.Duration = time.Since(a.start)
	if rec.on != nil {
		rec.on(*at)
	}
}

// endErr records a failure: a *Problem's code and detail, or the error's
// words as not-found.
func (a *attempt) endErr(err error) {
	if p := exchange.AsProblem(err); p != nil {
		a.end(string(p.Code), p.Detail)
		return
	}
	code, detail := classifyPlain(err)
	a.end(code, detail)
}

// stopAll ends every attempt still running as skipped, saying what it was
// waiting for.
func (rec *recorder) stopAll(why string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i := 0; i < len(rec.list); i++ {
		a, ok := rec.running[i]
		if !ok {
			continue
		}
		detail := a.idle
		if detail == "" {
			detail = "stopped while waiting for " + orDefault(a.waiting, "its start")
		}
		rec.endLocked(a, ResultSkipped, detail+"; "+why)
	}
}

// attempts is a copy of the list.
func (rec *recorder) attempts() []Attempt {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Attempt(nil), rec.list...)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
