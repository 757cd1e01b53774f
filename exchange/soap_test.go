package exchange

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"ewsconnect/i18n"
)

func TestParseServerVersionInfo(t *testing.T) {
	tests := []struct {
		name    string
		header  string
		release string
		build   string
		schema  string
		tooOld  bool
	}{
		{name: "h: prefix, Exchange 2019 CU14", header: svi2019, release: "Exchange Server 2019 CU14", build: "15.2.1544.4", schema: "V2017_07_11"},
		{name: "t: prefix, Exchange 2007 SP1",
			header:  `<t:ServerVersionInfo xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" MajorVersion="8" MinorVersion="1" MajorBuildNumber="206" MinorBuildNumber="0" Version="Exchange2007_SP1"/>`,
			release: "Exchange Server 2007 SP1", build: "8.1.206.0", schema: "Exchange2007_SP1", tooOld: true},
		{name: "no Version attribute, Exchange 2007 RTM",
			header:  `<t:ServerVersionInfo xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" MajorVersion="8" MinorVersion="0" MajorBuildNumber="595" MinorBuildNumber="0"/>`,
			release: "Exchange Server 2007", build: "8.0.595.0", tooOld: true},
		{name: "default namespace, no prefix",
			header:  `<ServerVersionInfo xmlns="http://schemas.microsoft.com/exchange/services/2006/types" MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11"/>`,
			release: "Exchange Server 2016 CU23", build: "15.1.2507.6", schema: "V2017_07_11"},
		{name: "Exchange 2010 SP1", header: serverVersion(14, 1, 218, 15, "Exchange2010_SP1"), release: "Exchange Server 2010 SP1", build: "14.1.218.15", schema: "Exchange2010_SP1", tooOld: true},
		{name: "Exchange 2010 SP2", header: serverVersion(14, 2, 390, 3, "Exchange2010_SP2"), release: "Exchange Server 2010 SP2", build: "14.2.390.3", schema: "Exchange2010_SP2"},
		{name: "Exchange 2010 SP3", header: serverVersion(14, 3, 123, 4, "Exchange2010_SP2"), release: "Exchange Server 2010 SP3", build: "14.3.123.4", schema: "Exchange2010_SP2"},
		{name: "Exchange 2013 SP1", header: serverVersion(15, 0, 847, 32, "V2_8"), release: "Exchange Server 2013 SP1", build: "15.0.847.32", schema: "V2_8"},
		{name: "Exchange 2019 CU15", header: serverVersion(15, 2, 1748, 10, "V2017_07_11"), release: "Exchange Server 2019 CU15", build: "15.2.1748.10", schema: "V2017_07_11"},
		{name: "Exchange SE", header: serverVersion(15, 2, 2562, 17, "V2017_07_11"), release: "Exchange Server SE", build: "15.2.2562.17", schema: "V2017_07_11"},
		{name: "Exchange Online", header: serverVersion(15, 20, 8769, 21, "V2018_01_08"), release: "Exchange Online", build: "15.20.8769.21", schema: "V2018_01_08"},
		{name: "Version only, old schema",
			header:  `<h:ServerVersionInfo xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" Version="Exchange2010_SP1"/>`,
			release: "Exchange Server 2010 SP1", schema: "Exchange2010_SP1", tooOld: true},
		{name: "wrong namespace is ignored",
			header:  `<h:ServerVersionInfo xmlns:h="https://schemas.microsoft.com/exchange/services/2006/types" MajorVersion="8" MinorVersion="0"/>`,
			release: "unknown version (it accepts the Exchange2010_SP2 schema)"},
		{name: "header missing", header: "", release: "unknown version (it accepts the Exchange2010_SP2 schema)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := signedInWith(200, soapAnswer(tt.header, getFolderSuccess))
			res, err := s.CheckVersion(context.Background())
			if tt.tooOld {
				p := wantCode(t, err, CodeVersionTooOld)
				wantDetail(t, p, tt.release, "older than Exchange 2010 SP2")
			} else {
				wantCode(t, err, "")
			}
			if res.Release != tt.release || res.Build != tt.build || res.Schema != tt.schema {
				t.Errorf("got %+v, want %s / %s / %s", res, tt.release, tt.build, tt.schema)
			}
			// Without a ServerVersionInfo, what X-OWA-Version said stays.
			wantVersion := tt.release
			if !strings.Contains(tt.header, `"http://schemas.microsoft.com/exchange/services/2006/types"`) {
				wantVersion = ""
			}
			if info := s.Server(); info.Version != wantVersion || info.Build != tt.build {
				t.Errorf("server info %+v", info)
			}
		})
	}
}

