package steps

import "ewsconnect/exchange"

// The English text of the catalog. The help article's own advice comes
// first in each fix, reworded; what it misses (Exchange Online's end of
// password sign-in and of EWS, Extended Protection, certificate names in the
// SAN) follows. A second language is one more pair of tables like these.

var sectionTitlesEN = map[Section]string{
	SectionInvalidURL:         "The Exchange URL is invalid",
	SectionAutodiscover:       "The server could not be found from the email address",
	SectionUnsupportedVersion: "Cannot connect because of the Exchange version",
	SectionCannotConnect:      "Cannot connect to the Exchange server",
	SectionUnauthorized:       "Unauthorized",
	SectionTestEmailFailed:    "Testing the email failed",
}

// findURL is the article's way to find the EWS address; several fixes share it.
const findURL = "To find it: sign in to your mailbox in a browser, copy the domain from the address bar and put it in front of /EWS/Exchange.asmx. For example, https://mail.example.com/home becomes https://mail.example.com/EWS/Exchange.asmx."

// askIT is the article's closing advice, shared by the fixes that need an administrator.
const askIT = "If you are not sure, contact your IT department or email provider to confirm your Exchange configuration and account details."

var catalogEN = map[exchange.Code]Entry{
	exchange.CodeURLMalformed: {SectionInvalidURL, "The address is not a valid web address", []FixStep{
		{Text: "Enter the full Exchange Web Services address, formatted like https://mail.example.com/EWS/Exchange.asmx."},
		{Text: findURL},
		{Text: askIT},
	}},
	exchange.CodeURLNotHTTPS: {SectionInvalidURL, "The address must start with https://", []FixStep{
		{Text: "Use the https:// form of the address, like https://mail.example.com/EWS/Exchange.asmx. Your password is never sent over plain http://."},
		{Text: "If the server has no HTTPS, ask your IT department to publish Exchange Web Services over HTTPS: every Exchange version does by default."},
	}},
	exchange.CodeURLNotEWS: {SectionInvalidURL, "The address does not point to Exchange Web Services", []FixStep{
		{Text: "The address must end in /EWS/Exchange.asmx (upper or lower case), like https://mail.example.com/EWS/Exchange.asmx."},
		{Text: findURL},
		{Text: askIT},
	}},
	exchange.CodeURLOWA: {SectionInvalidURL, "This is an Outlook Web App sign-in address, not the EWS address", []FixStep{
		{Text: "Use the Exchange Web Services address on the same server: keep the domain and replace the rest with /EWS/Exchange.asmx."},
		{Text: "Make sure the address does not redirect to an Outlook Web App (OWA) sign-in page: using the OWA address gives this error."},
		{Text: "If the EWS address itself leads to a sign-in page, a forms-based login proxy sits in front of Exchange. Ask your IT department to let /EWS/ through with Windows (NTLM) authentication."},
	}},
	exchange.CodeAutodiscoverNotFound: {SectionAutodiscover, "No server answered for your email address's domain", []FixStep{
		{Text: "Check the email address: the server is looked up from the part after the @."},
		{Text: "Enter the Exchange Web Services address yourself. " + findURL},
		{Text: "Ask your IT department to publish autodiscover (a DNS record for autodiscover.<your domain>, or an SRV record _autodiscover._tcp.<your domain>) so that mail applications find the server on their own."},
	}},
	exchange.CodeAutodiscoverInternalOnly: {SectionAutodiscover, "Autodiscover named only a server inside the company network", []FixStep{
		{Text: "Connect to the company network or its VPN and try again: the server it named is known only there."},
		{Text: "Or ask your IT department for the Exchange Web Services address that works from outside (the external URL of the EWS virtual directory), and enter it."},
		{Text: askIT},
	}},
	exchange.CodeAutodiscoverUnconfirmed: {SectionAutodiscover, "Autodiscover points to a server in another domain", []FixStep{
		{Text: "Your password was not sent there. If your email is hosted by that provider (your IT department can confirm the domain), allow it and try again (--allow-redirect DOMAIN)."},
		{Text: "If you do not recognise the domain, do not allow it: a wrong autodiscover record can send passwords to a stranger. Enter the Exchange Web Services address yourself instead. " + findURL},
	}},
	exchange.CodeAutodiscoverLoop: {SectionAutodiscover, "Autodiscover's redirects go round in a circle", []FixStep{
		{Text: "Enter the Exchange Web Services address yourself. " + findURL},
		{Text: "Ask your IT department to check the autodiscover redirects for your domain (redirectUrl and redirectAddr answers): they send clients back to where they started."},
	}},
	exchange.CodeVersionTooOld: {SectionUnsupportedVersion, "The server runs an Exchange version older than 2010 SP2", []FixStep{
		{Text: "Exchange 2010 SP2 or newer is required. The server must be updated: ask your IT department."},
		{Text: "Exchange 2007 and 2010 are long out of support; Exchange Server SE is the current release. Moving the mailbox to a newer server also fixes this."},
	}},
	exchange.CodeDNSFailed: {SectionCannotConnect, "The server's name could not be found", []FixStep{
		{Text: "Check the spelling of the server name in the address."},
		{Text: "If the name is only known inside your company's network, connect to that network or its VPN first, or ask for the address that works from outside."},
		{Text: askIT},
	}},
	exchange.CodeConnectRefused: {SectionCannotConnect, "The server refused the connection", []FixStep{
		{Text: "Check the port: HTTPS uses 443 unless your IT department gave you another one."},
		{Text: "The web server may be stopped, or a firewall may block the port. Try from the company network or VPN."},
		{Text: askIT},
	}},
	exchange.CodeConnectTimeout: {SectionCannotConnect, "The server did not answer in time", []FixStep{
		{Text: "Check that this computer can reach the server: some servers are reachable only inside the company network or over its VPN."},
		{Text: "A firewall may be silently dropping the connection, or the server may be overloaded. Try again in a few minutes."},
		{Text: "On a slow link, allow more time for each step, for example 30 seconds.", Setting: SettingTimeout},
	}},
	exchange.CodeProxyFailed: {SectionCannotConnect, "The web proxy could not connect to the server", []FixStep{
		{Text: "This computer reaches the internet through a web proxy (the detail names it and what it answered). Either the proxy could not be reached, or it refused to open a connection to the Exchange server."},
		{Text: "Check the proxy setting: the HTTPS_PROXY environment variable, the --proxy option, or on Windows Settings > Network & internet > Proxy. To test without the proxy, use --no-proxy."},
		{Text: "If the proxy refused the connection (403 or 502 in the detail), ask your IT department to allow CONNECT to the Exchange server's address and port, or to let it be reached directly."},
	}},
	exchange.CodeProxyAuthRequired: {SectionCannotConnect, "The web proxy wants its own sign-in", []FixStep{
		{Text: "The web proxy answered 407 Proxy Authentication Required: it wants a sign-in of its own before it connects anywhere. This is not your mailbox password being refused; your mailbox password was not sent to the proxy."},
		{Text: "If your proxy takes a user name and password, give them in the proxy address, for example --proxy http://user:password@proxy.example.com:3128 (Basic only). Proxies that sign in with Windows (NTLM or Negotiate) are not supported yet."},
		{Text: "Or ask your IT department to let this computer reach the Exchange server without proxy sign-in, or directly."},
	}},
	exchange.CodeTLSNameMismatch: {SectionCannotConnect, "The server's certificate is for another name", []FixStep{
		{Text: "The domain of your Exchange URL must be listed on the SSL certificate installed on the server. Use an address that the certificate names, if one of them is this server."},
		{Text: "Modern clients read only the certificate's Subject Alternative Names (SAN); a name only in the common name (CN) is not enough."},
		{Text: "Otherwise ask your IT department to install a certificate that lists this host name."},
	}},
	exchange.CodeTLSUntrusted: {SectionCannotConnect, "The server's certificate is not trusted", []FixStep{
		{Text: "The certificate was issued by an authority this computer does not trust (often a self-signed or company-internal certificate)."},
		{Text: "Ask your IT department to install a certificate from a public certificate authority, or to give you the company's root certificate (a .pem or .crt file) to install on this computer."},
		{Text: "To check now with that root certificate, without installing it, give ewsconnect its file.", Setting: SettingCAFile},
		{Text: "Do not turn certificate checks off: your password would go to whoever answers."},
	}},
	exchange.CodeTLSChainIncomplete: {SectionCannotConnect, "The server does not send its intermediate certificate", []FixStep{
		{Text: "The server sends its own certificate but not the intermediate certificate that links it to a trusted authority (the detail names the missing issuer and where it can be downloaded)."},
		{Text: "Browsers on Windows fetch the missing certificate on their own, so the web page seems fine; most mail applications, phones and scripts do not, and fail like this."},
		{Text: "Ask your IT department to install the complete certificate chain on the server or on the load balancer in front of it (the certificate together with its intermediates)."},
	}},
	exchange.CodeTLSExpired: {SectionCannotConnect, "The server's certificate has expired or is not yet valid", []FixStep{
		{Text: "Check that this computer's date and time are correct."},
		{Text: "If they are, ask your IT department: an expired certificate must be renewed, and one that is not valid yet was installed before its start date (the detail shows both dates and this computer's clock)."},
	}},
	exchange.CodeTLSOldProtocol: {SectionCannotConnect, "The server offers only outdated TLS versions", []FixStep{
		{Text: "The server speaks only TLS 1.0 or 1.1 (the detail names the newest version it offered). These versions are retired and not safe for a password, and current systems refuse them."},
		{Text: "Ask your IT department to enable TLS 1.2 (or 1.3) on the server or on the load balancer in front of it. Exchange 2013 and newer support TLS 1.2 once the server's operating system and .NET are configured for it."},
	}},
	exchange.CodeTLSWeakCert: {SectionCannotConnect, "The server's certificate uses weak cryptography", []FixStep{
		{Text: "The certificate is signed with SHA-1, or its key is too small (the detail says which). No current system trusts such a certificate, and adding its authority to the trusted ones does not change that."},
		{Text: "Ask your IT department to issue a new certificate with a SHA-256 signature and an RSA key of at least 2048 bits (or an ECDSA key), and to install it on the server."},
	}},
	exchange.CodeTLSFailed: {SectionCannotConnect, "A secure (TLS) connection could not be set up", []FixStep{
		{Text: "Check the port: the address must point at the HTTPS port (443), not a plain HTTP one."},
		{Text: "A firewall or proxy on your network may interfere with secure connections: try from another network, or ask your IT department with the detail above."},
	}},
	exchange.CodeMailboxNoSMTP: {SectionCannotConnect, "The mailbox has no SMTP email address", []FixStep{
		{Text: "Check that the email address you entered is the mailbox's primary SMTP address."},
		{Text: "The Exchange mailbox must have an SMTP address; one is required to send email. Ask your IT department to check it in the Exchange admin center (Recipients > Mailboxes > email addresses)."},
		{Text: "If you sign in with a separate account, make sure that account has access to this mailbox."},
	}},
	exchange.CodeMailboxMoved: {SectionCannotConnect, "The mailbox is no longer on this server", []FixStep{
		{Text: "The server knows the account but not its mailbox here: the mailbox has moved, often to Exchange Online (Microsoft 365) during a migration."},
		{Text: "Remove the EWS address and let ewsconnect find the server from your email address (autodiscover), or ask your IT department for the mailbox's new address."},
		{Text: "If it moved to Exchange Online, passwords no longer work for EWS there: use an app that signs in with Microsoft 365 (OAuth)."},
	}},
	exchange.CodeServerBusy: {SectionCannotConnect, "The server is too busy and asks to wait", []FixStep{
		{Text: "Exchange throttled the request (ErrorServerBusy): too many requests from this account or app in a short time. ewsconnect waits once when the server's back-off fits in the step's time, and the detail says whether it did."},
		{Text: "Wait a few minutes and try again; close other mail applications that sync this mailbox."},
		{Text: "If it keeps happening, ask your IT department to look at the throttling policy for the account (Get-ThrottlingPolicyAssociation)."},
	}},
	exchange.CodeServerError: {SectionCannotConnect, "The Exchange server reported an error", []FixStep{
		{Text: "This is often temporary: try again in a few minutes."},
		{Text: "If it persists, send this report to your IT department: the detail above tells them what the server answered."},
	}},
	exchange.CodeAuthFailed: {SectionUnauthorized, "The server did not accept the sign-in", []FixStep{
		{Text: "Confirm that your email address and password are correct (watch for Caps Lock and an expired password)."},
		{Text: "If you use two-factor authentication, you must enter an app password, a password for third-party apps. This applies to on-premises servers; Exchange Online no longer accepts app passwords for EWS."},
		{Text: "Some Exchange servers need a custom user name to sign in, in the form DOMAIN\\username. Check whether your server needs one."},
		{Text: "Check that Exchange Web Services (EWS) access is allowed for your account."},
		{Text: "If the password is surely right and the server is Exchange 2019 CU14 or newer, Extended Protection may be refusing sign-ins that pass a TLS-offloading load balancer: ask IT to use SSL bridging with the same certificate."},
	}},
	exchange.CodeAuthNTLMRefused: {SectionUnauthorized, "The server offered Windows sign-in but did not go through with it", []FixStep{
		{Text: "Your password was not checked: the server asked for Windows sign-in (NTLM or Negotiate) but never sent a challenge this client can answer, so retyping the password will not help."},
		{Text: "If the detail names NTLMSSP_NEGOTIATE_LM_KEY, the server asks for the old NTLMv1: ask IT to require NTLMv2 (LmCompatibilityLevel 5)."},
		{Text: "NTLM may be turned off by policy on the server or domain (\"Network security: Restrict NTLM\"), or the server may accept only Kerberos, which needs a computer joined to the domain."},
		{Text: "Ask your IT department to allow NTLM for the EWS virtual directory (or for this account), or to enable Basic authentication over HTTPS for EWS."},
	}},
	exchange.CodeAuthConnectionLost: {SectionUnauthorized, "The sign-in was cut off between its steps", []FixStep{
		{Text: "Windows sign-in (NTLM) takes two requests that must travel on the same connection. The connection was closed or switched in between, so the server never finished checking the password."},
		{Text: "This is usually a load balancer or proxy without session affinity (persistence), or one that is not NTLM-aware. Ask your IT department to keep each client on one Exchange server for the whole connection."},
		{Text: "If you connect through a web proxy, try from a network without it."},
	}},
	exchange.CodeAuthChannelBinding: {SectionUnauthorized, "Extended Protection sees a different certificate than this computer", []FixStep{
		{Text: "Your password is right. The sign-in carried a channel binding for the certificate this computer received (named in the detail), and the server refused it: the server sees another certificate."},
		{Text: "Something between you and the server replaces the certificate: a TLS-inspecting firewall or proxy, or a load balancer that offloads TLS or re-encrypts with its own certificate."},
		{Text: "Ask your IT department to exempt the Exchange server from TLS inspection, or to use the same certificate on the load balancer and on Exchange (SSL bridging, no offloading). When the server moves Extended Protection from Accept to Require, this sign-in will stop working."},
	}},
	exchange.CodeAuthModernOnly: {SectionUnauthorized, "Your company's Exchange server allows only modern (OAuth) sign-in for EWS", []FixStep{
		{Text: "The server is your company's own Exchange, not Exchange Online, and it offers only OAuth (Bearer): hybrid modern authentication or AD FS, with password sign-in blocked for Exchange Web Services. No password can work here."},
		{Text: "Ask your IT department to allow legacy authentication for EWS for this account with an authentication policy, in the Exchange Management Shell:", Command: "Get-User -Identity {login} | Format-List AuthenticationPolicy"},
		{Text: "Or use a mail application that signs in with OAuth (modern authentication)."},
	}},
	exchange.CodeAuthBasicDisabled: {SectionUnauthorized, "The server does not accept a password sign-in for EWS", []FixStep{
		{Text: "The server offers only modern authentication (OAuth) for Exchange Web Services, so no password or app password can work here."},
		{Text: "Exchange Online turned password sign-in for EWS off in 2022 and blocks EWS from 1 October 2026 (it shuts down for good on 1 April 2027). Use an app that connects through Microsoft Graph, or ask your administrator about an allowed app."},
		{Text: "On your own Exchange server, ask your IT department to enable Windows (NTLM) authentication on the EWS virtual directory."},
	}},
	exchange.CodeEWSDisabled: {SectionUnauthorized, "Exchange Web Services access is not allowed for this account", []FixStep{
		{Text: "The server refuses Exchange Web Services for this account (or for this app). Where the checks show Sign in as passed, your password was accepted: retyping it will not help."},
		{Text: "Ask your IT department to allow EWS for the account, in the Exchange Management Shell:", Command: "Set-CASMailbox -Identity {mailbox} -EWSEnabled $true"},
		{Text: "Ask them also to check the organisation's EWS application access policy, which may allow only listed apps: ewsconnect identifies itself with the User-Agent ewsconnect/<version>. To see the policy:", Command: "Get-OrganizationConfig | Format-List EwsApplicationAccessPolicy,EwsAllowList,EwsBlockList"},
		{Text: "In Exchange Online, EWS is blocked from 1 October 2026 unless your organisation allow-lists the app."},
	}},
	exchange.CodeMailboxAccessDenied: {SectionUnauthorized, "Your login may not open this mailbox", []FixStep{
		{Text: "Your login and password were accepted, but that account may not open the mailbox of the email address (often a shared mailbox): retyping the password will not help."},
		{Text: "Check the email address, or sign in as the mailbox's owner."},
		{Text: "Ask your IT department to grant your login Full Access to the mailbox:", Command: "Add-MailboxPermission -Identity {mailbox} -User {login} -AccessRights FullAccess"},
	}},
	exchange.CodePasswordExpiring: {SectionUnauthorized, "Your password expires soon", []FixStep{
		{Text: "The connection works today, but the server says your password expires soon (the date is in the detail). After that, the sign-in will fail until it is changed."},
		{Text: "Change your password before then, in Outlook on the web (Options > Change password) or on a company computer with Ctrl+Alt+Del; then update it in your mail applications."},
	}},
	exchange.CodeSendAsDenied: {SectionTestEmailFailed, "Your account may not send as this mailbox", []FixStep{
		{Text: "Your Exchange user account needs permission to send mail as (or on behalf of) the sending mailbox."},
		{Text: "Ask your IT department to grant Send As on the mailbox, in the Exchange Management Shell:", Command: "Get-Mailbox -Identity {mailbox} | Add-ADPermission -User {login} -ExtendedRights 'Send As'"},
		{Text: "In Exchange Online the same right is granted with:", Command: "Add-RecipientPermission -Identity {mailbox} -Trustee {login} -AccessRights SendAs"},
		{Text: "Or Send on Behalf, on-premises or online:", Command: "Set-Mailbox -Identity {mailbox} -GrantSendOnBehalfTo @{Add={login}}"},
		{Text: "A new permission can take up to two hours to apply."},
		{Text: "Or sign in as the mailbox's owner."},
	}},
	exchange.CodeSendFailed: {SectionTestEmailFailed, "The test message could not be sent", []FixStep{
		{Text: "Check the test recipient's address."},
		{Text: "The mailbox may be over its quota, or a transport rule may block the message: the detail above shows what the server said. Ask your IT department if it is not clear."},
		{Text: "To connect without sending a test message, skip it: reading the mailbox is then checked, sending is not.", Setting: SettingNoSend},
	}},
}
