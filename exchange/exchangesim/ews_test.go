package exchangesim

import (
	"net/http"
	"strings"
	"testing"
)

func TestSOAPAnswers(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		name       string
		host       string
		login      string
		request    string
		wantStatus int
		wantCode   string
	}{
		{"getfolder, own inbox", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInbox), 200, "NoError"},
		{"getfolder, own inbox by address", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInboxOf("alice@contoso.test")), 200, "NoError"},
		{"getfolder, shared inbox with full access", "mail.contoso.test", `CONTOSO\frank`, envelope("Exchange2010_SP2", getInboxOf("sales@contoso.test")), 200, "NoError"},
		{"getfolder, someone else's inbox", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInboxOf("bob@contoso.test")), 200, "ErrorAccessDenied"},
		{"getfolder, address without mailbox", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInboxOf("nobody@contoso.test")), 200, "ErrorNonExistentMailbox"},
		{"getfolder, no smtp address, named by own UPN", "mail.contoso.test", "dave@contoso.test", envelope("Exchange2010_SP2", getInboxOf("dave@contoso.test")), 200, "ErrorNonExistentMailbox"},
		{"getfolder, own inbox by a proxy address", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInboxOf("alice@sales.contoso.test")), 200, "NoError"},
		{"getfolder, own inbox by UPN that is no address", "mail.contoso.test", `CONTOSO\bob`, envelope("Exchange2010_SP2", getInboxOf("bob@corp.contoso.local")), 200, "ErrorNonExistentMailbox"},
		{"getfolder, shared inbox without full access", "mail.contoso.test", `CONTOSO\frank`, envelope("Exchange2010_SP2", getInboxOf("support@contoso.test")), 200, "ErrorAccessDenied"},
		{"getfolder, mailbox moved to Exchange Online", "mail.contoso.test", `CONTOSO\henry`, envelope("Exchange2010_SP2", getInboxOf("henry@contoso.test")), 200, "ErrorNonExistentMailbox"},
		{"getfolder, mailbox moved, own inbox unnamed", "mail.contoso.test", `CONTOSO\henry`, envelope("Exchange2010_SP2", getInbox), 200, "ErrorNonExistentMailbox"},
		{"getfolder, mailbox database dismounted", "mail.contoso.test", `CONTOSO\ivan`, envelope("Exchange2010_SP2", getInboxOf("ivan@contoso.test")), 200, "ErrorMailboxStoreUnavailable"},
		{"getfolder, throttled", "mail.contoso.test", `CONTOSO\kevin`, envelope("Exchange2010_SP2", getInbox), 500, "ErrorServerBusy"},
		{"createitem, mailbox moved", "mail.contoso.test", `CONTOSO\henry`, envelope("Exchange2010_SP2", sendTest("", "henry@contoso.test")), 200, "ErrorNonExistentMailbox"},
		{"getfolder, no smtp address, own inbox", "mail.contoso.test", "dave@contoso.test", envelope("Exchange2010_SP2", getInbox), 200, "NoError"},
		{"getfolder, no version header", "mail.contoso.test", `CONTOSO\alice`, envelope("", getInbox), 200, "NoError"},
		{"resolvenames, smtp address", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", resolveName("alice@contoso.test")), 200, "NoError"},
		{"resolvenames, smtp: prefix", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", resolveName("SMTP:bob@contoso.test")), 200, "NoError"},
		{"resolvenames, mailbox without smtp address", "mail.contoso.test", "dave@contoso.test", envelope("Exchange2010_SP2", resolveName("dave@contoso.test")), 200, "ErrorNameResolutionNoResults"},
		{"resolvenames, unknown address", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", resolveName("nobody@contoso.test")), 200, "ErrorNameResolutionNoResults"},
		{"resolvenames, ambiguous name", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", resolveName("s")), 200, "ErrorNameResolutionMultipleResults"},
		{"resolvenames, unique name", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", resolveName("sal")), 200, "NoError"},
		{"resolvenames, a proxy address", "mail.contoso.test", `CONTOSO\bob`, envelope("Exchange2010_SP2", resolveName("alice@sales.contoso.test")), 200, "NoError"},
		{"resolvenames, a moved mailbox is still listed", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", resolveName("henry@contoso.test")), 200, "NoError"},
		{"createitem, send to self", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", sendTest("", "alice@contoso.test")), 200, "NoError"},
		{"createitem, from own address", "mail.contoso.test", "alice@contoso.test", envelope("Exchange2010_SP2", sendTest("alice@contoso.test", "alice@contoso.test")), 200, "NoError"},
		{"createitem, send as a shared mailbox without the right", "mail.contoso.test", `CONTOSO\frank`, envelope("Exchange2010_SP2", sendTest("sales@contoso.test", "sales@contoso.test")), 200, "ErrorSendAsDenied"},
		{"createitem, over send quota", "mail.contoso.test", `CONTOSO\grace`, envelope("Exchange2010_SP2", sendTest("", "grace@contoso.test")), 200, "ErrorQuotaExceeded"},
		{"createitem, invalid recipient", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", sendTest("", "not-an-address")), 200, "ErrorInvalidRecipients"},
		{"createitem, From before BccRecipients", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2",
			`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>x</t:Subject><t:From><t:Mailbox><t:EmailAddress>alice@contoso.test</t:EmailAddress></t:Mailbox></t:From><t:BccRecipients><t:Mailbox><t:EmailAddress>alice@contoso.test</t:EmailAddress></t:Mailbox></t:BccRecipients></t:Message></m:Items></m:CreateItem>`), 500, "ErrorSchemaValidation"},
		{"createitem, no MessageDisposition", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2",
			strings.Replace(sendTest("", "alice@contoso.test"), ` MessageDisposition="SendOnly"`, "", 1)), 200, "ErrorMessageDispositionRequired"},
		{"version, 2010 SP1 asked for 2010 SP2", "ex2010.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInbox), 500, "ErrorInvalidServerVersion"},
		{"version, 2010 SP1 asked for 2010 SP1", "ex2010.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP1", getInbox), 200, "NoError"},
		{"version, 2007 asked for 2010 SP2", "ex2007.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInbox), 500, "ErrorSchemaValidation"},
		{"version, 2007 asked for 2007", "ex2007.contoso.test", `CONTOSO\alice`, envelope("Exchange2007", getInbox), 200, "NoError"},
		{"version, 2016 asked for 2010 SP2", "ex2016.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInbox), 200, "NoError"},
		{"version, SE asked for Exchange2016 (over Basic-less NTLM host)", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2016", getInbox), 200, "NoError"},
		{"version, value no schema knows", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2019", getInbox), 500, "ErrorInvalidRequest"},
		{"request, unknown operation", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", `<m:GetWidget/>`), 500, "ErrorInvalidRequest"},
		{"request, FindItem without ItemShape", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", `<m:FindItem Traversal="Shallow"/>`), 500, "ErrorSchemaValidation"},
		{"request, https namespaces", "mail.contoso.test", `CONTOSO\alice`, strings.ReplaceAll(envelope("Exchange2010_SP2", getInbox), "http://schemas", "https://schemas"), 500, "ErrorInvalidRequest"},
		{"request, not XML", "mail.contoso.test", `CONTOSO\alice`, "<soap:Envelope <<<", 500, "ErrorSchemaValidation"},
		{"request, truncated XML", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", getInbox)[:300], 500, "ErrorSchemaValidation"},
		{"request, empty body", "mail.contoso.test", `CONTOSO\alice`, "", 500, "ErrorInvalidRequest"},
		{"request, empty Body element", "mail.contoso.test", `CONTOSO\alice`, envelope("Exchange2010_SP2", ""), 500, "ErrorInvalidRequest"},
		{"ews disabled for the user", "mail.contoso.test", `CONTOSO\carol`, envelope("Exchange2010_SP2", getInbox), 403, "ErrorAccessDenied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := soapCall(t, ntlmClient(s), tt.host, tt.login, DemoPassword, tt.request)
			if status != tt.wantStatus {
				t.Fatalf("got HTTP %d, want %d\n%s", status, tt.wantStatus, body)
			}
			if code := responseCode(t, body); code != tt.wantCode {
				t.Errorf("got ResponseCode %s, want %s\n%s", code, tt.wantCode, body)
			}
		})
	}
}

func TestServerVersionInfoPerRelease(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		host                string
		major, minor, build string
		version             string // "" = attribute absent
	}{
		{"mail.contoso.test", "15", "2", "1544", "V2017_07_11"},
		{"ex2016.contoso.test", "15", "1", "2507", "V2017_07_11"},
		{"ex2010.contoso.test", "14", "1", "218", "Exchange2010_SP1"},
		{"ex2007.contoso.test", "8", "0", "685", ""},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			c := ntlmClient(s)
			// Exchange2010_SP2 gives faults on the old releases; the header is there too.
			_, body := soapCall(t, c, tt.host, `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", getInbox))
			root := parseXML(t, body)
			svi := root.find(nsTypes, "ServerVersionInfo")
			if svi == nil {
				t.Fatalf("no ServerVersionInfo in the types namespace:\n%s", body)
			}
			for attr, want := range map[string]string{"MajorVersion": tt.major, "MinorVersion": tt.minor, "MajorBuildNumber": tt.build} {
				if got, _ := svi.attr(attr); got != want {
					t.Errorf("%s = %q, want %q", attr, got, want)
				}
			}
			got, present := svi.attr("Version")
			if tt.version == "" && present {
				t.Errorf("Exchange 2007 RTM must send no Version attribute, got %q", got)
			}
			if tt.version != "" && got != tt.version {
				t.Errorf("Version = %q, want %q", got, tt.version)
			}
		})
	}
}

func TestSOAPShapes(t *testing.T) {
	s := startServer(t)
	c := ntlmClient(s)

	t.Run("getfolder success", func(t *testing.T) {
		_, body := soapCall(t, c, "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", getInbox))
		root := parseXML(t, body)
		msg := root.find(nsMessages, "GetFolderResponseMessage")
		if msg == nil {
			t.Fatalf("no m:GetFolderResponseMessage:\n%s", body)
		}
		if class, _ := msg.attr("ResponseClass"); class != "Success" {
			t.Errorf("ResponseClass %q", class)
		}
		if got := strings.Join(msg.childNames(), ","); got != "ResponseCode,Folders" {
			t.Errorf("children %s, want ResponseCode,Folders", got)
		}
		folder := msg.find(nsTypes, "Folder")
		if folder == nil || folder.find(nsTypes, "FolderId") == nil || folder.find(nsTypes, "DisplayName").Text != "Inbox" {
			t.Errorf("no inbox t:Folder with a FolderId:\n%s", body)
		}
	})

	t.Run("error message order", func(t *testing.T) {
		_, body := soapCall(t, c, "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", getInboxOf("nobody@contoso.test")))
		msg := parseXML(t, body).find(nsMessages, "GetFolderResponseMessage")
		if got := strings.Join(msg.childNames(), ","); got != "MessageText,ResponseCode,DescriptiveLinkKey,Folders" {
			t.Errorf("children %s, want MessageText,ResponseCode,DescriptiveLinkKey,Folders", got)
		}
		if class, _ := msg.attr("ResponseClass"); class != "Error" {
			t.Errorf("ResponseClass %q, want Error", class)
		}
	})

	t.Run("send as denied text", func(t *testing.T) {
		_, body := soapCall(t, c, "mail.contoso.test", `CONTOSO\frank`, DemoPassword, envelope("Exchange2010_SP2", sendTest("sales@contoso.test", "sales@contoso.test")))
		msg := parseXML(t, body).find(nsMessages, "CreateItemResponseMessage")
		want := "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account."
		if msg == nil || msg.find(nsMessages, "MessageText") == nil || msg.find(nsMessages, "MessageText").Text != want {
			t.Errorf("want MessageText %q in\n%s", want, body)
		}
	})

	t.Run("resolvenames resolution", func(t *testing.T) {
		_, body := soapCall(t, c, "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", resolveName("alice@contoso.test")))
		root := parseXML(t, body)
		mb := root.find(nsTypes, "Mailbox")
		if mb == nil || mb.find(nsTypes, "EmailAddress").Text != "alice@contoso.test" || mb.find(nsTypes, "RoutingType").Text != "SMTP" {
			t.Errorf("want a t:Mailbox for alice@contoso.test:\n%s", body)
		}
	})

	t.Run("invalid server version fault", func(t *testing.T) {
		_, body := soapCall(t, c, "ex2010.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", getInbox))
		root := parseXML(t, body)
		f := root.find(nsSOAP, "Fault")
		if f == nil {
			t.Fatalf("no s:Fault:\n%s", body)
		}
		code := f.find("", "faultcode")
		if code == nil || !strings.HasSuffix(code.Text, ":ErrorInvalidServerVersion") {
			t.Errorf("faultcode %v", code)
		}
		if !strings.Contains(string(body), `xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorInvalidServerVersion`) {
			t.Errorf("faultcode prefix must be bound to the types namespace:\n%s", body)
		}
		if fs := f.find("", "faultstring"); fs == nil || fs.Text != "The specified server version is invalid." {
			t.Errorf("faultstring %v", fs)
		}
	})
}

func TestSendRecordsTheMessage(t *testing.T) {
	var got []Message
	s, err := Start(Options{OnSend: func(m Message) { got = append(got, m) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	status, body := soapCall(t, ntlmClient(s), "mail.contoso.test", `CONTOSO\alice`, DemoPassword, envelope("Exchange2010_SP2", sendTest("alice@contoso.test", "helpdesk@contoso.test")))
	if status != 200 || responseCode(t, body) != "NoError" {
		t.Fatalf("send: %d\n%s", status, body)
	}
	sent := s.Sent()
	if len(sent) != 1 {
		t.Fatalf("Sent() has %d messages, want 1", len(sent))
	}
	m := sent[0]
	if m.From != "alice@contoso.test" || len(m.Bcc) != 1 || m.Bcc[0] != "helpdesk@contoso.test" ||
		m.Subject != "Connection test" || m.Login != `CONTOSO\alice` || m.Host != "mail.contoso.test" || m.Time.IsZero() {
		t.Errorf("recorded %+v", m)
	}
	if len(got) != 1 {
		t.Errorf("OnSend called %d times, want 1", len(got))
	}
	if items := parseXML(t, body).find(nsMessages, "Items"); items == nil || len(items.Children) != 0 {
		t.Errorf("SendOnly must answer an empty m:Items:\n%s", body)
	}
}

func TestRequestBodyIsCapped(t *testing.T) {
	s := startServer(t)
	huge := envelope("Exchange2010_SP2", `<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>`+strings.Repeat("a", maxBody)+`</m:UnresolvedEntry></m:ResolveNames>`)
	// Basic signs each request in, so the cap is reached after sign-in.
	status, _ := soapCall(t, plainClient(s), "ex2016.contoso.test", `CONTOSO\alice`, DemoPassword, huge)
	if status != http.StatusRequestEntityTooLarge {
		t.Errorf("got %d, want 413", status)
	}
	// A large body under the cap survives the three NTLM legs on one connection.
	large := envelope("Exchange2010_SP2", `<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>alice@contoso.test</m:UnresolvedEntry></m:ResolveNames><!--`+strings.Repeat("a", 600<<10)+`-->`)
	status, body := soapCall(t, ntlmClient(s), "mail.contoso.test", `CONTOSO\alice`, DemoPassword, large)
	if status != 200 {
		t.Errorf("600 KiB request over NTLM: got %d, want 200\n%.300s", status, body)
	}
}
