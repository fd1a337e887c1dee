"""Writes of the service desk: open, move, assign, reply, promise, rate, sweep."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.comms import whatsapp
from agencydesk.comms.models import OutboundMessage
from agencydesk.comms.outbox import outbox_enqueue
from agencydesk.core.access import SYSTEM, Viewer, require_actor
from agencydesk.core.batch import batch_atomic, batch_cached, batch_insert
from agencydesk.core.calendar import business_days_after
from agencydesk.core.files import file_extension, file_type_allowed, upload_name
from agencydesk.core.i18n import for_recipient
from agencydesk.core.models import Notification
from agencydesk.core.notifications import notify, notify_many
from agencydesk.core.numbering import next_number
from agencydesk.core.timeline import event_for, timeline_record, timeline_record_many
from agencydesk.people.models import User

from . import sla
from .errors import (
    AttachmentRefusedError,
    ClaimedSenderGoneError,
    MessageReviewedError,
    NotOnTeamError,
    PromisedDateInPastError,
    RatingRefusedError,
    TicketChangedError,
    TicketClosedError,
    TicketMoveNotAllowedError,
    WhatsAppReplyImpossibleError,
)
from .models import (
    CLOSED_STATUSES,
    Attachment,
    Channel,
    Message,
    Priority,
    Rating,
    RequestType,
    SlaState,
    Stage,
    Status,
    Tag,
    Ticket,
    TicketStep,
    Transition,
)

FIRST_TICKET_NUMBER = 1000


def _viewer(actor: Any) -> Viewer:
    if actor is None or not actor.pk:
        return viewer_for_user(actor)
    return batch_cached(("desk.viewer", actor.pk), lambda: viewer_for_user(actor))


def _require_visible(
    actor: Any, ticket: Ticket, action: str, *, row: bool = True
) -> Viewer:
    """Staff need the desk permission; a contact must see the ticket and the
    action must be one contacts may take. ``row=False`` leaves a contact's
    row check to ``_lock(..., viewer=...)`` where a lock reads the ticket
    anyway (one query instead of two)."""
    if actor is None:
        return SYSTEM
    viewer = _viewer(actor)
    if viewer.is_staff:
        perm = "desk.move_ticket" if action == "move" else f"desk.{action}_ticket"
        if action in ("reply", "note"):
            perm = "desk.add_message"
        require_actor(actor, perm)
        return viewer
    if row and not Ticket.objects.visible_to(viewer).filter(pk=ticket.pk).exists():
        raise Http404
    if action not in Ticket.contact_actions:
        raise PermissionDenied
    return viewer


def _lock(
    ticket: Ticket, version: int | None, *, viewer: Viewer | None = None
) -> Ticket:
    """Re-read the ticket under a row lock; refuse if someone changed it.
    With a contact's ``viewer`` the read is also the visibility check
    (``_require_visible(..., row=False)`` left it to this read)."""
    rows = Ticket.objects.all()
    if viewer is not None and not viewer.is_staff:
        visible = Ticket.objects.visible_to(viewer)
        if not viewer.limited_to_own:
            rows = visible
        # "Only their own tickets" needs DISTINCT, which a row lock cannot take.
        elif not visible.filter(pk=ticket.pk).exists():
            raise Http404
    fresh = (
        rows.select_for_update(of=("self",))
        .select_related("client__calendar")
        .filter(pk=ticket.pk)
        .first()
    )
    if fresh is None:
        raise Http404
    if version is not None and fresh.version != version:
        raise TicketChangedError
    if fresh.client.status == Client.Status.ARCHIVED:
        raise ClientArchivedError
    return fresh


def _save(ticket: Ticket, fields: Iterable[str]) -> None:
    ticket.version += 1
    ticket.save(update_fields=[*set(fields), "version", "updated_at"])


SLA_FIELDS = [
    "sla_state", "first_response_minutes", "resolution_minutes", "first_response_due",
    "first_response_risk_at", "first_responded_at", "resolution_due",
    "resolution_risk_at", "sla_paused_at", "first_response_met", "resolution_met",
    "first_response_business_minutes", "resolution_business_minutes",
]  # fmt: skip


def _account_managers(client_id: int) -> list[User]:
    return batch_cached(
        ("desk.account_managers", client_id),
        lambda: list(
            User.objects.filter(
                client_teams__client_id=client_id,
                client_teams__role=TeamMember.Role.ACCOUNT_MANAGER,
                is_active=True,
            )
        ),
    )


def _notify_each(
    people: Iterable[User],
    *,
    verb: str,
    ticket: Ticket,
    title: Any,
    body: str = "",
    portal: bool = False,
) -> None:
    seen: set[int] = set()
    for person in people:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        # Each person reads the notification in their own language and zone.
        with for_recipient(person):
            notify(
                recipient=person,
                verb=verb,
                title=str(title() if callable(title) else title),
                body=body,
                url=ticket.get_portal_url()
                if not person.is_staff
                else ticket.get_absolute_url(),
            )


def _check_attachments(files: Sequence[Any]) -> None:
    """Refuse the whole set before anything is written, so a refused file
    leaves no orphan in storage."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if len(files) > settings.ATTACHMENT_MAX_COUNT:
        raise AttachmentRefusedError(
            ngettext(
                "At most %(count)d file can be attached to one message.",
                "At most %(count)d files can be attached to one message.",
                settings.ATTACHMENT_MAX_COUNT,
            )
            % {"count": settings.ATTACHMENT_MAX_COUNT}
        )
    for upload in files:
        name = _filename(upload)
        if not file_type_allowed(name):
            extension = file_extension(name)
            raise AttachmentRefusedError(
                _("Files of type %(ext)s cannot be attached.") % {"ext": extension}
                if extension
                else _("Files without a type cannot be attached.")
            )
        if upload.size > limit:
            raise AttachmentRefusedError(
                _("%(name)s is larger than the limit of %(size)s.")
                % {"name": name, "size": filesizeformat(limit)}
            )


