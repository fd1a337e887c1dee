"""`agencydesk mail ingest`: stdin (an MTA pipe), files, a Maildir or an mbox."""

from __future__ import annotations

import mailbox
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .models import InboundMessage
from .services.ingest import ingest_many


def add_arguments(parser: Any) -> None:
    parser.add_argument("paths", nargs="*", help="files (.eml); none: read stdin")
    parser.add_argument("--maildir", help="a Maildir folder to read")
    parser.add_argument("--mbox", help="an mbox file to read")


def _sources(options: dict) -> Iterator[tuple[str, bytes]]:
    if options.get("maildir"):
        box = mailbox.Maildir(options["maildir"], factory=None, create=False)
        for key in box.iterkeys():
            yield f"maildir:{key}", box.get_bytes(key)
    if options.get("mbox"):
        box = mailbox.mbox(options["mbox"], create=False)
        for key in box.iterkeys():
            yield f"mbox:{key}", box.get_bytes(key)
    for path in options.get("paths") or []:
        yield f"file:{path}", Path(path).read_bytes()
    if not (options.get("maildir") or options.get("mbox") or options.get("paths")):
        yield "stdin", sys.stdin.buffer.read()


def handle(options: dict, stdout: TextIO, stderr: TextIO) -> int:
    """Ingest every message, printing progress and a summary; exit 1 if any failed."""
    counts: dict[str, int] = {}
    origins: list[str] = []

    def messages() -> Iterator[tuple[bytes, str]]:
        for origin, raw in _sources(options):
            origins.append(origin)
            yield raw, origin[:120]

    try:
        # A batch is stored in one commit and processed in another.
        for index, (row, _new) in enumerate(ingest_many(messages()), 1):
            origin = origins[index - 1]
            counts[row.status] = counts.get(row.status, 0) + 1
            if index % 100 == 0:
                stdout.write(f"{index} messages…\n")
            if row.status == InboundMessage.Status.FAILED:
                stderr.write(f"{origin}: {row.reason}\n")
    except OSError as error:
        stderr.write(f"{error}\n")
        return 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    stdout.write(f"Ingested: {summary or 'nothing'}\n")
    return 1 if counts.get(InboundMessage.Status.FAILED) else 0
