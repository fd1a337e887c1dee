"""Opening, assigning, promising and updating tickets; production steps and
ratings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.models import Client, Contact
from agencydesk.core.access import require_actor
from agencydesk.core.batch import batch_atomic, batch_insert
from agencydesk.core.numbering import next_number
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from ..errors import (
    NotOnTeamError,
    PromisedDateInPastError,
    RatingRefusedError,
)
from ..models import (
    Channel,
    Message,
    Priority,
    Rating,
    RequestType,
    SlaState,
    Tag,
    Ticket,
    TicketStep,
    Transition,
)
from ..signals import ticket_rated
from . import sla
from ._shared import (
    SLA_FIELDS,
    _account_managers,
    _check_attachments,
    _lock,
    _notify_each,
    _require_visible,
    _save,
    _store_attachments,
    _viewer,
)
from .moves import tell_requester

FIRST_TICKET_NUMBER = 1000


@batch_atomic
def ticket_create(
    *,
    actor: Any,
    client: Client,
    title: str,
    description: str = "",
    requester: Contact | None = None,
    channel: str = Channel.PORTAL,
    priority: str = Priority.NORMAL,
    request_type: RequestType | None = None,
    cc: Sequence[Contact] = (),
    tags: Sequence[str] = (),
    attachments: Sequence[Any] = (),
    external_id: str = "",
    sender_auth: str | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket: by staff on behalf of a contact, by a contact in the portal,
    or from a contact's e-mail or WhatsApp message (``sender_auth`` as for
    ``message_add``)."""
    now = now or timezone.now()
    viewer = _viewer(actor) if actor is not None else None
    if viewer is not None and not viewer.is_staff:
        # A contact opens requests for their own client, as themselves.
        if client.pk not in viewer.client_ids:
            raise Http404
        if requester is None or requester.user_id != actor.pk:
            requester = Contact.objects.get(user=actor)
        if channel not in (Channel.EMAIL, Channel.WHATSAPP):
            channel = Channel.PORTAL
    else:
        require_actor(actor, "desk.add_ticket")
    if requester is not None and requester.client_id != client.pk:
        raise Http404
    _check_attachments(attachments)
    ticket = Ticket(
        number=FIRST_TICKET_NUMBER + next_number("ticket"),
        client=client,
        requester=requester,
        title=title,
        description=description,
        channel=channel,
        priority=priority,
        request_type=request_type,
        external_id=external_id[:255],
        sender_auth=sender_auth,
    )
    # The caller's client, as read for this request (the SLA clock needs only
    # its calendar's id: the calendar itself is kept between requests).
    if client.status == Client.Status.ARCHIVED:
        raise ClientArchivedError
    sla.start(ticket, now=now)
    ticket.save()
    if cc:
        ticket.cc.set([c for c in cc if c.client_id == client.pk])
    if tags:
        ticket.tags.set(
            [
                Tag.objects.get_or_create(name=t.strip()[:40])[0]
                for t in tags
                if t.strip()
            ]
        )
    if attachments:
        message = Message.objects.create(
            ticket=ticket,
            author=actor,
            body=_("Files sent with the request."),
            channel=channel,
        )
        _store_attachments(message, attachments)
    batch_insert(
        Transition(
            ticket=ticket, to_stage=ticket.stage, to_status=ticket.status, actor=actor
        )
    )
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="ticket.opened",
        target=ticket,
        data={"channel": channel, "title": title},
    )
    tell_requester(
        ticket,
        kind="opened",
        ref_suffix="opened",
        cc_contacts=[c for c in cc if c.client_id == client.pk],
    )
    _notify_each(
        _account_managers(client.pk),
        verb="ticket.opened",
        ticket=ticket,
        actor=actor,
        title=lambda: (
            _("New request %(ref)s: %(title)s")
            % {"ref": ticket.reference, "title": title}
        ),
    )
    return ticket


@transaction.atomic
def ticket_assign(
    *,
    actor: Any,
    ticket: Ticket,
    analyst: User | None = None,
    production_owner: User | None = None,
    version: int | None = None,
) -> Ticket:
    """Set the responsible analyst and/or the production owner."""
    _require_visible(actor, ticket, "change")
    ticket = _lock(ticket, version)
    changed = []
    for field, person in (("analyst", analyst), ("production_owner", production_owner)):
        if person is None or getattr(ticket, f"{field}_id") == person.pk:
            continue
        if not person.is_staff:
            raise NotOnTeamError
        setattr(ticket, field, person)
        changed.append(field)
        timeline_record(
            actor=actor,
            client_id=ticket.client_id,
            verb=f"ticket.{field}_set",
            target=ticket,
            data={"person": person.display_name},
        )
        _notify_each(
            [person],
            verb="ticket.assigned",
            ticket=ticket,
            actor=actor,
            title=lambda: (
                _("You are responsible for %(ref)s: %(title)s")
                % {"ref": ticket.reference, "title": ticket.title}
            ),
        )
    if changed:
        _save(ticket, changed)
        ticket.watchers.add(*[getattr(ticket, f) for f in changed])
    return ticket


