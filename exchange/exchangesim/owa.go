package exchangesim

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// owaLogonURL is where OWA sends a browser without a session; reason 0 is
// a first visit, 2 a failed sign-in. Exchange writes the escapes in lower
// case.
func owaLogonURL(hostPort, app string, reason int) string {
	return fmt.Sprintf("https://%s/owa/auth/logon.aspx?url=%s&reason=%d",
		hostPort, lowerEscapes(url.QueryEscape("https://"+hostPort+app)), reason)
}

var escapeRE = regexp.MustCompile(`%[0-9A-F]{2}`)

func lowerEscapes(s string) string { return escapeRE.ReplaceAllStringFunc(s, strings.ToLower) }

func htmlEscape(s string) string { return html.EscapeString(s) }

// serveOWALogon serves the Outlook on the web sign-in page, with the
// markers clients use to recognise it.
func serveOWALogon(w http.ResponseWriter, r *http.Request) {
	dest := r.URL.Query().Get("url")
	if dest == "" {
		dest = "https://" + r.Host + "/owa/"
	}
	w.Header().Set("Cache-Control", "no-cache, no-store")
	w.Header().Add("Set-Cookie", "PBack=0; path=/")
	page := strings.ReplaceAll(owaLogonPage, "{destination}", htmlEscape(dest))
	reply(w, http.StatusOK, "text/html; charset=utf-8", []byte(page))
}

const owaLogonPage = `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="X-UA-Compatible" content="IE=10" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="robots" content="noindex, nofollow">
<!-- {57A118C6-2DA9-419d-BE9A-F92B0F9A418B} -->
<!-- OwaPage = ASP.auth_logon_aspx -->
<title>Outlook</title>
<link rel="shortcut icon" href="/owa/auth/15.2.1544/themes/resources/favicon.ico" type="image/x-icon">
<link rel="stylesheet" href="/owa/auth/15.2.1544/themes/resources/logon.css">
<script type="text/javascript">
	// This file contains the script used by Logon.aspx
	function clkLgn() {
		var oUsr = document.getElementById("username");
		var oPwd = document.getElementById("password");
		if (oUsr.value == "" || oPwd.value == "") { return false; }
		document.logonForm.submit();
		return true;
	}
	function setFocus() { document.getElementById("username").focus(); }
</script>
</head>
<body class="signInBg" style="background: #f2f2f2" onload="setFocus()">
<noscript><div id="dvErr"><table cellpadding="0" cellspacing="0"><tr><td>
To use Outlook, browser settings must allow scripts to run. For information about how to allow scripts, consult the Help for your browser.
</td></tr></table></div></noscript>
<form action="/owa/auth.owa" method="POST" name="logonForm" ENCTYPE="application/x-www-form-urlencoded" autocomplete="off">
<input type="hidden" name="destination" value="{destination}">
<input type="hidden" name="flags" id="flags" value="4">
<input type="hidden" name="forcedownlevel" value="0">
<div id="mainLogonDiv" class="mouse">
 <div class="sidebar"><div class="owaLogoContainer"><img src="/owa/auth/15.2.1544/themes/resources/owa_text_blue.png" class="owaLogo" aria-hidden="true"></div></div>
 <div class="logonContainer">
  <div id="lgnDiv" class="logonDiv" onKeyPress="return checkSubmit(event)">
   <div class="signInInputLabel" id="userNameLabel" aria-hidden="true">Domain\user name:</div>
   <div><input id="username" name="username" class="signInInputText" role="textbox" aria-labelledby="userNameLabel" placeholder="Domain\user name"/></div>
   <div class="signInInputLabel" id="passwordLabel" aria-hidden="true">Password:</div>
   <div><input id="password" onfocus="g_fFcs=0" name="password" value="" type="password" class="signInInputText" aria-labelledby="passwordLabel"/></div>
   <div class="signInEnter">
    <div onclick="clkLgn()" class="signinbutton" role="button" tabIndex="0"><img class="imgLnk" src="/owa/auth/15.2.1544/themes/resources/signinbutton.png" alt=""><span class="signinTxt">sign in</span></div>
   </div>
  </div>
 </div>
</div>
</form>
</body>
</html>
`

