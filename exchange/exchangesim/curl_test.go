package exchangesim

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needCurl returns curl's path. curl is an independent NTLM client, so
// the test matters: in CI (CI set) a missing curl fails the test; on a
// developer machine without curl it is skipped.
func needCurl(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("curl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("curl is not on PATH; the NTLM interop test needs it in CI (apt-get install -y curl)")
		}
		t.Skip("curl is not on PATH (set CI to make this a failure)")
	}
	out, err := exec.Command(path, "-V").Output()
	if err != nil || !strings.Contains(string(out), "NTLM") {
		if os.Getenv("CI") != "" {
			t.Fatalf("curl -V lists no NTLM feature (err %v):\n%s", err, out)
		}
		t.Skip("this curl has no NTLM support")
	}
	return path
}

func TestCurlInterop(t *testing.T) {
	curl := needCurl(t)
	s := startServer(t)
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	reqFile := filepath.Join(dir, "getfolder.xml")
	if err := os.WriteFile(caFile, s.CAPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(reqFile, []byte(envelope("Exchange2010_SP2", getInbox)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(s.Addr())

	tests := []struct {
		name       string
		host       string
		auth       string // --ntlm or --basic
		login      string
		password   string
		wantStatus string
		wantBody   string
		proxy      string // a demo proxy's name: curl -x through it
	}{
		{"curl ntlm, domain login", "mail.contoso.test", "--ntlm", `CONTOSO\alice`, DemoPassword, "200", "GetFolderResponse", ""},
		{"curl ntlm, UPN login", "mail.contoso.test", "--ntlm", "alice@contoso.test", DemoPassword, "200", "GetFolderResponse", ""},
		{"curl ntlm, wrong password", "mail.contoso.test", "--ntlm", `CONTOSO\alice`, wrongPassword, "401", "", ""},
		{"curl ntlm, email that is not the UPN", "mail.contoso.test", "--ntlm", "bob@contoso.test", DemoPassword, "401", "", ""},
		{"curl ntlm, exchange 2010 SP1 says too old", "ex2010.contoso.test", "--ntlm", `CONTOSO\alice`, DemoPassword, "500", "ErrorInvalidServerVersion", ""},
		{"curl ntlm, extended protection (curl sends no channel binding)", "exse.contoso.test", "--ntlm", `CONTOSO\alice`, DemoPassword, "401", "", ""},
		{"curl basic, exchange 2016", "ex2016.contoso.test", "--basic", `CONTOSO\alice`, DemoPassword, "200", "GetFolderResponse", ""},
		{"curl ntlm through the demo proxy", "mail.contoso.test", "--ntlm", `CONTOSO\alice`, DemoPassword, "200", "GetFolderResponse", "proxy.contoso.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			bodyFile := filepath.Join(t.TempDir(), "body")
			args := []string{"-sS", tt.auth, "-u", tt.login + ":" + tt.password,
				"--cacert", caFile, "--resolve", tt.host + ":" + port + ":127.0.0.1",
				"-X", "POST", "-H", "Content-Type: text/xml; charset=utf-8", "--data-binary", "@" + reqFile,
				"-o", bodyFile, "-w", "%{http_code} %{num_connects}",
				"https://" + tt.host + ":" + port + "/EWS/Exchange.asmx"}
			before := len(s.ProxyLog())
			if tt.proxy != "" {
				// The tunnel goes to the name as typed; the proxy finds it.
				args = append([]string{"--proxy", "http://" + s.ProxyAddrs()[tt.proxy]}, args...)
			}
			cmd := exec.CommandContext(ctx, curl, args...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("curl: %v\n%s", err, out)
			}
			status, conns, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
			if status != tt.wantStatus {
				t.Fatalf("got HTTP %s, want %s", status, tt.wantStatus)
			}
			if conns != "1" {
				t.Errorf("curl used %s connections, want the handshake on 1", conns)
			}
			body, _ := os.ReadFile(bodyFile)
			if tt.wantBody != "" && !strings.Contains(string(body), tt.wantBody) {
				t.Errorf("body lacks %q:\n%s", tt.wantBody, body)
			}
			if tt.proxy != "" {
				seen := s.ProxyLog()[before:]
				if len(seen) != 1 || seen[0].Method != "CONNECT" || seen[0].Target != tt.host+":"+port {
					t.Errorf("the proxy saw %+v, want one CONNECT %s:%s", seen, tt.host, port)
				}
			}
		})
	}
}