func TestCheckVersionFaults(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   Code
		detail []string
		pl     []string // in the Polish detail; nil: not checked
	}{
		{name: "ErrorInvalidServerVersion fault, Exchange 2010", status: 500, body: soapAnswer(serverVersion(14, 0, 639, 21, "Exchange2010"), versionFault),
			want: CodeVersionTooOld, detail: []string{"the server refused the Exchange2010_SP2 schema (ErrorInvalidServerVersion): Exchange Server 2010 (build 14.0.639.21) is older than Exchange 2010 SP2"},
			pl: []string{"serwer odrzucił schemat Exchange2010_SP2 (ErrorInvalidServerVersion): Exchange Server 2010 (kompilacja 14.0.639.21) jest starszy niż Exchange 2010 SP2"}},
		{name: "ErrorInvalidServerVersion fault without header", status: 500, body: soapAnswer("", versionFault),
			want: CodeVersionTooOld, detail: []string{"the server refused the Exchange2010_SP2 schema (ErrorInvalidServerVersion): it is older than Exchange 2010 SP2"},
			pl: []string{"serwer odrzucił schemat Exchange2010_SP2 (ErrorInvalidServerVersion): to wersja starsza niż Exchange 2010 SP2"}},
		{name: "Exchange 2003", status: 200, body: soapAnswer(serverVersion(6, 5, 7638, 1, ""), getFolderSuccess),
			want: CodeVersionTooOld, detail: []string{"Exchange Server 6.5.7638.1 (2003 or older) (build 6.5.7638.1) is older than Exchange 2010 SP2 (14.2)"},
			pl: []string{"Exchange Server 6.5.7638.1 (2003 lub starszy) (kompilacja 6.5.7638.1) jest starszy niż Exchange 2010 SP2 (14.2)"}},
		{name: "Exchange 2010 SP1 by its schema alone", status: 200, body: soapAnswer(`<h:ServerVersionInfo xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" Version="Exchange2010_SP1"/>`, getFolderSuccess),
			want: CodeVersionTooOld, detail: []string{"Exchange Server 2010 SP1 (schema Exchange2010_SP1) is older than Exchange 2010 SP2"},
			pl: []string{"Exchange Server 2010 SP1 (schemat Exchange2010_SP1) jest starszy niż Exchange 2010 SP2"}},
		{name: "other fault", status: 500, body: soapAnswer(svi2019, `<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorInternalServerError</faultcode><faultstring>An internal server error occurred. The operation failed.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorInternalServerError</e:ResponseCode></detail></s:Fault>`),
			want: CodeServerError, detail: []string{"HTTP 500", "ErrorInternalServerError", "internal server error occurred"}},
		{name: "ASP.NET error page", status: 500, body: "<html>Server Error in '/EWS' Application.</html>", want: CodeServerError, detail: []string{"HTTP 500"}},
		{name: "not SOAP with 200", status: 200, body: "<html>hello</html>", want: CodeURLNotEWS,
			detail: []string{"HTTP 200 OK to GetFolder, but the answer is not a SOAP message: this address is not an EWS endpoint"},
			pl:     []string{"odpowiedź HTTP „200 OK” na żądanie GetFolder nie jest komunikatem SOAP: pod tym adresem nie działa usługa EWS"}},
		{name: "GetFolder error still passes version", status: 200, body: soapAnswer(svi2019, getFolderNoMailbox)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := signedInWith(tt.status, tt.body)
			_, err := s.CheckVersion(context.Background())
			if p := wantCode(t, err, tt.want); p != nil {
				wantDetail(t, p, tt.detail...)
				if tt.pl != nil {
					wantSeenInPolish(t, p, tt.pl...)
				}
			}
		})
	}
}

// A server that names no version passes the step; the summary says so in
// the reader's words, and check --json keeps the English.
func TestUnknownReleaseInTheReadersWords(t *testing.T) {
	s := signedInWith(200, soapAnswer("", getFolderSuccess))
	res, err := s.CheckVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Release != unknownRelease || res.ReleaseIn(i18n.EN) != unknownRelease {
		t.Errorf("release %q, in English %q", res.Release, res.ReleaseIn(i18n.EN))
	}
	if got, want := res.ReleaseIn(i18n.PL), "nieznana wersja (akceptuje schemat Exchange2010_SP2)"; got != want {
		t.Errorf("in Polish %q, want %q", got, want)
	}
	named := VersionResult{Release: "Exchange Server 2019 CU14", Build: "15.2.1544.4"}
	if got := named.ReleaseIn(i18n.PL); got != named.Release {
		t.Errorf("a product's name in Polish: %q", got)
	}
}

// signedInWith is a session whose sign-in got status and body.
func signedInWith(status int, body string) *Session {
	s := NewSession("https://"+testHost+ewsPath, Network{}, Credentials{Email: testEmail})
	s.CheckURL()
	s.auth = &authState{scheme: schemeNTLM}
	s.getFolder = &ewsReply{status: status, statusLine: statusLine(status), body: []byte(body)}
	return s
}

func statusLine(status int) string {
	return map[int]string{200: "200 OK", 403: "403 Forbidden", 500: "500 Internal Server Error"}[status]
}

