package autodiscover

import (
	"sync"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/i18n"
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
	rec   *recorder
	i     int
	start time.Time
	// hopEmail and hopMethod, in a redirectAddr hop, put "for
	// bob@fabrikam.test (https-root-domain): " before the detail.
	hopEmail  string
	hopMethod Method
	// waiting is what the attempt waits for now, for the detail of one
	// stopped half-way; idle, when set, is the detail of one that finished
	// its probe and waits for its turn.
	waiting, idle i18n.Msg
}

func newRecorder(on func(Attempt)) *recorder {
	return &recorder{running: map[int]*attempt{}, on: on}
}

// begin records a new attempt as running; hopEmail and hopMethod, when
// set, name the redirectAddr hop's address and the method it came from.
func (rec *recorder) begin(m Method, url, hopEmail string, hopMethod Method) *attempt {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	a := &attempt{rec: rec, i: len(rec.list), start: time.Now(), hopEmail: hopEmail, hopMethod: hopMethod}
	rec.list = append(rec.list, Attempt{Method: m, URL: exchange.RedactURL(url), Result: ResultRunning})
	rec.running[a.i] = a
	if rec.on != nil {
		rec.on(rec.list[a.i])
	}
	return a
}

// wait notes what the attempt waits for next.
func (a *attempt) wait(what i18n.Msg) {
	a.rec.mu.Lock()
	defer a.rec.mu.Unlock()
	a.waiting, a.idle = what, i18n.Msg{}
}

// ready notes that the attempt's probe is done and it waits for its turn;
// detail is what a skipped one reports.
func (a *attempt) ready(detail i18n.Msg) {
	a.rec.mu.Lock()
	defer a.rec.mu.Unlock()
	a.idle = detail
}

// end records the attempt's result and what was seen; only the first end
// counts.
func (a *attempt) end(result string, detail i18n.Msg) {
	a.rec.mu.Lock()
	defer a.rec.mu.Unlock()
	a.rec.endLocked(a, result, detail)
}

func (rec *recorder) endLocked(a *attempt, result string, detail i18n.Msg) {
	if _, ok := rec.running[a.i]; !ok {
		return
	}
	delete(rec.running, a.i)
	if a.hopEmail != "" {
		detail = i18n.M("seen.autodiscover.hop", i18n.Data{"Email": a.hopEmail, "Method": string(a.hopMethod), "Seen": detail})
	}
	at := &rec.list[a.i]
	at.Result = result
	at.Seen = detail
	at.Detail = exchange.Sanitize(detail.In(i18n.EN))
	at.Duration = time.Since(a.start)
	if rec.on != nil {
		rec.on(*at)
	}
}

// endErr records a failure: a *Problem's code and detail, or the error's
// words as not-found.
func (a *attempt) endErr(err error) {
	if p := exchange.AsProblem(err); p != nil {
		a.end(string(p.Code), p.Seen)
		return
	}
	code, detail := classifyPlain(err)
	a.end(code, detail)
}

// stopAll ends every attempt still running as skipped, saying what it was
// waiting for.
func (rec *recorder) stopAll(why i18n.Msg) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i := 0; i < len(rec.list); i++ {
		a, ok := rec.running[i]
		if !ok {
			continue
		}
		detail := a.idle
		switch {
		case !detail.IsZero():
		case a.waiting.IsZero():
			detail = i18n.M("seen.autodiscover.stopped-before-start")
		default:
			detail = i18n.M("seen.autodiscover.stopped-waiting", i18n.Data{"What": a.waiting})
		}
		rec.endLocked(a, ResultSkipped, exchange.Seen(detail, why))
	}
}

// attempts is a copy of the list.
func (rec *recorder) attempts() []Attempt {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Attempt(nil), rec.list...)
}