def _filename(upload: Any) -> str:
    return upload_name(getattr(upload, "name", ""))


def _store_attachments(message: Message, files: Sequence[Any]) -> list[Attachment]:
    _check_attachments(files)
    stored = []
    for upload in files:
        name = _filename(upload)
        content = upload.read()
        attachment = Attachment(
            message=message,
            filename=name,
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored


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
    ticket.client = batch_cached(
        ("desk.client", client.pk),
        lambda: Client.objects.select_related("calendar").get(pk=client.pk),
    )
    if ticket.client.status == Client.Status.ARCHIVED:
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
        title=lambda: (
            _("New request %(ref)s: %(title)s")
            % {"ref": ticket.reference, "title": title}
        ),
    )
    return ticket


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
) -> Ticket:
    """Move a ticket to another stage and/or status, forward or back."""
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
    from . import csat, mail

    context = {}
    if kind == "done":
        context["rating_links"] = [(n, csat.rating_url(ticket, n)) for n in range(1, 6)]
    if ticket.channel == Channel.WHATSAPP and message is not None:
        phone = ticket.requester.phone if ticket.requester_id else ""
        way = None
        if phone:
            way = whatsapp.reply_route(
                phone=phone, language=ticket.requester.user.language
            )
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
                params = whatsapp.template_params(
                    way.template, ticket.reference, message.body
                )
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
    cal = ticket.client.calendar.as_business_calendar()
    today = timezone.localtime(now, ZoneInfo(ticket.client.timezone)).date()
    owner = ticket.production_owner
    due = today
    for step in ticket.request_type.steps.all():
        due = business_days_after(cal, due, step.due_in_days)
        TicketStep.objects.create(
            ticket=ticket, name=step.name, order=step.order, owner=owner, due_date=due
        )


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


def _team_of(ticket: Ticket) -> list[Any]:
    """Who hears about a ticket's news: its analyst and watchers, else the
    client's account managers."""
    if ticket.analyst_id:
        return [ticket.analyst, *ticket.watchers.all()]
    return _account_managers(ticket.client_id)


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
    if actor is not None and not (
        ticket.requester_id and ticket.requester.user_id == actor.pk
    ):
        raise RatingRefusedError(_("Only the person who made the request can rate it."))
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise RatingRefusedError(_("The score is from 1 to 5.")) from None
    if ticket.status != Status.DONE:
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
    return rating


def sla_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Mark running clocks at risk or breached and escalate each change once,
    set-based: a few queries whatever the number of tickets."""
    now = now or timezone.now()
    due = sla.due_ids(now)
    counts = {}
    for state in (SlaState.BREACHED, SlaState.AT_RISK):
        with transaction.atomic():
            tickets = list(
                Ticket.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sla.RUNNING_CLOCK, pk__in=due[state])
                .select_related("client", "analyst", "production_owner")
            )
            changed = []
            for ticket in tickets:
                sla.refresh(ticket, now=now)
                if ticket.sla_state == state:
                    changed.append(ticket)
            Ticket.objects.filter(pk__in=[t.pk for t in changed]).update(
                sla_state=state, version=F("version") + 1, updated_at=now
            )
            _escalate_many(changed, state)
        counts[state] = len(changed)
    return {"at_risk": counts[SlaState.AT_RISK], "breached": counts[SlaState.BREACHED]}


def _escalate_many(tickets: list[Ticket], state: str) -> None:
    """Tell the right people of each escalation and put it on the history."""
    if not tickets:
        return
    managers: dict[int, list[User]] = {}
    for member in TeamMember.objects.filter(
        client_id__in={t.client_id for t in tickets},
        role=TeamMember.Role.ACCOUNT_MANAGER,
        user__is_active=True,
    ).select_related("user"):
        managers.setdefault(member.client_id, []).append(member.user)
    leads = list(User.objects.filter(groups__name="agency_lead", is_active=True))
    events, notifications = [], []
    verb = f"ticket.sla_{state}"
    for ticket in tickets:
        if state == SlaState.AT_RISK:
            owner = (
                ticket.production_owner if ticket.stage == Stage.PRODUCTION else None
            )
            person = owner or ticket.analyst
            people = [person] if person else managers.get(ticket.client_id, [])
        else:
            people = [*managers.get(ticket.client_id, []), *leads]
        people = list({p.pk: p for p in people}.values())
        events.append(
            event_for(
                actor=None,
                client_id=ticket.client_id,
                verb=verb,
                target=ticket,
                data={"notified": ", ".join(p.display_name for p in people)},
            )
        )
        for person in people:
            with for_recipient(person):
                if state == SlaState.AT_RISK:
                    title = _("%(ref)s is at risk of missing its SLA")
                else:
                    title = _("%(ref)s breached its SLA")
                title = title % {"ref": ticket.reference}
            notifications.append(
                Notification(
                    recipient=person,
                    verb=verb,
                    title=title,
                    url=ticket.get_absolute_url(),
                )
            )
    timeline_record_many(events)
    notify_many(notifications)