func TestParseSOAPMessages(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		class string
		code  string
		boxes int
	}{
		{name: "GetFolder success", body: soapAnswer(svi2019, getFolderSuccess), class: "Success", code: "NoError"},
		{name: "GetFolder no mailbox", body: soapAnswer(svi2019, getFolderNoMailbox), class: "Error", code: "ErrorNonExistentMailbox"},
		{name: "ResolveNames one", body: soapAnswer(svi2019, resolveNamesOne(testEmail, "Alice")), class: "Success", code: "NoError", boxes: 1},
		{name: "ResolveNames multiple", body: soapAnswer(svi2019, resolveNames2("Warning", "ErrorNameResolutionMultipleResults", [][3]string{{"a@x", "SMTP", "A"}, {"b@x", "SMTP", "B"}})), class: "Warning", code: "ErrorNameResolutionMultipleResults", boxes: 2},
		{name: "ResolveNames none", body: soapAnswer(svi2019, resolveNoResults), class: "Error", code: "ErrorNameResolutionNoResults"},
		{name: "CreateItem send as denied", body: soapAnswer(svi2019, createItemSendAsDenied), class: "Error", code: "ErrorSendAsDenied"},
		{name: "other prefixes", body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetFolderResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><ResponseMessages><GetFolderResponseMessage ResponseClass="Success"><ResponseCode>NoError</ResponseCode></GetFolderResponseMessage></ResponseMessages></GetFolderResponse></soap:Body></soap:Envelope>`,
			class: "Success", code: "NoError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := parseSOAP([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			m := env.message()
			if m == nil {
				t.Fatal("no ResponseMessage")
			}
			boxes := 0
			if m.ResolutionSet != nil {
				boxes = len(m.ResolutionSet.Resolutions)
			}
			if m.Class != tt.class || m.ResponseCode != tt.code || boxes != tt.boxes {
				t.Errorf("got %s %s %d, want %s %s %d", m.Class, m.ResponseCode, boxes, tt.class, tt.code, tt.boxes)
			}
		})
	}
	for _, notSOAP := range []string{"", "  ", "<html><body>Outlook</body></html>", `<Envelope xmlns="https://schemas.xmlsoap.org/soap/envelope/"/>`} {
		if _, err := parseSOAP([]byte(notSOAP)); err == nil {
			t.Errorf("parseSOAP(%q) accepted it", notSOAP)
		}
	}
}

// The requests escape what the user typed and keep the schema's order.
func TestSOAPRequests(t *testing.T) {
	evil := `a<b>&"c'@contoso.test</t:EmailAddress><x>`
	for name, body := range map[string][]byte{
		"GetFolder":    getFolderInbox(evil),
		"ResolveNames": resolveNames(evil),
		"CreateItem":   createItemSendOnly(testMessage{Subject: "S <&>", Body: "B", From: evil, Bcc: evil}),
	} {
		t.Run(name, func(t *testing.T) {
			if got := operation(body); got != name {
				t.Errorf("operation %q, want %q", got, name)
			}
			var v struct{}
			if err := xml.Unmarshal(body, &v); err != nil {
				t.Errorf("not well-formed: %v", err)
			}
			s := string(body)
			if strings.Contains(s, "<x>") || strings.Contains(s, "<b>") {
				t.Errorf("user input not escaped: %s", s)
			}
			if !strings.Contains(s, `<t:RequestServerVersion Version="Exchange2010_SP2"/>`) || !strings.Contains(s, "http://schemas.microsoft.com/exchange/services/2006/types") {
				t.Errorf("missing header or namespaces: %s", s)
			}
		})
	}
	ci := string(createItemSendOnly(testMessage{Subject: "S", Body: "B", From: "f@x", Bcc: "b@x"}))
	order := []string{`MessageDisposition="SendOnly"`, "<t:Subject>", `<t:Body BodyType="Text">`, "<t:BccRecipients>", "<t:From>"}
	last := -1
	for _, part := range order {
		i := strings.Index(ci, part)
		if i <= last {
			t.Errorf("%s out of order in %s", part, ci)
		}
		last = i
	}
	if strings.Contains(ci, "SavedItemFolderId") {
		t.Error("SendOnly must not carry SavedItemFolderId")
	}
	rn := string(resolveNames("a@x"))
	if !strings.Contains(rn, `ReturnFullContactData="false"`) || !strings.Contains(rn, `SearchScope="ActiveDirectory"`) {
		t.Errorf("ResolveNames attributes: %s", rn)
	}
}

func BenchmarkParseSOAP(b *testing.B) {
	body := []byte(soapAnswer(svi2019, resolveNames2("Warning", "ErrorNameResolutionMultipleResults",
		[][3]string{{"alice@contoso.test", "SMTP", "Alice"}, {"alicia@contoso.test", "SMTP", "Alicia"}, {"al@contoso.test", "EX", "Al"}})))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseSOAP(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildCreateItem(b *testing.B) {
	m := testMessage{Subject: "ewsconnect test message", Body: "body", From: testEmail, Bcc: testEmail}
	b.ReportAllocs()
	for b.Loop() {
		createItemSendOnly(m)
	}
}
