#!/usr/bin/python3
"""A real SMTP server for the email tests (aiosmtpd, Debian's python3-aiosmtpd).

    smtp_sink.py PORTFILE OUTFILE [--user U --password P] [--cert CERT --key KEY]

Listens on 127.0.0.1 (a free port, written to PORTFILE once it listens). Each message it
takes is parsed with Python's own email package (a reader independent of the sender) and
appended to OUTFILE as one JSON line: envelope, headers, the plain and HTML parts. With
--user/--password it requires AUTH (PLAIN/LOGIN); with --cert/--key it offers STARTTLS and
requires it before AUTH.
"""
import argparse
import asyncio
import email
import email.policy
import json
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = {}
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                parts[part.get_content_type()] = part.get_content()
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "authenticated": session.authenticated,
            "subject": str(msg["Subject"]),
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "cc": str(msg["Cc"]) if msg["Cc"] else None,
            "message_id": str(msg["Message-ID"]),
            "date": str(msg["Date"]),
            "content_type": msg.get_content_type(),
            "text": parts.get("text/plain"),
            "html": parts.get("text/html"),
        }
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted for delivery"


def main():
    import logging

    logging.basicConfig(level=logging.ERROR)
    import warnings

    warnings.simplefilter("ignore")
    p = argparse.ArgumentParser()
    p.add_argument("portfile")
    p.add_argument("outfile")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--cert")
    p.add_argument("--key")
    a = p.parse_args()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == a.user
            and auth_data.password.decode() == a.password
        )
        return AuthResult(success=ok, handled=False)

    kwargs = {}
    if a.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        kwargs.update(tls_context=ctx, require_starttls=True)
    if a.user:
        kwargs.update(
            authenticator=authenticate,
            auth_required=True,
            auth_require_tls=bool(a.cert),
        )
    port = free_port()
    controller = Controller(Sink(a.outfile), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    with open(a.portfile + ".tmp", "w") as f:
        f.write(str(port))
    import os

    os.replace(a.portfile + ".tmp", a.portfile)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
