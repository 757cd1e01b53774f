package autodiscover

import (
	"context"
	"errors"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ewsconnect/exchange"
)

// discover runs Discover with the world's routes under a generous limit.
func discover(t *testing.T, w *world, o Options) (Result, error) {
	t.Helper()
	o.Network.ConnectTo = w.connectTo
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := Discover(ctx, o)
	t.Logf("attempts:%s", attemptsText(res))
	return res, err
}

func TestBlackholedRootDomainDoesNotHoldUpTheAutodiscoverDomain(t *testing.T) {
	w := newWorld(t)
	w.blackhole("contoso.test")
	w.serve("autodiscover.contoso.test")
	o := w.options(30 * time.Second)
	start := time.Now()
	res, err := discover(t, w, o)
	took := time.Since(start)
	wantCode(t, err, "")
	if took > 10*time.Second {
		t.Errorf("Discover took %s with a step timeout of 30 s; the blackholed root domain held it up", took)
	}
	if res.URL != mailURL || res.Method != MethodAutodiscoverDomain {
		t.Errorf("got %q by %q", res.URL, res.Method)
	}
	root, _ := findAttempt(res, MethodRootDomain, "")
	if root.Result != ResultSkipped || !strings.Contains(root.Detail, "TLS handshake") {
		t.Errorf("the blackholed root attempt: %+v", root)
	}
}

func TestPreferenceDecidesWhenSeveralAnswer(t *testing.T) {
	// The autodiscover domain answers at once; the root domain a little
	// later, but within the grace: the root domain wins.
	w := newWorld(t)
	root := w.serve("contoso.test")
	root.answer = func(string) string { return settingsXML("https://root.contoso.test/EWS/Exchange.asmx", "") }
	slow := root.Config.Handler
	root.Config.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			time.Sleep(20 * time.Millisecond)
		}
		slow.ServeHTTP(rw, r)
	})
	w.serve("autodiscover.contoso.test")
	res, err := discover(t, w, w.options(5*time.Second))
	wantCode(t, err, "")
	if res.Method != MethodRootDomain {
		t.Errorf("got %q by %q, want the root domain's answer", res.URL, res.Method)
	}
}

func TestCredentialsGoToOneCandidateAtATime(t *testing.T) {
	// Every candidate signs in and answers with an Error, so discovery
	// signs in to each of them in turn.
	w := newWorld(t)
	var servers []*adServer
	for _, names := range [][]string{{"contoso.test"}, {"autodiscover.contoso.test"}, {"redir.contoso.test"}, {"srv.contoso.test"}} {
		s := w.serve(names...)
		s.answer = func(string) string { return errorXML("500", "The e-mail address cannot be found.") }
		servers = append(servers, s)
	}
	w.servePlain("autodiscover.contoso.test", redirectTo(http.StatusFound, "https://redir.contoso.test/autodiscover/autodiscover.xml"))
	w.resolver.srv["_autodiscover._tcp.contoso.test"] = []*net.SRV{{Target: "srv.contoso.test", Port: uint16(atoi(servers[3].port()))}}
	_, err := discover(t, w, w.options(5*time.Second))
	wantCode(t, err, exchange.CodeAutodiscoverNotFound)
	for i, s := range servers {
		if _, passwords, _ := s.stats(); passwords != 1 {
			t.Errorf("server %d got %d password proofs, want 1", i, passwords)
		}
	}
	if m := w.maxInFlight.Load(); m != 1 {
		t.Errorf("at most %d requests with credentials were in flight at once, want exactly 1", m)
	}
}

func TestNeverAsksAShortenedDomainOrAutodiscoverTLD(t *testing.T) {
	w := newWorld(t)
	o := w.options(2 * time.Second)
	o.Credentials.Email = "alice@mail.contoso.test"
	_, err := discover(t, w, o)
	wantCode(t, err, exchange.CodeAutodiscoverNotFound)
	allowed := map[string]bool{
		"mail.contoso.test": true, "autodiscover.mail.contoso.test": true, "_autodiscover._tcp.mail.contoso.test": true,
	}
	asked := map[string]bool{}
	for _, n := range w.resolver.names() {
		asked[n] = true
		if !allowed[n] {
			t.Errorf("the resolver was asked for %q", n)
		}
	}
	for n := range allowed {
		if !asked[n] {
			t.Errorf("%q was never asked", n)
		}
	}
}

