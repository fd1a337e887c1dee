"""Writes of meetings: schedule, update or reschedule, cancel, minutes and
decisions, the recap to attendees (invitations leave through the outbox)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, Contact
from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from ..errors import MeetingCancelledError, MeetingInvalidError
from ..ical import attendees
from ..models import ActionItem, AgendaTemplate, Invitation, Meeting
from ..recurrence import check_rule
from . import invitations


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
    send_invitations: bool = True,
) -> Meeting:
    """Schedule a meeting; its agenda starts from the template of its kind;
    its attendees are sent the invitation."""
    require_actor(actor, "meetings.add_meeting")
    client = ensure_editable(client)
    _check_attendees(client, staff, contacts)
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
    if send_invitations:
        invitations.invitation_send(meeting=meeting, method=Invitation.Method.REQUEST)
    return meeting


def _check_attendees(
    client: Client, staff: Sequence[User], contacts: Sequence[Contact]
) -> None:
    if any(c.client_id != client.pk for c in contacts):
        raise MeetingInvalidError(_("Every contact must belong to this client."))
    if any(not u.is_staff for u in staff):
        raise MeetingInvalidError(_("Only agency staff can be staff attendees."))


def _locked(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise MeetingCancelledError(_("This meeting has been cancelled."))
    return meeting


SCHEDULE_FIELDS = ("title", "starts_at", "duration_minutes", "location", "rrule")


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str = "",
    rrule: str = "",
    staff: Sequence[User] = (),
    contacts: Sequence[Contact] = (),
    kind: str | None = None,
) -> Meeting:
    """Edit or reschedule a meeting: attendees get the updated invitation (the
    same UID, the next SEQUENCE), people taken off it a cancellation. A
    meeting cannot be moved into the past."""
    require_actor(actor, "meetings.change_meeting")
    ensure_editable(meeting.client)
    meeting = _locked(meeting)
    _check_attendees(meeting.client, staff, contacts)
    moved = starts_at != meeting.starts_at
    if moved and starts_at < timezone.now():
        raise MeetingInvalidError(_("A meeting cannot be moved into the past."))
    before_people = {p.pk: p for p in attendees(meeting)}
    new = {
        "title": title,
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "location": location,
        "rrule": check_rule(rrule, starts_at),
    }
    changed = [f for f in SCHEDULE_FIELDS if getattr(meeting, f) != new[f]]
    for name in changed:
        setattr(meeting, name, new[name])
    fields = list(changed)
    if kind is not None and kind != meeting.kind:
        meeting.kind = kind
        fields.append("kind")
    meeting.staff.set(staff)
    meeting.contacts.set(contacts)
    after_people = {p.pk: p for p in attendees(meeting)}
    if not fields and before_people.keys() == after_people.keys():
        return meeting
    meeting.sequence += 1
    meeting.save(update_fields=[*fields, "sequence", "updated_at"])
    timeline_record(
        actor=actor,
        client_id=meeting.client_id,
        verb="meeting.rescheduled" if moved else "meeting.updated",
        target=meeting,
        data={"when": timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")},
    )
    invitations.invitation_send(meeting=meeting, method=Invitation.Method.REQUEST)
    removed = [p for pk, p in before_people.items() if pk not in after_people]
    if removed:
        invitations.invitation_send(
            meeting=meeting, method=Invitation.Method.CANCEL, people=removed
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    """Cancel a meeting (every repetition): attendees get METHOD:CANCEL."""
    require_actor(actor, "meetings.change_meeting")
    ensure_editable(meeting.client)
    meeting = _locked(meeting)
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    timeline_record(
        actor=actor,
        client_id=meeting.client_id,
        verb="meeting.cancelled",
        target=meeting,
    )
    invitations.invitation_send(meeting=meeting, method=Invitation.Method.CANCEL)
    return meeting


@transaction.atomic
def meeting_send_recap(*, actor: Any, meeting: Meeting) -> int:
    """After the meeting, send every attendee its notes, decisions and action
    items (owner, due date) in their language; returns how many got it."""
    require_actor(actor, "meetings.change_meeting")
    ensure_editable(meeting.client)
    meeting = _locked(meeting)
    if meeting.starts_at > timezone.now():
        raise MeetingInvalidError(
            _("The recap can be sent once the meeting has taken place.")
        )
    items = list(
        ActionItem.objects.filter(meeting=meeting)
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    sent = invitations.recap_send(meeting=meeting, items=items)
    if not sent:
        raise MeetingInvalidError(_("This meeting has no attendees to send to."))
    timeline_record(
        actor=actor,
        client_id=meeting.client_id,
        verb="meeting.recap_sent",
        target=meeting,
    )
    return sent


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
    meeting.save(update_fields=[*fields, "updated_at"])
    timeline_record(
        actor=actor,
        client_id=meeting.client_id,
        verb="meeting.minutes",
        target=meeting,
        data={"decisions": decisions},
    )
    return meeting
