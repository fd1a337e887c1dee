"""Moving a ticket between stages and statuses, and the mail that tells the
requester."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Contact
from agencydesk.comms.models import OutboundMessage
from agencydesk.comms.selectors.whatsapp import reply_route
from agencydesk.comms.services.outbox import outbox_enqueue
from agencydesk.comms.services.whatsapp import template_params
from agencydesk.core.agency import business_calendar
from agencydesk.core.batch import batch_atomic, batch_insert
from agencydesk.core.calendar import business_days_after
from agencydesk.core.timeline import timeline_record

from ..errors import (
    TicketMoveNotAllowedError,
    WhatsAppReplyImpossibleError,
)
from ..models import (
    CLOSED_STATUSES,
    Channel,
    Message,
    Stage,
    Status,
    Ticket,
    TicketStep,
    Transition,
)
from . import mail, ratings, sla
from ._shared import SLA_FIELDS, _lock, _notify_each, _require_visible, _save

# Higher apps act when a ticket enters Production, inside the move's
# transaction (desk knows none of them): each is called as
# ``handler(ticket=..., actor=..., now=...)`` after the ticket's steps exist.
ProductionHandler = Callable[..., None]
_PRODUCTION_HANDLERS: list[ProductionHandler] = []


def register_production_handler(handler: ProductionHandler) -> None:
    """Call ``handler`` whenever a ticket enters Production (once per app:
    registering the same function again changes nothing)."""
    if handler not in _PRODUCTION_HANDLERS:
        _PRODUCTION_HANDLERS.append(handler)


@batch_atomic
def ticket_move(
    *,
    actor: Any,
    ticket: Ticket,
    stage: str | None = None,
    status: str | None = None,
    note: str = "",
    version: int | None = None,
    now: datetime | None = None,
    tell: bool = True,
) -> Ticket:
    """Move a ticket to another stage and/or status, forward or back.
    ``tell=False`` leaves the requester untold (a higher app that mails the
    client its own news, such as an approval request, moves it quietly)."""
    _require_visible(actor, ticket, "move")
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    new_stage = stage or ticket.stage
    new_status = status or ticket.status
    if new_stage not in Stage.values or new_status not in Status.values:
        raise TicketMoveNotAllowedError
    if (new_stage, new_status) == (ticket.stage, ticket.status):
        raise TicketMoveNotAllowedError(_("The ticket is already there."))
    old_status = _apply_move(
        ticket, actor=actor, stage=new_stage, status=new_status, note=note, now=now
    )
    if not tell:
        return ticket
    _notify_requester_of_move(ticket, old_status)
    if new_status != old_status and new_status in STATUS_MAIL_KINDS:
        tell_requester(ticket, kind=new_status, ref_suffix=f"move:{ticket.version}")
    return ticket


# Statuses the requester is told about by e-mail (the mail's ``kind``).
STATUS_MAIL_KINDS = ("waiting", "done", "cancelled")


def _apply_move(
    ticket: Ticket, *, actor: Any, stage: str, status: str, note: str, now: datetime
) -> str:
    """Move a locked ticket: SLA clock, steps, transition, timeline. Telling
    the requester is the caller's (a reply with a status change tells them
    once). Returns the status it had."""
    new_stage, new_status = stage, status
    old_stage, old_status = ticket.stage, ticket.status
    ticket.stage, ticket.status = new_stage, new_status
    changed = {"stage", "status", *SLA_FIELDS}
    was_closed, closing = old_status in CLOSED_STATUSES, new_status in CLOSED_STATUSES
    if closing and not was_closed:
        sla.close(ticket, now=now, done=new_status == Status.DONE)
        ticket.closed_at = now
        changed.add("closed_at")
    elif was_closed and not closing:
        ticket.closed_at = None
        changed.add("closed_at")
        sla.resume(ticket, now=now)
        if new_status == Status.WAITING:
            sla.pause(ticket, now=now)
    elif new_status == Status.WAITING and old_status != Status.WAITING:
        sla.pause(ticket, now=now)
    elif old_status == Status.WAITING and new_status == Status.OPEN:
        sla.resume(ticket, now=now)
    _save(ticket, changed)
    if new_stage == Stage.PRODUCTION and old_stage != Stage.PRODUCTION:
        _create_steps(ticket, now=now)
        for handler in _PRODUCTION_HANDLERS:
            handler(ticket=ticket, actor=actor, now=now)
    batch_insert(
        Transition(
            ticket=ticket,
            from_stage=old_stage,
            from_status=old_status,
            to_stage=new_stage,
            to_status=new_status,
            actor=actor,
            note=note,
        )
    )
    timeline_record(
        actor=actor,
        client_id=ticket.client_id,
        verb="ticket.moved",
        target=ticket,
        data={
            "stage": Stage(new_stage).label,
            "status": Status(new_status).label,
            "note": note,
        },
    )
    return old_status


def tell_requester(
    ticket: Ticket,
    *,
    kind: str,
    ref_suffix: str,
    message: Message | None = None,
    cc_contacts: list[Contact] | None = None,
) -> None:
    """The requester hears of it the way they wrote: WhatsApp replies go back
    to WhatsApp (within its rules), everything else by e-mail (if they want
    e-mail)."""

    context = {}
    if kind == "done":
        context["rating_links"] = [
            (n, ratings.rating_url(ticket, n)) for n in range(1, 6)
        ]
    if ticket.channel == Channel.WHATSAPP and message is not None:
        phone = ticket.requester.phone if ticket.requester_id else ""
        way = None
        if phone:
            way = reply_route(phone=phone, language=ticket.requester.user.language)
        if way is not None and way.route == OutboundMessage.Route.EMAIL:
            # Outside the 24-hour window with no template for their language:
            # the reply goes by e-mail, and the ticket says so.
            sent = mail.send_ticket_mail(
                ticket,
                kind=kind,
                ref_suffix=ref_suffix,
                message=message,
                context=context,
                cc_contacts=cc_contacts,
                route=way.route,
                route_reason=way.reason,
            )
            if sent is None:
                raise WhatsAppReplyImpossibleError
            return
        if way is not None:
            params = ()
            if way.template is not None:
                params = template_params(way.template, ticket.reference, message.body)
            outbox_enqueue(
                channel=OutboundMessage.Channel.WHATSAPP,
                to=[phone],
                text=message.body,
                ref=f"desk.ticket:{ticket.pk}:{ref_suffix}",
                route=way.route,
                route_reason=way.reason,
                template=way.template,
                template_params=params,
            )
        if kind == "reply":
            return
        # The reply went by WhatsApp; the new status is mailed as a move's is.
        message = None
    mail.send_ticket_mail(
        ticket,
        kind=kind,
        ref_suffix=ref_suffix,
        message=message,
        context=context,
        cc_contacts=cc_contacts,
    )


def _notify_requester_of_move(ticket: Ticket, old_status: str) -> None:
    requester = ticket.requester.user if ticket.requester_id else None
    if requester is None or old_status == ticket.status:
        return
    titles = {
        Status.WAITING: lambda: (
            _("%(ref)s waits for your answer") % {"ref": ticket.reference}
        ),
        Status.DONE: lambda: _("%(ref)s is done") % {"ref": ticket.reference},
        Status.CANCELLED: lambda: (
            _("%(ref)s was cancelled") % {"ref": ticket.reference}
        ),
    }
    if ticket.status in titles:
        _notify_each(
            [requester], verb="ticket.moved", ticket=ticket, title=titles[ticket.status]
        )


def _create_steps(ticket: Ticket, *, now: datetime) -> None:
    """Entering Production creates the request type's steps once."""
    if ticket.request_type_id is None or ticket.steps.exists():
        return
    cal = business_calendar(ticket.client.calendar_id)
    today = timezone.localtime(now, ZoneInfo(ticket.client.timezone)).date()
    owner = ticket.production_owner
    due = today
    for step in ticket.request_type.steps.all():
        due = business_days_after(cal, due, step.due_in_days)
        TicketStep.objects.create(
            ticket=ticket, name=step.name, order=step.order, owner=owner, due_date=due
        )


def _back_to_team(ticket: Ticket, *, actor: Any, now: datetime) -> None:
    """The customer answered: the ticket is open with the team again."""
    old_status = ticket.status
    ticket.status = Status.OPEN
    sla.resume(ticket, now=now)
    _save(ticket, {"status", *SLA_FIELDS})
    batch_insert(
        Transition(
            ticket=ticket,
            from_stage=ticket.stage,
            from_status=old_status,
            to_stage=ticket.stage,
            to_status=Status.OPEN,
            actor=actor,
        )
    )
