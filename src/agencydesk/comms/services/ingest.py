"""Intake of raw e-mail from any source (stdin, files, Maildir, mbox, IMAP):
parse once, store, then process, a batch at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.conf import settings

from agencydesk.core.batch import Batch

from ..models import InboundMessage
from ..parsing import parse
from .inbound import (
    inbound_process,
    inbound_process_many,
    inbound_store,
    inbound_store_many,
)

T = TypeVar("T")


def ingest(*, raw: bytes, via: str = "") -> InboundMessage:
    """Store and process one e-mail (stdin, files, Maildir, mbox, IMAP)."""
    # One parse serves both steps: the Message-ID to store by, and the handler.
    parsed = parse(raw) if len(raw) <= settings.MAIL_MAX_BYTES else None
    row, _created = inbound_store(raw=raw, via=via, parsed=parsed)
    return inbound_process(row.pk, parsed=parsed) or row


INGEST_BATCH = 50


def ingest_many(
    messages: Iterable[tuple[bytes, str]], *, batch: int = INGEST_BATCH
) -> Iterator[tuple[InboundMessage, bool]]:
    """Store and process e-mails (raw, via) a batch at a time: each batch is
    stored in one commit, then processed in another (``inbound_process_many``).
    Yields each message's row and whether it was new, in order. Reads
    shared by many messages (senders, SLA policies, calendars) are made once
    per run."""
    run = Batch()
    for chunk in _chunks(messages, batch):
        items = [
            (raw, via, parse(raw) if len(raw) <= settings.MAIL_MAX_BYTES else None)
            for raw, via in chunk
        ]
        stored = inbound_store_many(items)
        parsed = {
            row.pk: item[2] for (row, _new), item in zip(stored, items, strict=True)
        }
        with run.active():
            rows = inbound_process_many([row for row, _new in stored], parsed)
        yield from zip(rows, [created for _row, created in stored], strict=True)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
