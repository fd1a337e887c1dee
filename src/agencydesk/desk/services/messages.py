"""Replies and internal notes, and mail held because its sender was not
verified."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import Viewer
from agencydesk.core.batch import batch_atomic
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from ..errors import (
    ClaimedSenderGoneError,
    MessageReviewedError,
    TicketClosedError,
    TicketMoveNotAllowedError,
)
from ..models import (
    Channel,
    Message,
    Status,
    Ticket,
)
from . import sla
from ._shared import (
    SLA_FIELDS,
    _check_attachments,
    _lock,
    _notify_each,
    _require_visible,
    _save,
    _store_attachments,
    _team_of,
)
from .moves import (
    STATUS_MAIL_KINDS,
    _apply_move,
    _back_to_team,
    _notify_requester_of_move,
    tell_requester,
)


@batch_atomic
def message_add(
    *,
    actor: Any,
    ticket: Ticket,
    body: str,
    is_internal: bool = False,
    attachments: Sequence[Any] = (),
    channel: str | None = None,
    external_id: str = "",
    sender_auth: str | None = None,
    status: str = "",
    now: datetime | None = None,
) -> Message:
    """A public reply or an internal note; the first public staff reply answers
    the SLA's first response, a customer reply brings a waiting ticket back.
    ``sender_auth`` records how an e-mail's sender was authenticated ("" for
    not at all: shown as "sender not verified"). Staff may set the ``status``
    with it: the requester then gets one mail with the reply and the news."""
    viewer = _require_visible(
        actor, ticket, "note" if is_internal else "reply", row=False
    )
    if status:
        _require_visible(actor, ticket, "move")
        if not viewer.is_staff:
            raise PermissionDenied
        if status not in Status.values:
            raise TicketMoveNotAllowedError
    now = now or timezone.now()
    ticket = _lock(ticket, None, viewer=viewer)
    if not viewer.is_staff and is_internal:
        raise PermissionDenied
    if ticket.status == Status.CANCELLED and status in ("", Status.CANCELLED):
        raise TicketClosedError
    _check_attachments(attachments)
    message = Message.objects.create(
        ticket=ticket,
        author=actor,
        body=body,
        is_internal=is_internal,
        channel=channel or _written_channel(ticket, viewer, is_internal),
        external_id=external_id[:255],
        sender_auth=sender_auth,
    )
    _store_attachments(message, attachments)
    _message_posted(
        ticket, message, author=actor, staff=viewer.is_staff, now=now, status=status
    )
    return message


def message_add_automatic(
    *, ticket: Ticket, body: str, channel: str, external_id: str = ""
) -> Message:
    """An auto-reply, bounce or list mail answering a ticket, kept as an
    automatic internal note: no author, no SLA effect, nobody notified."""
    return Message.objects.create(
        ticket=ticket,
        body=body,
        is_internal=True,
        is_automatic=True,
        channel=channel,
        external_id=external_id[:255],
    )


def _written_channel(ticket: Ticket, viewer: Viewer, is_internal: bool) -> str:
    """The channel of a message typed in the product: a contact's in the
    portal; staff's note stays internal, their reply goes out the way the
    requester hears from us (WhatsApp for WhatsApp tickets, else e-mail).
    Labelling a public reply "Internal" made people think the client never
    saw it."""
    if not viewer.is_staff:
        return Channel.PORTAL
    if is_internal:
        return Channel.INTERNAL
    return Channel.WHATSAPP if ticket.channel == Channel.WHATSAPP else Channel.EMAIL


def _message_posted(
    ticket: Ticket,
    message: Message,
    *,
    author: Any,
    staff: bool,
    now: datetime,
    status: str = "",
) -> None:
    """What a new message sets going: the SLA, a status change sent with it,
    the other side's mail (one, reply and news together) and notifications,
    the timeline."""
    body = message.body
    public_reply = staff and not message.is_internal
    if public_reply:
        sla.first_response(ticket, now=now)
        _save(ticket, SLA_FIELDS)
    old_status = ticket.status
    if status and status != old_status:
        _apply_move(
            ticket, actor=author, stage=ticket.stage, status=status, note="", now=now
        )
    news = status if status != old_status and status in STATUS_MAIL_KINDS else ""
    if public_reply:
        tell_requester(
            ticket,
            kind=news or "reply",
            ref_suffix=f"message:{message.pk}",
            message=message,
        )
        if ticket.requester_id:
            _notify_each(
                [ticket.requester.user],
                verb="ticket.replied",
                ticket=ticket,
                title=lambda: _("New reply on %(ref)s") % {"ref": ticket.reference},
                body=body[:300],
            )
    elif news:
        # An internal note with a status change: the requester hears only
        # of the status, as after a move.
        _notify_requester_of_move(ticket, old_status)
        tell_requester(ticket, kind=news, ref_suffix=f"move:{ticket.version}")
    elif not staff:
        if ticket.status == Status.WAITING:
            _back_to_team(ticket, actor=author, now=now)
        else:
            _save(ticket, [])
        _notify_each(
            _team_of(ticket),
            verb="ticket.customer_replied",
            ticket=ticket,
            title=lambda: (
                _("%(name)s replied on %(ref)s")
                % {"name": author.display_name, "ref": ticket.reference}
            ),
            body=body[:300],
        )
    timeline_record(
        actor=author,
        client_id=ticket.client_id,
        verb="ticket.noted" if message.is_internal else "ticket.replied",
        target=ticket,
        data={"text": body[:500], "channel": Channel(message.channel).label},
    )


def message_hold(
    *,
    ticket: Ticket,
    body: str,
    claimed_sender: str,
    attachments: Sequence[Any] = (),
    external_id: str = "",
) -> Message:
    """Mail claiming to be a person that nothing authenticates: kept as an
    internal note flagged "sender not verified" for staff to accept or
    discard. Never public, never mailed out, never reopening the ticket."""
    ticket = _lock(ticket, None)
    message = Message.objects.create(
        ticket=ticket,
        author=None,
        body=body,
        is_internal=True,
        channel=Channel.EMAIL,
        external_id=external_id[:255],
        sender_auth="",
        review=Message.Review.HELD,
        claimed_sender=claimed_sender[:254],
    )
    _store_attachments(message, attachments)
    _save(ticket, [])
    _notify_each(
        _team_of(ticket),
        verb="ticket.sender_unverified",
        ticket=ticket,
        title=lambda: (
            _("Held on %(ref)s: mail claiming to be from %(sender)s, not verified")
            % {"sender": claimed_sender, "ref": ticket.reference}
        ),
        body=body[:300],
    )
    timeline_record(
        actor=None,
        client_id=ticket.client_id,
        verb="ticket.sender_held",
        target=ticket,
        data={"sender": claimed_sender},
    )
    return message


def message_review(
    *, actor: Any, message: Message, accept: bool, now: datetime | None = None
) -> Message:
    """A person decides on held mail: accepted, it becomes the claimed
    person's message (a staff member's public reply, mailed to the client, or
    a contact's reply); discarded, it stays an internal note, marked."""
    viewer = _require_visible(actor, message.ticket, "reply", row=False)
    if not viewer.is_staff:
        raise PermissionDenied
    now = now or timezone.now()
    ticket = _lock(message.ticket, None)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.review != Message.Review.HELD:
        raise MessageReviewedError
    if not accept:
        message.review = Message.Review.DISCARDED
        message.save(update_fields=["review"])
        verb = "ticket.sender_discarded"
    else:
        author = User.objects.filter(
            email__iexact=message.claimed_sender, is_active=True
        ).first()
        if author is None:
            raise ClaimedSenderGoneError
        if ticket.status == Status.CANCELLED:
            raise TicketClosedError
        message.author = author
        message.is_internal = False
        message.review = Message.Review.ACCEPTED
        message.save(update_fields=["author", "is_internal", "review"])
        _message_posted(ticket, message, author=author, staff=author.is_staff, now=now)
        verb = "ticket.sender_accepted"
    timeline_record(
        actor=actor,
        client_id=ticket.client_id,
        verb=verb,
        target=ticket,
        data={"sender": message.claimed_sender},
    )
    return message