func TestRefusesDomainsWithoutAnyRequest(t *testing.T) {
	for _, email := range []string{"alice@test", "alice@co.uk", "alice@com", "alice@localhost", "alice@[127.0.0.1]", "alice@127.0.0.1", "alice", "alice@", "a/b@contoso.test"} {
		t.Run(email, func(t *testing.T) {
			w := newWorld(t)
			o := w.options(2 * time.Second)
			o.Credentials.Email = email
			res, err := discover(t, w, o)
			wantCode(t, err, exchange.CodeAutodiscoverNotFound)
			if names := w.resolver.names(); len(names) != 0 {
				t.Errorf("asked the resolver for %v", names)
			}
			if len(res.Attempts) != 0 {
				t.Errorf("made attempts:%s", attemptsText(res))
			}
		})
	}
}

func TestMicrosoft365AddressIsRecognisedWithoutAnyRequest(t *testing.T) {
	w := newWorld(t)
	o := w.options(2 * time.Second)
	o.Credentials.Email = "alice@contoso.onmicrosoft.com"
	_, err := discover(t, w, o)
	wantCode(t, err, exchange.CodeAuthBasicDisabled)
	if names := w.resolver.names(); len(names) != 0 {
		t.Errorf("asked the resolver for %v", names)
	}
}

func TestHealthyDiscoverySignsInOnTheProbesConnection(t *testing.T) {
	w := newWorld(t)
	ad := w.serve("autodiscover.contoso.test")
	_, err := discover(t, w, w.options(5*time.Second))
	wantCode(t, err, "")
	if _, passwords, conns := ad.stats(); conns != 1 || passwords != 1 {
		t.Errorf("the POX requests came on %d connections with %d password proofs, want 1 and 1", conns, passwords)
	}
}

func TestOnAttemptIsCalledOneAtATime(t *testing.T) {
	w := newWorld(t)
	w.serve("contoso.test").answer = func(string) string { return errorXML("500", "unknown") }
	w.serve("autodiscover.contoso.test")
	o := w.options(5 * time.Second)
	var inside atomic.Int32
	var mu sync.Mutex
	started := map[string]int{}
	o.OnAttempt = func(a Attempt) {
		if inside.Add(1) != 1 {
			t.Error("OnAttempt was called while another call was running")
		}
		time.Sleep(time.Millisecond)
		mu.Lock()
		key := string(a.Method) + " " + a.URL
		if a.Result == ResultRunning {
			started[key]++
		} else {
			started[key]--
		}
		mu.Unlock()
		inside.Add(-1)
	}
	res, err := discover(t, w, o)
	wantCode(t, err, "")
	for key, n := range started {
		if n != 0 {
			t.Errorf("%s: %d more starts than ends", key, n)
		}
	}
	if len(started) != len(res.Attempts) {
		t.Errorf("OnAttempt saw %d attempts, the result has %d", len(started), len(res.Attempts))
	}
}

func TestCancelReturnsPromptlyAndLeavesNothingRunning(t *testing.T) {
	w := newWorld(t)
	w.blackhole("contoso.test", "autodiscover.contoso.test")
	w.resolver.hang["_autodiscover._tcp.contoso.test"] = true
	plain, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers the GET
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	var held []net.Conn
	go func() {
		for {
			c, err := plain.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	_, port, _ := net.SplitHostPort(plain.Addr().String())
	w.connectTo = append(w.connectTo, exchange.ConnectTo{Host: "autodiscover.contoso.test", Port: "80", Addr: "127.0.0.1", Port2: port})

	before := runtime.NumGoroutine()
	o := w.options(30 * time.Second)
	o.Network.ConnectTo = w.connectTo
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	res, err := Discover(ctx, o)
	took := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if took > 3*time.Second {
		t.Errorf("Discover returned %s after the cancel", took-200*time.Millisecond)
	}
	for _, a := range res.Attempts {
		if a.Result != ResultSkipped || !strings.Contains(a.Detail, "stopped while waiting for") {
			t.Errorf("attempt %+v, want skipped with what it waited for", a)
		}
	}
	if len(res.Attempts) != 5 {
		t.Errorf("got %d attempts, want 5:%s", len(res.Attempts), attemptsText(res))
	}
	// The servers' own goroutines end with the listeners; Discover's must
	// be gone once it returned (the transport's may take a moment).
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before Discover, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}