@transaction.atomic
def ticket_promise(
    *, actor: Any, ticket: Ticket, promised_date: date, version: int | None = None
) -> Ticket:
    """Give the requester a delivery date (set at Planning, shown to the client)."""
    _require_visible(actor, ticket, "change")
    ticket = _lock(ticket, version)
    today = timezone.localtime(timezone.now(), ZoneInfo(ticket.client.timezone)).date()
    if promised_date < today:
        raise PromisedDateInPastError
    ticket.promised_date = promised_date
    _save(ticket, ["promised_date"])
    timeline_record(
        actor=actor,
        client_id=ticket.client_id,
        verb="ticket.promised",
        target=ticket,
        data={"date": promised_date.isoformat()},
    )
    tell_requester(ticket, kind="promised", ref_suffix=f"promised:{ticket.version}")
    if ticket.requester_id:
        _notify_each(
            [ticket.requester.user],
            verb="ticket.promised",
            ticket=ticket,
            title=lambda: (
                _("%(ref)s will be delivered by %(date)s")
                % {"ref": ticket.reference, "date": promised_date.isoformat()}
            ),
        )
    return ticket


@transaction.atomic
def ticket_update(
    *,
    actor: Any,
    ticket: Ticket,
    priority: str | None = None,
    request_type: RequestType | None = None,
    tags: Sequence[str] | None = None,
    estimate_hours: Decimal | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Change priority (re-targeting the SLA), request type, estimate or tags."""
    _require_visible(actor, ticket, "change")
    now = now or timezone.now()
    ticket = _lock(ticket, version)
    changed: set[str] = set()
    if priority and priority != ticket.priority:
        ticket.priority = priority
        changed |= {"priority", *SLA_FIELDS}
        _retarget(ticket, now=now)
    if request_type is not None and request_type.pk != ticket.request_type_id:
        ticket.request_type = request_type
        changed.add("request_type")
    if estimate_hours is not None:
        minutes = int(Decimal(estimate_hours) * 60)
        if minutes != ticket.estimate_minutes:
            ticket.estimate_minutes = minutes
            changed.add("estimate_minutes")
    if changed:
        _save(ticket, changed)
        timeline_record(
            actor=actor,
            client_id=ticket.client_id,
            verb="ticket.updated",
            target=ticket,
            data={"priority": Priority(ticket.priority).label},
        )
    if tags is not None:
        ticket.tags.set(
            [
                Tag.objects.get_or_create(name=t.strip()[:40])[0]
                for t in tags
                if t.strip()
            ]
        )
    return ticket


def _retarget(ticket: Ticket, *, now: datetime) -> None:
    """A new priority keeps the business time already used and applies the new
    targets to what is left."""
    policy = sla.policy_for(client_id=ticket.client_id, priority=ticket.priority)
    if policy is None or ticket.is_closed or ticket.sla_state == SlaState.NONE:
        return
    cal = sla.calendar_of(ticket)
    at = ticket.sla_paused_at or now
    used_fr = sla.used(
        cal, ticket.first_response_minutes, ticket.first_response_due, at
    )
    used_res = sla.used(cal, ticket.resolution_minutes, ticket.resolution_due, at)
    ticket.first_response_minutes = policy.first_response_minutes
    ticket.resolution_minutes = policy.resolution_minutes
    zero = timedelta(0)
    sla.place(
        ticket,
        cal,
        at,
        max(zero, timedelta(minutes=policy.first_response_minutes) - used_fr),
        max(zero, timedelta(minutes=policy.resolution_minutes) - used_res),
    )
    sla.refresh(ticket, now=now)


@transaction.atomic
def step_set_done(*, actor: Any, step: TicketStep, done: bool) -> TicketStep:
    """Tick or untick a production step."""
    _require_visible(actor, step.ticket, "change")
    step.done_at = timezone.now() if done else None
    step.save(update_fields=["done_at"])
    if done:
        timeline_record(
            actor=actor,
            client_id=step.ticket.client_id,
            verb="ticket.step_done",
            target=step.ticket,
            data={"step": step.name},
        )
    return step


@transaction.atomic
def rating_submit(
    *, actor: Any, ticket: Ticket, score: int, comment: str = ""
) -> Rating:
    """The requester rates a finished ticket (a second rating replaces it).

    ``actor=None`` is the signed one-click link, which speaks for the requester."""
    # The lock orders this write after an archiving of the account.
    client = Client.objects.select_for_update().only("status").get(pk=ticket.client_id)
    if client.is_archived:
        raise ClientArchivedError
    if not ticket.requested_by(actor):
        raise RatingRefusedError(_("Only the person who made the request can rate it."))
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise RatingRefusedError(_("The score is from 1 to 5.")) from None
    if not ticket.rateable_by(actor):
        raise RatingRefusedError(_("Only finished tickets can be rated."))
    if not 1 <= score <= 5:
        raise RatingRefusedError(_("The score is from 1 to 5."))
    rating, _created = Rating.objects.update_or_create(
        ticket=ticket,
        defaults={"score": int(score), "comment": comment[:2000], "rated_by": actor},
    )
    timeline_record(
        actor=actor,
        client_id=ticket.client_id,
        verb="ticket.rated",
        target=ticket,
        data={"score": int(score), "comment": comment[:500]},
    )
    ticket_rated.send(Ticket, ticket=ticket, rating=rating, actor=actor)
    return rating
