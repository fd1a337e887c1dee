"""Benchmark of `mail ingest`: messages per second on one worker.

    .venv/bin/python bench/mail_ingest_bench.py [--messages 5000]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]
        [--tickets 100000]

Builds a fresh database (a temporary SQLite file, or a new PostgreSQL database
next to the one named), loads 50 clients with contacts, then ingests
generated mail with `agencydesk mail ingest --mbox` (in-process, one
worker): 60% new requests, 40% replies that thread to earlier ones, a third
with an attachment, in English, Indonesian, Russian and Chinese. Prints the
rate (reading the mbox included); the target is at least 100 messages/s, and
150 messages/s on PostgreSQL with ``--tickets 100000`` (issue 18): the
database is first filled with that many tickets (200 clients, 300,000
messages) by the loader of ``bench/desk_bench.py``, so every insert lands in
tables and indexes of a working desk.
The database and the temporary directory are removed at the end.
"""

from __future__ import annotations

import argparse
import io
import mailbox
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    ("Need a banner", "Hello, we need a banner for the weekend sale."),
    ("Butuh spanduk", "Halo, kami butuh spanduk untuk promo akhir pekan."),
    ("Нужен баннер", "Здравствуйте, нужен баннер для распродажи в выходные."),
    ("需要横幅", "您好，我们周末促销需要一个横幅。"),
]


def _mail(n: int, sender: str, reply_to: str | None) -> bytes:
    subject, body = TEXTS[n % len(TEXTS)]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "desk@agency.example"
    message["Subject"] = ("Re: " if reply_to else "") + f"{subject} #{n}"
    message["Message-ID"] = f"<bench-{n}@clients.example>"
    if reply_to:
        message["In-Reply-To"] = reply_to
        message["References"] = reply_to
    message.set_content(body + "\n" * 2 + "-- \n" + sender)
    if n % 3 == 0:
        message.add_attachment(
            os.urandom(20_000),
            maintype="application",
            subtype="pdf",
            filename=f"brief-{n}.pdf",
        )
    return bytes(message)


def _prepare(database_url: str | None) -> dict[str, str]:
    """Migrate a fresh database; return the environment that points at it."""
    var = tempfile.mkdtemp(prefix="agencydesk-bench-")
    env = {
        **os.environ,
        "AGENCYDESK_VAR_DIR": var,
        "DJANGO_SETTINGS_MODULE": "agencydesk.settings",
    }
    if database_url:
        import psycopg

        name = f"agencydesk_bench_mail_{int(time.time())}"
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + name
    else:
        env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "agencydesk.cli", "migrate", "-v0"], env=env, check=True
    )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--tickets",
        type=int,
        default=0,
        help="fill the database with this many tickets first (PostgreSQL only)",
    )
    args = parser.parse_args()
    if args.tickets and not args.database_url:
        parser.error("--tickets needs --database-url (the loader writes with COPY)")
    env = _prepare(args.database_url)
    try:
        _run(args, env)
    finally:
        _cleanup(args.database_url, env)


def _cleanup(database_url: str | None, env: dict[str, str]) -> None:
    """Drop the database this run created and remove its temporary directory."""
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 - Django may not be set up yet
        pass
    if database_url:
        import psycopg

        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(env["AGENCYDESK_VAR_DIR"], ignore_errors=True)


class _Progress(io.StringIO):
    """The command's output: its "N messages…" lines become a rate every 1,000."""

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total, self.last = total, ""
        self.started = time.perf_counter()

    def write(self, text: str) -> int:
        self.last = text
        count = text.split(" ", 1)[0]
        if count.isdigit() and int(count) % 1000 == 0:
            rate = int(count) / (time.perf_counter() - self.started)
            print(f"  {count}/{self.total} ({rate:.0f} messages/s)", flush=True)
        return len(text)


def _run(args: argparse.Namespace, env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAIL_SENDER_RATE_PER_HOUR = 10**9
    from django.core.management import call_command
    from django.db.models import Count

    from agencydesk.clients import services as clients
    from agencydesk.comms.models import InboundMessage, OutboundMessage

    if args.tickets:
        sys.path.insert(0, str(ROOT / "bench"))
        import desk_bench
        from django.utils import timezone

        desk_bench.fill(
            argparse.Namespace(tickets=args.tickets, clients=200, staff=40, seed=2026),
            timezone.now(),
        )
    random.seed(7)
    senders = []
    for c in range(50):
        client = clients.client_create(
            actor=None,
            name=f"Bench Client {c}",
            country="ID",
            timezone="Asia/Jakarta",
            currency="IDR",
        )
        for p in range(3):
            email = f"person{p}@bench{c}.example"
            clients.contact_create(
                actor=None, client=client, email=email, full_name=f"P{p}"
            )
            senders.append(email)
    messages, earlier = [], []
    for n in range(args.messages):
        sender = random.choice(senders)
        reply_to = None
        if earlier and random.random() < 0.4:
            reply_to, sender = random.choice(earlier)
        messages.append(_mail(n, sender, reply_to))
        if not reply_to:
            earlier.append((f"<bench-{n}@clients.example>", sender))
    new_requests = len(earlier)
    vendor = "PostgreSQL" if args.database_url else "SQLite"
    # The command as an operator runs it, over an mbox (kept in order, so a
    # reply comes after the request it answers, as it arrived).
    archive = Path(env["AGENCYDESK_VAR_DIR"]) / "bench.mbox"
    box = mailbox.mbox(archive, create=True)
    for raw in messages:
        box.add(raw)
    box.flush()
    box.close()
    print(f"`agencydesk mail ingest --mbox` of {len(messages)} messages on {vendor}…")
    progress = _Progress(len(messages))
    call_command("mail", "ingest", "--mbox", str(archive), stdout=progress)
    elapsed = time.perf_counter() - progress.started
    statuses = dict(
        InboundMessage.objects.values_list("status").annotate(n=Count("pk"))
    )
    rate = len(messages) / elapsed
    target = 150 if args.tickets else 100
    verdict = "PASS" if rate >= target else "FAIL"
    among = f" among {args.tickets} tickets" if args.tickets else ""
    print(
        f"{vendor}: {len(messages)} messages{among} in {elapsed:.1f} s"
        f" = {rate:.0f} messages/s (target ≥ {target}) {verdict}; outcomes {statuses}"
    )
    print(f"  the command said: {progress.last.strip()}")
    from agencydesk.desk.models import Message, Ticket

    # A reply carries its Message-ID; the note holding a new request's files does not.
    replies = Message.objects.exclude(external_id="")
    print(
        f"  became {Ticket.objects.count() - args.tickets} tickets"
        f" ({new_requests} sent as new),"
        f" {replies.count()} e-mail replies on them ({len(messages) - new_requests}"
        f" sent as replies), {OutboundMessage.objects.count()} mails queued"
    )


if __name__ == "__main__":
    main()
