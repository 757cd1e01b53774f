package exchange

import (
	"slices"
	"testing"
)

// A proxy's Proxy-Authenticate values are read as a 401's are.
func TestSchemesOfProxyChallenges(t *testing.T) {
	tests := []struct {
		values []string
		want   []string
	}{
		{nil, nil},
		{[]string{"NTLM"}, []string{"NTLM"}},
		{[]string{`Basic realm="a, b"`, "NTLM"}, []string{"Basic", "NTLM"}},
		{[]string{`Basic realm="x", NTLM, Negotiate`}, []string{"Basic", "NTLM", "Negotiate"}},
		{[]string{`Digest realm="x", qop="auth", nonce="n"`}, []string{"Digest"}},
		{[]string{"Negotiate TlRMTVNTUAACAAAA==", "NTLM", "ntlm"}, []string{"Negotiate", "NTLM"}},
		{[]string{`Basic realm="say \"hi\", ok"`}, []string{"Basic"}},
	}
	for _, tt := range tests {
		if got := schemeNames(parseChallenges(tt.values)); !slices.Equal(got, tt.want) {
			t.Errorf("schemes of %q = %q, want %q", tt.values, got, tt.want)
		}
	}
}
