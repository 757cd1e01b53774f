package exchangesim

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"

	"ewsconnect/exchange/exchangesim/ntlmaccept"
)

// connState is what IIS remembers about one TCP connection: the NTLM
// handshake in progress and, once it succeeded, who signed in. NTLM
// authenticates the connection, not the request.
type connState struct {
	mu        sync.Mutex
	requests  int
	handshake *ntlmaccept.State
	user      *account
	login     string // as the client sent it, e.g. CONTOSO\alice
	host      string // the host the sign-in was for

	balancer *balancerState // behind a load balancer: see loadbalancer.go
}

type connStateKey struct{}

// withConnState is the http.Server ConnContext hook.
func withConnState(ctx context.Context, _ net.Conn) context.Context {
	return context.WithValue(ctx, connStateKey{}, &connState{})
}

func connStateOf(r *http.Request) *connState {
	if cs, ok := r.Context().Value(connStateKey{}).(*connState); ok {
		return cs
	}
	return &connState{} // not served by our http.Server (a test calling a handler directly)
}

// firstRequest reports whether this is the connection's first request,
// which is when its TLS handshake is counted as completed.
func (cs *connState) firstRequest() bool {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.requests++
	return cs.requests == 1
}

// signedIn is the principal on a request: either the connection's NTLM
// sign-in or the request's Basic credentials.
type signedIn struct {
	user  *account
	login string
}

// authenticate returns who the request is from, or answers it with a 401
// and returns ok=false.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, h *host) (who signedIn, ok bool) {
	defer func() {
		if !ok {
			// Clients resend the body on every NTLM leg. Reading it keeps
			// the connection, and with it the handshake, alive; net/http
			// would close a connection with much unread body.
			_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBody))
		}
	}()
	cs := connStateOf(r)
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)

	switch {
	case scheme == "":
		cs.mu.Lock()
		defer cs.mu.Unlock()
		if cs.user != nil && cs.host == h.name {
			return signedIn{cs.user, cs.login}, true
		}
	case strings.EqualFold(scheme, "NTLM"), strings.EqualFold(scheme, "Negotiate"):
		return s.authenticateNTLM(w, r, h, cs, canonicalScheme(scheme), token)
	case strings.EqualFold(scheme, "Basic") && h.basic:
		if who, ok := checkBasic(h, token); ok {
			return who, true
		}
	}
	challenge(w, h)
	return signedIn{}, false
}

// authenticateNTLM runs one leg of the NTLM handshake: a NEGOTIATE message
// gets the CHALLENGE in a 401, an AUTHENTICATE message signs the
// connection in and lets this request through.
func (s *Server) authenticateNTLM(w http.ResponseWriter, r *http.Request, h *host, cs *connState, scheme, token string) (signedIn, bool) {
	msg, err := base64.StdEncoding.DecodeString(token)
	if err != nil || len(msg) < 12 || !bytes.HasPrefix(msg, []byte("NTLMSSP\x00")) {
		// A Kerberos/SPNEGO token or garbage: IIS would try Kerberos; we cannot.
		challenge(w, h)
		return signedIn{}, false
	}
	acceptor := s.acceptors[acceptorKey{h.orgName(), h.requireCBT}]
	cs.mu.Lock()
	defer cs.mu.Unlock()

	switch msg[8] {
	case 1: // NEGOTIATE: a new handshake also ends any earlier sign-in
		cs.handshake, cs.user, cs.login = nil, nil, ""
		chal, st, err := acceptor.Challenge(msg)
		if err != nil || h.ntlmBlocked {
			// "Network security: Restrict NTLM": the schemes again, no CHALLENGE.
			challenge(w, h)
			return signedIn{}, false
		}
		cs.handshake = st
		setRaw(w.Header(), "WWW-Authenticate", scheme+" "+base64.StdEncoding.EncodeToString(chal))
		if h.noAffinity {
			// The balancer ends the connection; the next one may reach
			// another server, which knows nothing of this CHALLENGE.
			w.Header().Set("Connection", "close")
		}
		reply(w, http.StatusUnauthorized, "", nil)
		return signedIn{}, false
	case 3: // AUTHENTICATE
		id, err := acceptor.Authenticate(cs.handshake, msg, s.bindingLeaf(r, h))
		cs.handshake = nil
		var user *account
		if err == nil {
			user = findLoginAt(h.orgName(), id.Domain, id.User)
		}
		if user == nil {
			challenge(w, h)
			return signedIn{}, false
		}
		cs.user, cs.login, cs.host = user, id.String(), h.name
		return signedIn{user, cs.login}, true
	}
	challenge(w, h)
	return signedIn{}, false
}

// bindingLeaf is the certificate the Exchange server binds NTLM to: the
// one this connection's handshake presented, unless TLS ends at a load
// balancer or an inspecting proxy in front of it.
func (s *Server) bindingLeaf(r *http.Request, h *host) *x509.Certificate {
	if r.TLS == nil {
		return nil
	}
	if own := s.certs.own[h.name]; own != nil {
		return own.Leaf // the proxy showed the client its own
	}
	if h.tlsOffload {
		// Exchange behind the balancer knows only its own certificate.
		return s.certs.forSNI("mail." + demoDomain).Leaf
	}
	return s.certs.forSNI(r.TLS.ServerName).Leaf
}

// checkBasic verifies Basic credentials; IIS accepts DOMAIN\user or a UPN.
func checkBasic(h *host, token string) (signedIn, bool) {
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return signedIn{}, false
	}
	login, password, ok := strings.Cut(string(raw), ":")
	if !ok || password != DemoPassword {
		return signedIn{}, false
	}
	domain, name := splitLogin(login)
	user := findLoginAt(h.orgName(), domain, name)
	if user == nil {
		return signedIn{}, false
	}
	return signedIn{user, login}, true
}

// challenge is the 401 of an EWS virtual directory with Windows
// authentication: separate Negotiate and NTLM headers, Basic only where
// the host enables it, and no body.
func challenge(w http.ResponseWriter, h *host) {
	schemes := []string{"Negotiate", "NTLM"}
	if h.basic {
		schemes = append(schemes, `Basic realm="`+h.name+`"`)
	}
	setRaw(w.Header(), "WWW-Authenticate", schemes...)
	reply(w, http.StatusUnauthorized, "", nil)
}

func canonicalScheme(s string) string {
	if strings.EqualFold(s, "NTLM") {
		return "NTLM"
	}
	return "Negotiate"
}
