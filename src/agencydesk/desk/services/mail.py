"""E-mail to the requester about their ticket: rendered in their language,
threaded by Message-ID, References and the [AD-1042] tag, sent via the outbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from agencydesk.comms.models import OutboundMessage
from agencydesk.comms.services.outbox import new_message_id, outbox_enqueue
from agencydesk.core.i18n import for_recipient
from agencydesk.core.signing import short_mac, short_mac_valid

from ..models import Message, Ticket

SIGNATURE_LENGTH = 10
REPLY_SALT = "desk-reply"


def _signed_part(number: int, person_id: int | None) -> str:
    return f"{number}:{person_id}" if person_id else f"{number}"


def reply_signature(number: int, person_id: int | None = None) -> str:
    """The part of a reply address that cannot be guessed: of the ticket, or
    of the ticket and the one person the mail was written to."""
    return short_mac(
        _signed_part(number, person_id), salt=REPLY_SALT, length=SIGNATURE_LENGTH
    )


def reply_signature_valid(
    signature: str, number: int, person_id: int | None = None
) -> bool:
    """Whether ``signature`` is the ticket's (and person's) reply signature,
    made with the secret key or a rotated one still in SECRET_KEY_FALLBACKS."""
    return short_mac_valid(
        _signed_part(number, person_id),
        signature,
        salt=REPLY_SALT,
        length=SIGNATURE_LENGTH,
    )


def reply_address(ticket: Ticket, person: Any = None) -> str:
    """desk+AD-1042-<signature>@domain: survives mail programs that drop
    headers. Written to one person, desk+AD-1042-p<id>-<signature>@domain: a
    reply from that person arriving there proves who sent it."""
    base = settings.DESK_REPLY_ADDRESS or settings.DEFAULT_FROM_EMAIL
    local, domain = base.rsplit("@", 1)
    if person is None:
        tag = f"{ticket.reference}-{reply_signature(ticket.number)}"
    else:
        signature = reply_signature(ticket.number, person.pk)
        tag = f"{ticket.reference}-p{person.pk}-{signature}"
    return f"{local}+{tag}@{domain}"


def subject_for(ticket: Ticket) -> str:
    return f"[{ticket.reference}] {ticket.title}"


def _thread_ids(ticket: Ticket) -> list[str]:
    """Message-IDs of the conversation so far, in time order (at most 20):
    the e-mail that opened it, the customer's mails and ours."""
    ours = OutboundMessage.objects.filter(
        ref__startswith=f"desk.ticket:{ticket.pk}:"
    ).values_list("created_at", "message_id")
    theirs = (
        Message.objects.filter(ticket=ticket)
        .exclude(external_id="")
        .values_list("created_at", "external_id")
    )
    dated = sorted([*ours.order_by("-pk")[:10], *theirs.order_by("-pk")[:10]])
    ids = [ticket.external_id] if ticket.external_id else []
    return ids + [message_id for _at, message_id in dated if message_id not in ids]


def _recipients(
    ticket: Ticket, cc_contacts: list[Any] | None = None
) -> tuple[list[Any], list[str]]:
    requester = ticket.requester.user if ticket.requester_id else None
    to = (
        [requester]
        if requester and requester.notify_by_email and requester.is_active
        else []
    )
    if cc_contacts is None:
        cc_contacts = list(ticket.cc.select_related("user"))
    cc = [
        contact.user.email
        for contact in cc_contacts
        if contact.user.notify_by_email
        and contact.user.is_active
        and contact.user != requester
    ]
    return to, cc


def send_ticket_mail(
    ticket: Ticket,
    *,
    kind: str,
    ref_suffix: str,
    message: Message | None = None,
    context: dict | None = None,
    cc_contacts: list[Any] | None = None,
    route: str = "",
    route_reason: str = "",
) -> OutboundMessage | None:
    """Queue the mail telling the requester (and copied contacts) about ``kind``:
    "opened", "reply", "waiting", "done", "cancelled", "promised". A staff
    reply sent with a status change is one mail: its ``message`` and the news."""
    to, cc = _recipients(ticket, cc_contacts)
    if not to:
        return None
    person = to[0]
    # A ticket just opened has no conversation yet but the mail that opened it.
    if kind == "opened":
        ids = [ticket.external_id] if ticket.external_id else []
    else:
        ids = _thread_ids(ticket)
    headers = {}
    if ids:
        headers["In-Reply-To"] = f"<{ids[-1]}>"
        headers["References"] = " ".join(f"<{i}>" for i in ids)
    if message is None:
        # Our own notifications must not start auto-reply loops (RFC 3834).
        headers["Auto-Submitted"] = "auto-generated"
    values = {
        "ticket": ticket,
        "person": person,
        "kind": kind,
        "message": message,
        "site_url": settings.SITE_URL.rstrip("/"),
        **(context or {}),
    }
    with for_recipient(person):
        text = render_to_string("desk/email/ticket.txt", values)
        html = render_to_string("desk/email/ticket.html", values)
    return outbox_enqueue(
        to=[person.email],
        cc=cc,
        subject=subject_for(ticket),
        text=text,
        html=html,
        reply_to=reply_address(ticket, person),
        headers=headers,
        ref=f"desk.ticket:{ticket.pk}:{ref_suffix}",
        message_id=new_message_id(ticket.reference),
        route=route,
        route_reason=route_reason,
    )


def ticket_pk_from_ref(ref: str | None) -> int | None:
    """The ticket a comms reference ("desk.ticket:12:…") points at."""
    if not ref or not ref.startswith("desk.ticket:"):
        return None
    part = ref.split(":")[1]
    return int(part) if part.isdigit() else None
