"""Intake of raw messages: store first, process idempotently, never lose one.

comms knows no tickets: the app that turns a message into work registers a
handler per source; the handler returns a reference ("desk.ticket:12") or
``None`` when a person has to decide (triage).
"""

from __future__ import annotations

import hashlib
import logging
from bisect import bisect_left
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from agencydesk.core.batch import (
    batch_flush_inserts,
    batch_scope,
    batch_suspended,
)

from ..models import InboundMessage
from ..parsing import parse
from ..selectors.refs import _prefetch_refs, _run_refs

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


def _new_row(
    *,
    raw: bytes,
    source: str,
    via: str,
    key: str | None,
    sender: str,
    subject: str,
    parsed: Any,
) -> InboundMessage:
    """The unsaved row of a message; one over the size limit keeps its first
    64 KiB and is ignored."""
    limit = settings.MAIL_MAX_BYTES
    too_large = len(raw) > limit
    message_id = None
    if source == InboundMessage.Source.EMAIL and not too_large:
        parsed = parsed or parse(raw)
        message_id = parsed.message_id
        sender = parsed.from_.email if parsed.from_ else ""
        subject = parsed.subject
    row = InboundMessage(
        source=source,
        via=via[:120],
        raw=raw[: 64 * 1024] if too_large else raw,
        size=len(raw),
        dedupe_key=key or _dedupe_key(raw, message_id),
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
    elif parsed is not None and getattr(parsed, "over_budget", False):
        # Kept whole and held: a person decides whether what could be read
        # in the time budget becomes work ("Process it" on the Intake page).
        row.status = InboundMessage.Status.HELD
        row.reason = (parsed.defects[-1] if parsed.defects else "")[:2000] or (
            "Over the parse time budget."
        )
    return row


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
    row = _new_row(
        raw=raw,
        source=source,
        via=via,
        key=key,
        sender=sender,
        subject=subject,
        parsed=parsed,
    )
    existing = InboundMessage.objects.filter(dedupe_key=row.dedupe_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # Another worker stored the same message a moment ago.
        return InboundMessage.objects.get(dedupe_key=row.dedupe_key), False
    return row, True


def inbound_store_many(
    items: list[tuple[bytes, str, Any]],
) -> list[tuple[InboundMessage, bool]]:
    """``inbound_store`` for e-mails (raw, via, parsed) in one insert and one
    commit; the same message twice, in the batch or stored before, is one row."""
    rows = [
        _new_row(
            raw=raw,
            source=InboundMessage.Source.EMAIL,
            via=via,
            key=None,
            sender="",
            subject="",
            parsed=parsed,
        )
        for raw, via, parsed in items
    ]
    known = {
        row.dedupe_key: row
        for row in InboundMessage.objects.filter(
            dedupe_key__in={row.dedupe_key for row in rows}
        )
    }
    fresh: dict[str, InboundMessage] = {}
    for row in rows:
        if row.dedupe_key not in known:
            fresh.setdefault(row.dedupe_key, row)
    try:
        with transaction.atomic():
            InboundMessage.objects.bulk_create(fresh.values())
    except IntegrityError:
        # Another worker stored one of them meanwhile: one at a time.
        return [
            inbound_store(raw=raw, via=via, parsed=parsed) for raw, via, parsed in items
        ]
    result, seen = [], set()
    for row in rows:
        stored = known.get(row.dedupe_key) or fresh[row.dedupe_key]
        created = row is stored and row.dedupe_key not in seen
        seen.add(row.dedupe_key)
        result.append((stored, created))
    return result


def _rate_limited(row: InboundMessage) -> bool:
    if not row.sender:
        return False
    sent = _sent_before([row], {row.pk})(row)
    return sent >= settings.MAIL_SENDER_RATE_PER_HOUR


def _rate_limit_reason(row: InboundMessage) -> str:
    # Held, not dropped: anyone can write a real contact's address in From:,
    # so the limit must not let an outsider silence them.
    return (
        f"More than {settings.MAIL_SENDER_RATE_PER_HOUR} messages from "
        f"{row.sender} in an hour; held for review."
    )


def _payload(row: InboundMessage, parsed: Any) -> Any:
    if row.source == InboundMessage.Source.EMAIL:
        return parsed or parse(bytes(row.raw))
    return bytes(row.raw)


def _settle(row: InboundMessage, ref: str | None) -> None:
    """The outcome of the handler's answer, on the row (unsaved): a reference,
    None (triage: unknown sender), "ignored", or "triage:<reason>" /
    "held:<reason>" when a person must look at it for that reason."""
    if ref == "ignored":
        status, reason = (
            InboundMessage.Status.IGNORED,
            "Automatic message (not threaded).",
        )
    elif ref and ref.startswith(("triage:", "held:")):
        kind, reason = ref.split(":", 1)
        status = (
            InboundMessage.Status.TRIAGE
            if kind == "triage"
            else InboundMessage.Status.HELD
        )
    elif ref:
        row.ref = ref
        status, reason = InboundMessage.Status.PROCESSED, ""
    else:
        status, reason = InboundMessage.Status.TRIAGE, "Unknown sender."
    _settle_as(row, status, reason)


def _settle_as(row: InboundMessage, status: str, reason: str = "") -> None:
    row.status = status
    row.reason = reason[:2000]
    row.processed_at = timezone.now()


def inbound_process(
    inbound_id: int, *, parsed: Any = None, released: bool = False
) -> InboundMessage | None:
    """Hand a stored message to its handler once; a failure is kept, with its
    error, for a retry. ``released``: a person let a held message through."""
    accepted = [InboundMessage.Status.NEW, InboundMessage.Status.FAILED]
    if released:
        accepted.append(InboundMessage.Status.HELD)
    with transaction.atomic():
        row = InboundMessage.objects.select_for_update().filter(pk=inbound_id).first()
        if row is None or row.status not in accepted:
            return row
        handler = _HANDLERS.get(row.source)
        if handler is None:
            return row
        if not released and _rate_limited(row):
            _finish(row, InboundMessage.Status.HELD, reason=_rate_limit_reason(row))
            return row
        try:
            with transaction.atomic():
                ref = handler(row, _payload(row, parsed))
        except Exception as error:
            logger.exception("Inbound message %s failed", row.pk)
            row.attempts += 1
            _finish(
                row,
                InboundMessage.Status.FAILED,
                reason=f"{type(error).__name__}: {error}",
            )
            return row
        _settle(row, ref)
        _save_outcome([row])
    return row


def inbound_process_stranded(*, now: datetime | None = None) -> int:
    """Process stored messages still new a lease after they arrived: the
    process handling them was stopped (a killed worker or web process) and
    their source did not offer them again. Younger ones may be in a running
    batch and are left to it; a message taken twice is still processed once
    (``inbound_process`` locks the row and checks its status)."""
    now = now or timezone.now()
    stranded = list(
        InboundMessage.objects.filter(
            status=InboundMessage.Status.NEW,
            received_at__lt=now - timedelta(seconds=settings.WORK_LEASE_SECONDS),
        )
        .order_by("received_at")
        .values_list("pk", flat=True)[:STRANDED_BATCH]
    )
    for pk in stranded:
        inbound_process(pk)
    return len(stranded)


STRANDED_BATCH = 200


def inbound_process_many(
    rows: list[InboundMessage], parsed: dict[int, Any] | None = None
) -> list[InboundMessage]:
    """``inbound_process`` for a batch of stored messages in one transaction,
    sharing reads (``core.batch``). If any message fails, the batch is rolled
    back and each message is processed on its own, so the failure is kept
    with its error and the others go through."""
    parsed = parsed or {}
    unique = list({row.pk: row for row in rows}.values())
    try:
        with batch_scope(), transaction.atomic():
            _process_batch(unique, parsed)
    except Exception:
        logger.info("Inbound batch failed; processing its messages one by one")
        with batch_suspended():
            return [
                inbound_process(row.pk, parsed=parsed.get(row.pk)) or row
                for row in rows
            ]
    return rows


def _process_batch(rows: list[InboundMessage], parsed: dict[int, Any]) -> None:
    pending = set(
        InboundMessage.objects.select_for_update()
        .filter(
            pk__in=[row.pk for row in rows],
            status__in=(InboundMessage.Status.NEW, InboundMessage.Status.FAILED),
        )
        .values_list("pk", flat=True)
    )
    todo = sorted(
        (row for row in rows if row.pk in pending and row.source in _HANDLERS),
        key=lambda row: row.pk,
    )
    if not todo:
        return
    sent_before = _sent_before(todo, pending)
    in_batch: dict[str, int] = {}
    limit = settings.MAIL_SENDER_RATE_PER_HOUR
    _prefetch_refs([parsed.get(row.pk) for row in todo])
    for row in todo:
        sent = sent_before(row) + in_batch.get(row.sender, 0)
        if row.sender and sent >= limit:
            _settle_as(row, InboundMessage.Status.HELD, _rate_limit_reason(row))
            continue
        _settle(row, _HANDLERS[row.source](row, _payload(row, parsed.get(row.pk))))
        if row.ref and row.message_id:
            _run_refs()[row.message_id] = row.ref
        if row.sender and row.status not in _NOT_COUNTED:
            in_batch[row.sender] = in_batch.get(row.sender, 0) + 1
    batch_flush_inserts()
    _save_outcome(todo)


# What the limit held or ignored does not count against the sender again.
_NOT_COUNTED = (InboundMessage.Status.IGNORED, InboundMessage.Status.HELD)


def _sent_before(
    todo: list[InboundMessage], pending: set[int]
) -> Callable[[InboundMessage], int]:
    """For the per-sender limit: how many messages, not counting the batch's
    own, each row's sender sent in the hour before it, not ignored. Those
    before the batch are one count per sender; the few stored among its rows
    (a batch that retries an older message) are read one by one. The caller
    adds the batch's own as it goes, in arrival order."""
    since = timezone.now() - timedelta(hours=1)
    recent = InboundMessage.objects.filter(
        sender__in={row.sender for row in todo if row.sender}, received_at__gte=since
    ).exclude(status__in=_NOT_COUNTED)
    before = dict(
        recent.filter(pk__lt=todo[0].pk)
        .values("sender")
        .annotate(n=Count("pk"))
        .values_list("sender", "n")
    )
    among: dict[str, list[int]] = {}
    if len(todo) > 1:
        for sender, pk in (
            recent.filter(pk__gt=todo[0].pk, pk__lt=todo[-1].pk)
            .exclude(pk__in=pending)
            .order_by("pk")
            .values_list("sender", "pk")
        ):
            among.setdefault(sender, []).append(pk)
    return lambda row: (
        before.get(row.sender, 0) + bisect_left(among.get(row.sender, []), row.pk)
    )


OUTCOME_FIELDS = ["status", "reason", "processed_at", "attempts", "ref"]


def _save_outcome(rows: list[InboundMessage]) -> None:
    if len(rows) == 1:
        rows[0].save(update_fields=OUTCOME_FIELDS)
        return
    # One prepared UPDATE sent for every row: bulk_update's CASE expressions
    # cost more to build than the statements they save.
    quote = connection.ops.quote_name
    fields = [InboundMessage._meta.get_field(name) for name in OUTCOME_FIELDS]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    table = quote(InboundMessage._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608 - our own names
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [
                    field.get_db_prep_save(getattr(row, field.attname), connection)
                    for field in fields
                ]
                + [row.pk]
                for row in rows
            ],
        )


def _finish(row: InboundMessage, status: str, *, reason: str = "") -> None:
    _settle_as(row, status, reason)
    _save_outcome([row])


def inbound_mark(*, row: InboundMessage, ref: str) -> InboundMessage:
    """Record that a person turned a triaged message into work."""
    row.ref = ref
    _finish(row, InboundMessage.Status.PROCESSED)
    return row


def inbound_reprocess(*, inbound: InboundMessage) -> InboundMessage | None:
    """A person settled what stopped a triaged message (its sender is now
    known): it goes back to the handler as new."""
    with transaction.atomic():
        row = InboundMessage.objects.select_for_update().get(pk=inbound.pk)
        if row.status == InboundMessage.Status.TRIAGE:
            row.status = InboundMessage.Status.NEW
            row.save(update_fields=["status"])
    return inbound_process(row.pk)


def inbound_retry(*, inbound: InboundMessage) -> InboundMessage | None:
    """Try a failed message again."""
    return inbound_process(inbound.pk)


def inbound_release(*, inbound: InboundMessage) -> InboundMessage | None:
    """A person lets a held message through (past the sender limit)."""
    return inbound_process(inbound.pk, released=True)


def inbound_discard(*, inbound: InboundMessage) -> InboundMessage:
    """A person decides a held message is not to be processed; it is kept."""
    with transaction.atomic():
        row = InboundMessage.objects.select_for_update().get(pk=inbound.pk)
        if row.status == InboundMessage.Status.HELD:
            _finish(row, InboundMessage.Status.IGNORED, reason="Discarded on review.")
    return row
