"""Intake of raw messages: store first, process idempotently, never lose one.

comms knows no tickets: the app that turns a message into work registers a
handler per source; the handler returns a reference ("desk.ticket:12") or
``None`` when a person has to decide (triage).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import InboundMessage, OutboundMessage
from .parsing import parse

logger = logging.getLogger(__name__)

Handler = Callable[[InboundMessage, Any], "str | None"]
_HANDLERS: dict[str, Handler] = {}


def register_handler(source: str, handler: Handler) -> None:
    """The function that turns messages of ``source`` into work."""
    _HANDLERS[source] = handler


def _dedupe_key(raw: bytes, message_id: str | None) -> str:
    if message_id:
        return f"mid:{message_id}"[:255]
    return f"sha256:{hashlib.sha256(raw).hexdigest()}"


def inbound_store(
    *,
    raw: bytes,
    source: str = InboundMessage.Source.EMAIL,
    via: str = "",
    key: str | None = None,
    sender: str = "",
    subject: str = "",
    parsed: Any = None,
) -> tuple[InboundMessage, bool]:
    """Keep the raw message before anything else; the same message twice is
    one row (by Message-ID, else content hash). Returns (row, created)."""
    limit = settings.MAIL_MAX_BYTES
    too_large = len(raw) > limit
    message_id = None
    if source == InboundMessage.Source.EMAIL and not too_large:
        parsed = parsed or parse(raw)
        message_id = parsed.message_id
        sender = parsed.from_.email if parsed.from_ else ""
        subject = parsed.subject
    dedupe_key = key or _dedupe_key(raw, message_id)
    existing = InboundMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing, False
    row = InboundMessage(
        source=source,
        via=via[:120],
        raw=raw[: 64 * 1024] if too_large else raw,
        size=len(raw),
        dedupe_key=dedupe_key,
        message_id=(message_id or "")[:255],
        sender=sender.lower()[:254],
        subject=subject[:255],
    )
    if too_large:
        row.status = InboundMessage.Status.IGNORED
        row.reason = (
            f"Message of {len(raw)} bytes is over the limit of {limit} bytes; "
            "the first 64 KiB are kept."
        )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # Another worker stored the same message a moment ago.
        return InboundMessage.objects.get(dedupe_key=dedupe_key), False
    return row, True


def _rate_limited(row: InboundMessage) -> bool:
    if not row.sender:
        return False
    since = timezone.now() - timedelta(hours=1)
    recent = InboundMessage.objects.filter(
        sender=row.sender, received_at__gte=since, pk__lt=row.pk
    ).exclude(status=InboundMessage.Status.IGNORED)
    return recent.count() >= settings.MAIL_SENDER_RATE_PER_HOUR


def inbound_process(inbound_id: int, *, parsed: Any = None) -> InboundMessage | None:
    """Hand a stored message to its handler once; a failure is kept, with its
    error, for a retry."""
    with transaction.atomic():
        row = InboundMessage.objects.select_for_update().filter(pk=inbound_id).first()
        if row is None or row.status not in (
            InboundMessage.Status.NEW,
            InboundMessage.Status.FAILED,
        ):
            return row
        handler = _HANDLERS.get(row.source)
        if handler is None:
            return row
        if _rate_limited(row):
            _finish(
                row,
                InboundMessage.Status.IGNORED,
                reason=(
                    f"More than {settings.MAIL_SENDER_RATE_PER_HOUR} messages from "
                    f"{row.sender} in an hour."
                ),
            )
            return row
        try:
            with transaction.atomic():
                payload = bytes(row.raw)
                if row.source == InboundMessage.Source.EMAIL:
                    payload = parsed or parse(payload)
                ref = handler(row, payload)
        except Exception as error:
            logger.exception("Inbound message %s failed", row.pk)
            row.attempts += 1
            _finish(
                row,
                InboundMessage.Status.FAILED,
                reason=f"{type(error).__name__}: {error}",
            )
            return row
        if ref == "ignored":
            _finish(
                row,
                InboundMessage.Status.IGNORED,
                reason="Automatic message (not threaded).",
            )
        elif ref:
            row.ref = ref
            _finish(row, InboundMessage.Status.PROCESSED)
        else:
            _finish(row, InboundMessage.Status.TRIAGE, reason="Unknown sender.")
    return row


def _finish(row: InboundMessage, status: str, *, reason: str = "") -> None:
    row.status = status
    row.reason = reason[:2000]
    row.processed_at = timezone.now()
    row.save(update_fields=["status", "reason", "processed_at", "attempts", "ref"])


def inbound_mark(*, row: InboundMessage, ref: str) -> InboundMessage:
    """Record that a person turned a triaged message into work."""
    row.ref = ref
    _finish(row, InboundMessage.Status.PROCESSED)
    return row


def inbound_retry(*, inbound: InboundMessage) -> InboundMessage | None:
    """Try a failed message again."""
    return inbound_process(inbound.pk)


def ingest(*, raw: bytes, via: str = "") -> InboundMessage:
    """Store and process one e-mail (stdin, files, Maildir, mbox, IMAP)."""
    # One parse serves both steps: the Message-ID to store by, and the handler.
    parsed = parse(raw) if len(raw) <= settings.MAIL_MAX_BYTES else None
    row, _created = inbound_store(raw=raw, via=via, parsed=parsed)
    return inbound_process(row.pk, parsed=parsed) or row


def ref_for_message_ids(message_ids: list[str]) -> str | None:
    """What an earlier message of the conversation became: ours (outbox) or
    one we received."""
    ids = [m for m in message_ids if m][:50]
    if not ids:
        return None
    sent = (
        OutboundMessage.objects.filter(message_id__in=ids)
        .exclude(ref="")
        .values_list("ref", flat=True)
        .first()
    )
    if sent:
        return sent
    return (
        InboundMessage.objects.filter(message_id__in=ids)
        .exclude(ref="")
        .order_by("-pk")
        .values_list("ref", flat=True)
        .first()
    )
