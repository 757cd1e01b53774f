package exchange

import (
	"io"
	"net/http"
	"strings"
)

// lockedOut rewrites a 401's body to IIS's lock-out text.
type lockedOut struct{ next http.RoundTripper }

func (l lockedOut) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusUnauthorized && req.Header.Get("Authorization") != "" {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader(lockedOutText + "."))
	}
	return resp, err
}
