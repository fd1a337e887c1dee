"""What earlier messages of a conversation became: the Message-IDs we sent
(outbox) or received, read once per intake batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agencydesk.core.batch import (
    batch_cached,
)

from ..models import InboundMessage, OutboundMessage


def _run_refs() -> dict[str, str]:
    """What the messages of this intake run became, by Message-ID, before the
    batch saves them (a reply may follow its first message in one batch)."""
    return batch_cached(("comms.inbound_refs",), dict)


@dataclass
class _KnownRefs:
    """What the Message-IDs a batch's messages answer became, read for the
    whole batch in two queries."""

    asked: set[str] = field(default_factory=set)
    sent: dict[str, str] = field(default_factory=dict)
    received: dict[str, str] = field(default_factory=dict)


def _known_refs() -> _KnownRefs:
    return batch_cached(("comms.known_refs",), _KnownRefs)


def _prefetch_refs(messages: list[Any]) -> None:
    wanted = {
        message_id
        for message in messages
        if message is not None
        for message_id in _conversation_ids(message)
    }
    known = _known_refs()
    wanted -= known.asked
    if not wanted:
        return
    known.asked |= wanted
    known.sent.update(
        OutboundMessage.objects.filter(message_id__in=wanted)
        .exclude(ref="")
        .order_by("-pk")
        .values_list("message_id", "ref")
    )
    # Oldest first, so the newest row of a Message-ID wins.
    known.received.update(
        InboundMessage.objects.filter(message_id__in=wanted)
        .exclude(ref="")
        .order_by("pk")
        .values_list("message_id", "ref")
    )


def _conversation_ids(parsed: Any) -> list[str]:
    # As the desk asks (``desk.services.intake``): the direct parent, then the
    # references from the newest; ``ref_for_message_ids`` reads 50 at most.
    ids = [parsed.in_reply_to, *reversed(parsed.references)]
    return [i for i in ids if i][:50]


def ref_for_message_ids(message_ids: list[str]) -> str | None:
    """What an earlier message of the conversation became: ours (outbox) or
    one we received."""
    ids = [m for m in message_ids if m][:50]
    if not ids:
        return None
    this_run = _run_refs()
    for message_id in ids:
        if message_id in this_run:
            return this_run[message_id]
    known = _known_refs()
    if known.asked.issuperset(ids):
        # The batch read these already (``_prefetch_refs``).
        for answers in (known.sent, known.received):
            for message_id in ids:
                if message_id in answers:
                    return answers[message_id]
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
