package exchangesim

import (
	"net/http"
	"strings"
)

// adfsBearerChallenge is the EWS 401 of on-premises Exchange set up for
// OAuth with AD FS: the Exchange resource, and AD FS as the authority.
const adfsBearerChallenge = `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://adfs.` + demoDomain + `/adfs/oauth2/authorize"`

// serveModernOnly is on-premises Exchange 2019 whose authentication
// policy blocks legacy sign-in for EWS (Set-AuthenticationPolicy
// -BlockLegacyAuthWebServices), with OAuth through AD FS: EWS offers only
// Bearer and refuses every other Authorization, password or NTLM alike.
// The rest of the site is ordinary Exchange.
func (s *Server) serveModernOnly(w http.ResponseWriter, r *http.Request, h *host) {
	if strings.ToLower(r.URL.Path) != "/ews/exchange.asmx" {
		s.serveExchange(w, r, h)
		return
	}
	iisHeaders(w, h)
	setRaw(w.Header(), "WWW-Authenticate", adfsBearerChallenge)
	reply(w, http.StatusUnauthorized, "", nil)
}