// serveLoginProxy is a forms-based reverse proxy (Forefront TMG style)
// publishing Exchange: every URL without its session cookie, EWS included,
// is redirected to the proxy's own sign-in page.
func serveLoginProxy(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Via", "1.1 TMG01")
	if !strings.EqualFold(r.URL.Path, "/CookieAuth.dll") {
		redirect(w, proxyLogonURL(r.Host, r.URL.Path, 0))
		return
	}
	if r.Method == http.MethodPost { // CookieAuth.dll?Logon: forms sign-in is not simulated
		redirect(w, proxyLogonURL(r.Host, "/owa/", 2))
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	reply(w, http.StatusOK, "text/html; charset=utf-8", []byte(proxyLogonPage))
}

// proxyLogonURL encodes the original path the way TMG does ("/" as Z2F).
func proxyLogonURL(hostPort, path string, reason int) string {
	return fmt.Sprintf("https://%s/CookieAuth.dll?GetLogon?curl=%s&reason=%d&formdir=3",
		hostPort, url.QueryEscape(strings.ReplaceAll(path, "/", "Z2F")), reason)
}

const proxyLogonPage = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Microsoft Forefront TMG</title>
<link href="/CookieAuthFiles/3/logon.css" rel="stylesheet" type="text/css">
</head>
<body>
<form action="/CookieAuth.dll?Logon" method="post" id="logonForm" autocomplete="off">
<input type="hidden" name="curl" value="Z2FEWSZ2FExchange.asmx">
<input type="hidden" name="flags" value="0">
<input type="hidden" name="forcedownlevel" value="0">
<input type="hidden" name="formdir" value="3">
<table id="tblMain" cellpadding="0" cellspacing="0">
<tr><td class="txtpad">Domain\user name:</td><td><input id="username" name="username" type="text" class="txt"></td></tr>
<tr><td class="txtpad">Password:</td><td><input id="password" name="password" type="password" class="txt" autocomplete="off"></td></tr>
<tr><td colspan="2" align="right"><input type="submit" class="btn" value="Log On"></td></tr>
</table>
<p class="wrng">This site is protected by Microsoft Forefront Threat Management Gateway.</p>
</form>
</body>
</html>
`

// Exchange Online's EWS resource and the Entra ID issuer in its challenge.
const exoBearerChallenge = `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"`

// serveExchangeOnline answers like Exchange Online since Basic
// authentication was turned off: every EWS request gets a 401 that offers
// only Bearer (OAuth), whatever credentials it carried.
func serveExchangeOnline(w http.ResponseWriter, r *http.Request, h *host) {
	iisHeaders(w, h)
	setRaw(w.Header(), "X-CalculatedBETarget", "AM0PR04MB1234.eurprd04.prod.outlook.com")
	p := strings.ToLower(r.URL.Path)
	switch {
	case p == "/ews/exchange.asmx":
		setRaw(w.Header(), "WWW-Authenticate", exoBearerChallenge)
		reason := `2000001;reason="The token is missing: EWS accepts only OAuth (Bearer) tokens.";error_category="invalid_token"`
		if strings.HasPrefix(strings.ToLower(r.Header.Get("Authorization")), "bearer ") {
			reason = `2000001;reason="The token could not be validated.";error_category="invalid_token"`
		}
		setRaw(w.Header(), "x-ms-diagnostics", reason)
		setRaw(w.Header(), "X-BackEndHttpStatus", "401")
		reply(w, http.StatusUnauthorized, "", nil)
	case p == "/" || p == "/owa" || strings.HasPrefix(p, "/owa/"):
		redirect(w, "https://login.microsoftonline.com/common/oauth2/authorize?client_id=00000002-0000-0ff1-ce00-000000000000&response_type=code%20id_token&redirect_uri="+
			lowerEscapes(url.QueryEscape("https://"+r.Host+"/owa/")))
	default:
		notFound(w)
	}
}
