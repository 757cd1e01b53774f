package exchangesim

import (
	"context"
	"net/http"
)

// balancerState is what a load balancer keeps for one client connection:
// how many requests it has passed on, and the connection it holds to each
// back end, with that back end's own NTLM state.
type balancerState struct {
	requests int
	backEnds map[string]*connState
}

// serveBalanced is an HTTP load balancer without session affinity in
// front of h's back ends: it keeps the client's connection open, but
// passes each request on it to the next back end in turn. NTLM signs in a
// connection to one server, so the AUTHENTICATE reaches a back end that
// issued no CHALLENGE and is refused with 401: the right password fails,
// and only the back ends' X-FEServer headers show why (realworld-failures
// row 4).
func (s *Server) serveBalanced(w http.ResponseWriter, r *http.Request, h *host) {
	name, backEndConn := connStateOf(r).nextBackEnd(h.backEnds)
	backEnd := *h
	backEnd.kind, backEnd.frontEnd = kindExchange, name
	r = r.WithContext(context.WithValue(r.Context(), connStateKey{}, backEndConn))
	s.serveExchange(w, r, &backEnd)
}

// nextBackEnd picks the back end for the connection's next request, round
// robin, and the state of the balancer's connection to it.
func (cs *connState) nextBackEnd(backEnds []string) (string, *connState) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.balancer == nil {
		cs.balancer = &balancerState{backEnds: map[string]*connState{}}
	}
	b := cs.balancer
	name := backEnds[b.requests%len(backEnds)]
	b.requests++
	if b.backEnds[name] == nil {
		b.backEnds[name] = &connState{}
	}
	return name, b.backEnds[name]
}
