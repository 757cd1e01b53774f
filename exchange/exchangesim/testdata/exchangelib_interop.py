"""Drives exchangelib against the simulator (interop_exchangelib_test.go).

usage: exchangelib_interop.py ADDR LOGIN PASSWORD SUBJECT [--host HOST] [--no-channel-binding]
       exchangelib_interop.py ADDR LOGIN PASSWORD SUBJECT --autodiscover EMAIL --dns DNSADDR

ADDR is the simulator's 127.0.0.1:PORT. Every *.contoso.test name is
resolved to 127.0.0.1 here, so nothing leaves the machine; the caller sets
REQUESTS_CA_BUNDLE to the demo CA. Prints one JSON object on stdout.

With --autodiscover, exchangelib finds the EWS URL for EMAIL itself, by POX
autodiscover (exchangelib 4.9.0: https://D, https://autodiscover.D, the
HTTP redirect on http://autodiscover.D, then SRV _autodiscover._tcp.D), and
then reads the inbox and sends. Nothing is pointed at the simulator but
DNS and the ports: exchangelib's own dnspython resolver (its A pre-checks
and SRV) is told to ask the simulator's DNS at DNSADDR
(BaseAutodiscovery.DNS_RESOLVER_KWARGS/ATTRS), and socket.getaddrinfo,
which requests connects through, asks the same DNS server and sends ports
443 and 80 to ADDR's port, as --connect-to :443::PORT --connect-to :80::PORT
does for ewsconnect. A name the simulator's DNS does not know cannot be
connected to.

exchangelib signs in with requests_ntlm, which hashes the server's TLS
certificate into the NTLM channel binding (MsvAvChannelBindings) by default;
--no-channel-binding makes it send none, as older clients do.
"""
import argparse
import json
import socket

parser = argparse.ArgumentParser()
parser.add_argument("addr")
parser.add_argument("login")
parser.add_argument("password")
parser.add_argument("subject")
parser.add_argument("--host", default="mail.contoso.test")
parser.add_argument("--no-channel-binding", action="store_true")
parser.add_argument("--autodiscover", metavar="EMAIL")
parser.add_argument("--dns", metavar="DNSADDR")
args = parser.parse_args()
host, port = args.addr.rsplit(":", 1)
login, password, subject = args.login, args.password, args.subject

_getaddrinfo = socket.getaddrinfo


def loopback_only(name, *args, **kwargs):
    if name.endswith(".contoso.test"):
        name = host
    elif name not in ("127.0.0.1", "localhost"):
        raise socket.gaierror(f"interop test: refusing to resolve {name}")
    return _getaddrinfo(name, *args, **kwargs)


def through_demo_dns(name, service=None, *args, **kwargs):
    if name in ("127.0.0.1", "localhost"):
        return _getaddrinfo(name, service, *args, **kwargs)
    try:
        answer = demo_resolver.resolve(name.rstrip(".") + ".", "A")
    except Exception as e:  # NXDOMAIN, no answer: the name does not exist here
        raise socket.gaierror(socket.EAI_NONAME, f"interop test: {name}: {e}")
    if str(service) in ("443", "80", "https", "http"):
        service = int(port)
    return _getaddrinfo(answer[0].to_text(), service, *args, **kwargs)


if args.autodiscover:
    import dns.resolver
    from exchangelib.autodiscover.discovery.base import BaseAutodiscovery

    dns_host, dns_port = args.dns.rsplit(":", 1)
    resolver_attrs = {"nameservers": [dns_host], "port": int(dns_port), "timeout": 5, "lifetime": 10}
    BaseAutodiscovery.DNS_RESOLVER_KWARGS = {"configure": False}  # no /etc/resolv.conf
    BaseAutodiscovery.DNS_RESOLVER_ATTRS = resolver_attrs
    demo_resolver = dns.resolver.Resolver(configure=False)
    for k, v in resolver_attrs.items():
        setattr(demo_resolver, k, v)
    socket.getaddrinfo = through_demo_dns
else:
    socket.getaddrinfo = loopback_only

if args.no_channel_binding:
    import requests_ntlm

    # _get_server_cert returns the certificate hash the binding is made of;
    # without it ntlm_auth adds no MsvAvChannelBindings.
    requests_ntlm.HttpNtlmAuth._get_server_cert = lambda self, response: None

from exchangelib import DELEGATE, NTLM, Account, Configuration, Credentials, Mailbox, Message  # noqa: E402
from exchangelib.errors import ErrorNonExistentMailbox, UnauthorizedError  # noqa: E402

out = {}
try:
    if args.autodiscover:
        acc = Account(args.autodiscover, credentials=Credentials(login, password), autodiscover="pox", access_type=DELEGATE)
        out["ews_url"] = acc.protocol.service_endpoint
        out["smtp"] = acc.primary_smtp_address
    else:
        config = Configuration(
            service_endpoint=f"https://{args.host}:{port}/EWS/Exchange.asmx",
            credentials=Credentials(login, password),
            auth_type=NTLM,
        )
        acc = Account("alice@contoso.test", config=config, autodiscover=False, access_type=DELEGATE)
    # str(acc.version) raises on every real Exchange 2019 (exchangelib#1210):
    # the server answers Exchange2016, which exchangelib has no 15.2 name for.
    out["build"] = str(acc.version.build)
    out["api_version"] = acc.version.api_version
    out["inbox_name"] = acc.inbox.name
    out["inbox_total"] = acc.inbox.total_count
    out["inbox_first"] = [m.subject for m in acc.inbox.all()[:5]]
    # send(save_copy=False) is CreateItem SendOnly.
    Message(
        account=acc, subject=subject, body="Sent by exchangelib.",
        bcc_recipients=[Mailbox(email_address="helpdesk@contoso.test")],
    ).send(save_copy=False)
    # send_and_save() is CreateItem SendAndSaveCopy.
    Message(
        account=acc, subject=subject + " (saved)", body="Sent and saved by exchangelib.",
        to_recipients=[Mailbox(email_address="bob@contoso.test")],
    ).send_and_save()
    out["sent"] = True
except UnauthorizedError as e:
    out["error"] = "UnauthorizedError"
    out["message"] = str(e)
except ErrorNonExistentMailbox as e:
    out["error"] = "ErrorNonExistentMailbox"
    out["message"] = str(e)
except Exception as e:  # reported, not raised: the Go test shows it
    out["error"] = type(e).__name__
    out["message"] = str(e)
print(json.dumps(out))
