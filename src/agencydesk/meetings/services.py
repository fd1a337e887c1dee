"""Writes about meetings: schedule, minutes and decisions, action items."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.account import ensure_editable
from agencydesk.clients.models import Client, Contact
from agencydesk.core.access import require_actor
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from .errors import MeetingInvalidError
from .models import ActionItem, AgendaTemplate, Meeting
from .recurrence import check_rule


def _person(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    client: Client,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int = 60,
    location: str = "",
    rrule: str = "",
    staff: Sequence[User] = (),
    contacts: Sequence[Contact] = (),
    agenda: str | None = None,
) -> Meeting:
    """Schedule a meeting; its agenda starts from the template of its kind."""
    require_actor(actor, "meetings.add_meeting")
    client = ensure_editable(client)
    if any(c.client_id != client.pk for c in contacts):
        raise MeetingInvalidError(_("Every contact must belong to this client."))
    if any(not u.is_staff for u in staff):
        raise MeetingInvalidError(_("Only agency staff can be staff attendees."))
    if agenda is None:
        template = AgendaTemplate.objects.filter(kind=kind).first()
        agenda = template.agenda if template else ""
    meeting = Meeting.objects.create(
        client=client,
        kind=kind,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        rrule=check_rule(rrule, starts_at),
        agenda=agenda,
        organizer=_person(actor),
    )
    meeting.staff.set(staff)
    meeting.contacts.set(contacts)
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="meeting.scheduled",
        target=meeting,
        data={"when": timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")},
    )
    return meeting


@transaction.atomic
def meeting_record_minutes(
    *,
    actor: Any,
    meeting: Meeting,
    minutes: str,
    decisions: str = "",
    agenda: str | None = None,
) -> Meeting:
    """Write the minutes and decisions of a meeting."""
    require_actor(actor, "meetings.change_meeting")
    ensure_editable(meeting.client)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes = minutes
    meeting.decisions = decisions
    fields = ["minutes", "decisions"]
    if agenda is not None:
        meeting.agenda = agenda
        fields.append("agenda")
    meeting.save(update_fields=fields)
    timeline_record(
        actor=actor,
        client_id=meeting.client_id,
        verb="meeting.minutes",
        target=meeting,
        data={"decisions": decisions},
    )
    return meeting


@transaction.atomic
def action_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    owner: User | None = None,
    due_date: datetime.date | None = None,
) -> ActionItem:
    """Agree a follow-up in a meeting; its owner is told."""
    require_actor(actor, "meetings.add_actionitem")
    ensure_editable(meeting.client)
    if owner is not None and not owner.is_staff:
        raise MeetingInvalidError(_("Only agency staff can own an action item."))
    item = ActionItem.objects.create(
        meeting=meeting, title=title, owner=owner, due_date=due_date
    )
    timeline_record(
        actor=actor,
        client_id=meeting.client_id,
        verb="meeting.action_added",
        target=meeting,
        data={
            "action": title,
            "owner": owner.display_name if owner else _("nobody"),
            "due": due_date.isoformat() if due_date else "—",
        },
    )
    if owner is not None:
        notify(
            recipient=owner,
            verb="meetings.action_item",
            title=_("New action from %(meeting)s: %(action)s")
            % {"meeting": meeting.title, "action": title},
            url=meeting.get_absolute_url(),
        )
    return item


@transaction.atomic
def action_item_done(*, actor: Any, item: ActionItem) -> ActionItem:
    """Mark a follow-up done."""
    require_actor(actor, "meetings.change_actionitem")
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=item.pk)
    )
    ensure_editable(item.meeting.client)
    if item.done_at is None:
        item.done_at = timezone.now()
        item.save(update_fields=["done_at"])
        timeline_record(
            actor=actor,
            client_id=item.meeting.client_id,
            verb="meeting.action_done",
            target=item.meeting,
            data={"action": item.title},
        )
    return item
