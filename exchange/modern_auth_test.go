package exchange

import (
	"context"
	"strings"
	"testing"
)

// Bearer alone is auth-modern-only on a company's own Exchange and
// auth-basic-disabled on Exchange Online (or a server that shows neither),
// each with what was seen.
func TestSignInBearerOnly(t *testing.T) {
	const (
		adfs    = `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://adfs.contoso.test/adfs/oauth2/authorize"`
		hybrid  = `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@72f988bf-86f1-41af-91ab-2d7cd011db47", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://login.windows.net/common/oauth2/authorize"`
		tenant  = `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", authorization_uri="https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize"`
		online  = `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"`
		onPrem  = "15.2.1544.4"
		service = "15.20.8769.22"
	)
	tests := []struct {
		name    string
		bearer  string
		headers map[string]string
		want    Code
		detail  []string
		absent  []string
	}{
		{name: "exchange 2019 with AD FS", bearer: adfs, headers: map[string]string{"X-OWA-Version": onPrem, "X-FEServer": "EXCH05"},
			want: CodeAuthModernOnly, detail: []string{"offered Bearer", "X-OWA-Version 15.2.1544.4", "X-FEServer EXCH05", "authorization_uri https://adfs.contoso.test/adfs/oauth2/authorize"}},
		{name: "AD FS authorization_uri alone", bearer: adfs, headers: map[string]string{},
			want: CodeAuthModernOnly, detail: []string{"authorization_uri https://adfs.contoso.test/adfs/oauth2/authorize"}, absent: []string{"X-OWA-Version"}},
		{name: "hybrid modern auth: one tenant trusted, the common Entra ID authority", bearer: hybrid, headers: map[string]string{},
			want: CodeAuthModernOnly, detail: []string{"trusted issuer tenant 72f988bf-86f1-41af-91ab-2d7cd011db47", "authorization_uri https://login.windows.net/common/oauth2/authorize"}},
		{name: "an Entra ID tenant's own authority", bearer: tenant, headers: map[string]string{},
			want: CodeAuthModernOnly, detail: []string{"authorization_uri https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize"}},
		{name: "exchange 2016 build, Exchange Online's challenge", bearer: online, headers: map[string]string{"X-OWA-Version": "15.1.2507.39"},
			want: CodeAuthModernOnly, detail: []string{"X-OWA-Version 15.1.2507.39"}, absent: []string{"tenant"}},
		{name: "exchange online: datacenter front end and service build", bearer: online, headers: map[string]string{"X-OWA-Version": service, "X-FEServer": "AM0PR04CA0012"},
			want: CodeAuthBasicDisabled, detail: []string{"only OAuth (Bearer)", "Exchange Online: X-FEServer AM0PR04CA0012, X-OWA-Version 15.20.8769.22"}},
		{name: "exchange online front end wins over an on-premises marker", bearer: adfs, headers: map[string]string{"X-FEServer": "GV3P280CU004"},
			want: CodeAuthBasicDisabled},
		{name: "exchange online front end as a host name", bearer: online, headers: map[string]string{"X-FEServer": "AM3PR1001MB1421.eurprd01.prod.outlook.com"},
			want: CodeAuthBasicDisabled},
		{name: "nothing shows where the server is", bearer: online, headers: map[string]string{},
			want: CodeAuthBasicDisabled},
		{name: "bare Bearer, nothing known", bearer: "Bearer", headers: map[string]string{},
			want: CodeAuthBasicDisabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEWS()
			f.schemes, f.headers = []string{tt.bearer}, tt.headers
			_, s := startFakeEWS(t, f, Credentials{Email: testEmail, Password: testPassword})
			if err := runUntil(t, s, "endpoint"); err != nil {
				t.Fatal(err)
			}
			_, err := s.SignIn(context.Background())
			p := wantCode(t, err, tt.want)
			wantDetail(t, p, tt.detail...)
			for _, claim := range tt.absent {
				if strings.Contains(p.Detail, claim) {
					t.Errorf("detail %q claims %q", p.Detail, claim)
				}
			}
			if p.Field != FieldServer {
				t.Errorf("field %s, want server", p.Field)
			}
			if f.authenticateCount() != 0 || strings.Contains(p.Detail, testPassword) {
				t.Error("a password went out to a server that takes none")
			}
		})
	}
}

func TestIsDatacenterServer(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"AM0PR04CA0012", true},
		{"AM3PR1001MB1421", true},
		{"GV3P280CU004", true},
		{"gv1p191mb2243", true},
		{"BN6PR1101CA0012.namprd11.prod.outlook.com", true},
		{"GV1P191MB2243.EURP191.PROD.OUTLOOK.COM.", true},
		{"EXCH01", false},
		{"MAIL-EX2019", false},
		{"exch01.contoso.com", false},
		{"AB1PR01", false},
		{"", false},
		{"outlook.com.contoso.test", false},
	}
	for _, tt := range tests {
		if got := isDatacenterServer(tt.name); got != tt.want {
			t.Errorf("isDatacenterServer(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAuthParam(t *testing.T) {
	const params = `client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="a@*,b@tenant", authorization_uri="https://x.test/a,b", realm=plain, esc="say \"hi\""`
	tests := []struct{ name, want string }{
		{"client_id", "00000002-0000-0ff1-ce00-000000000000"},
		{"TRUSTED_ISSUERS", "a@*,b@tenant"},
		{"authorization_uri", "https://x.test/a,b"},
		{"realm", "plain"},
		{"esc", `say "hi"`},
		{"missing", ""},
	}
	for _, tt := range tests {
		if got := authParam(params, tt.name); got != tt.want {
			t.Errorf("authParam(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := singleTrustedTenant(authParam(params, "trusted_issuers")); got != "tenant" {
		t.Errorf("tenant %q, want tenant", got)
	}
}

// FuzzAuthParam: a hostile challenge's parameters never crash the reader,
// and a value is always taken from the input.
func FuzzAuthParam(f *testing.F) {
	f.Add(`authorization_uri="https://adfs.contoso.test/adfs/oauth2/authorize", x="\"`, "authorization_uri")
	f.Add(`a=,=b,"c"=d`, "a")
	f.Fuzz(func(t *testing.T, params, name string) {
		v := authParam(params, name)
		if len(v) > len(params) {
			t.Errorf("value %q longer than the parameters %q", v, params)
		}
		_ = isCommonEntraAuthority(v)
		_ = singleTrustedTenant(v)
	})
}
