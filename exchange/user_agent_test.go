package exchange

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"ewsconnect/internal/buildinfo"
)

// The User-Agent on the wire is the build's own (what `ewsconnect version`
// and the reports name), so that an administrator's EWS access policy can
// allow exactly this release.
func TestUserAgentIsTheBuilds(t *testing.T) {
	ca := newTestCA(t, "Contoso Test Root")
	cert := ca.issue(t, leafOptions{cn: testHost, dnsNames: []string{testHost}})
	var mu sync.Mutex
	var seen []string
	ts := startTLSServer(t, cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("User-Agent"))
		mu.Unlock()
		offer("NTLM")(w, r)
	}))
	s := NewSession(ts.url(), testNetwork("127.0.0.1:"+ts.port(), ca.pool), Credentials{})
	defer s.Close()
	if err := runUntil(t, s, "tls"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ProbeEndpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := "ewsconnect/" + buildinfo.Current().Version
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 {
		t.Fatal("the server saw no request")
	}
	for _, ua := range seen {
		if ua != want {
			t.Errorf("User-Agent %q, want %q", ua, want)
		}
	}
}
