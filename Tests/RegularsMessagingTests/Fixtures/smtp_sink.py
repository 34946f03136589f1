"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the SMTP tests.

Usage: smtp_sink.py SPOOL_DIR USER PASSWORD

Listens on three free ports and writes "<main> <legacy> <silent>" to SPOOL_DIR/ports when ready:
- main: EHLO, AUTH PLAIN (USER/PASSWORD, no TLS needed); recipients starting with "reject550" get
  550, "defer451" get 451; each accepted message is written as N.eml (raw data) and N.json
  (envelope, login, and the message parsed by Python's email package).
- legacy: like main but answers EHLO with 502, so clients must fall back to HELO.
- silent: accepts connections and never says anything (for reply timeouts).
Exits, removing SPOOL_DIR, when its standard input closes (the test process ended).
"""
import asyncio
import email
import email.policy
import itertools
import json
import os
import shutil
import sys
import threading
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

spool, user, password = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
counter = itertools.count(1)
warnings.simplefilter("ignore")  # aiosmtpd's own deprecation notices


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
    if not ok:
        return AuthResult(success=False, handled=False)  # let aiosmtpd answer 535
    return AuthResult(success=True, auth_data=auth_data)


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject550"):
            return "550 5.1.1 mailbox unavailable"
        if address.startswith("defer451"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(counter)
        raw = envelope.original_content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        body = parsed.get_body(("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "login": session.auth_data.login.decode() if session.authenticated else None,
            "helo": session.host_name,
            "extended_smtp": session.extended_smtp,
            "headers": {name: str(value) for name, value in parsed.items()},
            "body": body.get_content() if body is not None else None,
        }
        with open(os.path.join(spool, f"{number}.eml"), "wb") as f:
            f.write(raw)
        with open(os.path.join(spool, f"{number}.json.tmp"), "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(os.path.join(spool, f"{number}.json.tmp"), os.path.join(spool, f"{number}.json"))
        return f"250 2.0.0 Ok: queued as SINK{number}"


class LegacySMTP(SMTP):
    async def smtp_EHLO(self, hostname):
        await self.push("502 5.5.1 EHLO not implemented")


def smtp_factory(cls):
    return lambda: cls(Handler(), hostname="sink.test", auth_require_tls=False, authenticator=authenticator,
                       decode_data=False, enable_SMTPUTF8=False)


async def silent(reader, writer):
    await reader.read()  # say nothing until the client leaves
    writer.close()


def exit_when_stdin_closes(loop):
    sys.stdin.buffer.read()
    shutil.rmtree(spool, ignore_errors=True)
    os._exit(0)


async def main():
    loop = asyncio.get_running_loop()
    main_server = await loop.create_server(smtp_factory(SMTP), "127.0.0.1", 0)
    legacy_server = await loop.create_server(smtp_factory(LegacySMTP), "127.0.0.1", 0)
    silent_server = await asyncio.start_server(silent, "127.0.0.1", 0)
    ports = [s.sockets[0].getsockname()[1] for s in (main_server, legacy_server, silent_server)]
    with open(os.path.join(spool, "ports.tmp"), "w") as f:
        f.write(" ".join(map(str, ports)))
    os.rename(os.path.join(spool, "ports.tmp"), os.path.join(spool, "ports"))
    threading.Thread(target=exit_when_stdin_closes, args=(loop,), daemon=True).start()
    await asyncio.Event().wait()


asyncio.run(main())
