"""Reads about meetings: pages, the next meeting, meetings between dates, the
export, and the .ics an invitation e-mail carries."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.comms.services.outbox import Attachment
from agencydesk.core.access import Viewer
from agencydesk.work.selectors import open_projects_of

from .errors import MeetingInvalidError
from .models import ActionItem, Invitation, Meeting
from .recurrence import first_after, parse_rule


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    at: datetime.datetime


def meetings_for_page() -> QuerySet[Meeting]:
    """Meetings with attendees and action items (fetch through access_object)."""
    return Meeting.objects.select_related("client", "organizer").prefetch_related(
        "staff",
        "contacts__user",
        Prefetch(
            "action_items",
            queryset=ActionItem.objects.select_related("owner", "task"),
        ),
    )


def next_occurrence(
    meeting: Meeting, after: datetime.datetime
) -> datetime.datetime | None:
    """The meeting's next start after ``after`` (its repetitions included,
    looked for a few years ahead)."""
    single = meeting.starts_at if meeting.starts_at >= after else None
    if not meeting.rrule:
        return single
    try:
        rule = parse_rule(meeting.rrule, meeting.starts_at)
    except MeetingInvalidError:
        # A rule stored before rules were checked, which a meeting cannot
        # follow (every second…): the meeting counts once, as scheduled.
        return single
    return first_after(rule, after)


def next_meeting_for_client(
    *, viewer: Viewer, client: Client, now: datetime.datetime | None = None
) -> NextMeeting | None:
    """The client's next meeting, repetitions included (one query)."""
    now = now or timezone.now()
    candidates = Meeting.objects.visible_to(viewer).filter(
        Q(client=client, cancelled_at__isnull=True)
        & (Q(starts_at__gte=now) | ~Q(rrule=""))
    )
    best = None
    for meeting in candidates.order_by("starts_at", "pk")[:50]:
        at = next_occurrence(meeting, now)
        if at is not None and (best is None or at < best.at):
            best = NextMeeting(meeting, at)
    return best


def meetings_between(
    *,
    viewer: Viewer,
    start: datetime.datetime,
    end: datetime.datetime,
    client_ids: Sequence[int] | None = None,
    limit: int = 100,
) -> list[NextMeeting]:
    """Every occurrence from ``start`` to ``end`` of the meetings (of
    ``client_ids``, or every visible client) not cancelled, repetitions
    included, soonest first (one query)."""
    candidates = Meeting.objects.visible_to(viewer).filter(
        Q(cancelled_at__isnull=True, starts_at__lt=end)
        & (Q(starts_at__gte=start) | ~Q(rrule=""))
    )
    if client_ids is not None:
        candidates = candidates.filter(client_id__in=client_ids)
    found = []
    for meeting in candidates.select_related("client").order_by("starts_at", "pk"):
        at = next_occurrence(meeting, start)
        # A meeting repeats at most daily, so a week holds a handful of these.
        while at is not None and at < end and len(found) < limit:
            found.append(NextMeeting(meeting, at))
            at = next_occurrence(meeting, at + datetime.timedelta(seconds=1))
    return sorted(found, key=lambda m: (m.at, m.meeting.pk))[:limit]


def meetings_for_client(*, viewer: Viewer, client: Client) -> QuerySet[Meeting]:
    """The client's meetings, newest first."""
    return (
        Meeting.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("organizer")
        .order_by("-starts_at", "-pk")
    )


def meeting_list(
    *,
    viewer: Viewer,
    client_id: int | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    updated_since: datetime.datetime | None = None,
) -> QuerySet[Meeting]:
    """Meetings as scheduled (a repeating one once, at its first start),
    newest first, with attendees and action items: of one client, starting
    from ``start`` and before ``end``, changed at or after ``updated_since``
    (the API's sync)."""
    meetings = meetings_for_page().visible_to(viewer)
    if client_id is not None:
        meetings = meetings.filter(client_id=client_id)
    if start:
        meetings = meetings.filter(starts_at__gte=start)
    if end:
        meetings = meetings.filter(starts_at__lt=end)
    if updated_since is not None:
        meetings = meetings.filter(updated_at__gte=updated_since)
    return meetings.order_by("-starts_at", "-pk")


def meetings_for_export(*, client: Client) -> list[dict[str, Any]]:
    """Every meeting of a client with minutes, decisions and action items."""
    meetings = meetings_for_page().filter(client=client).order_by("starts_at", "pk")
    return [
        {
            "title": m.title,
            "kind": m.kind,
            "starts_at": m.starts_at.isoformat(),
            "repeats": m.rrule,
            "agenda": m.agenda,
            "minutes": m.minutes,
            "decisions": m.decisions,
            "attendees": [u.display_name for u in m.staff.all()]
            + [c.user.display_name for c in m.contacts.all()],
            "action_items": [
                {
                    "action": a.title,
                    "owner": a.owner.display_name if a.owner else "",
                    "due": a.due_date.isoformat() if a.due_date else "",
                    "done": a.done_at.isoformat() if a.done_at else "",
                }
                for a in m.action_items.all()
            ],
        }
        for m in meetings
    ]


INVITATION_REF = "meetings.invitation"


def invitation_attachments(key: str) -> list[Attachment]:
    """The .ics an invitation e-mail carries (asked by the outbox at send time)."""
    invitation = (
        Invitation.objects.filter(pk=int(key)).first() if key.isdigit() else None
    )
    if invitation is None:
        return []
    return [
        Attachment(
            filename="invite.ics",
            content=invitation.ics,
            content_type="text/calendar",
            params={"method": invitation.method},
        )
    ]


def meeting_item_of_task(*, viewer: Any, task: Any) -> ActionItem | None:
    """The action item a task was made from, with its meeting (one query)."""
    return (
        ActionItem.objects.visible_to(viewer)
        .filter(task=task)
        .select_related("meeting")
        .first()
    )


def projects_for_action_tasks(*, viewer: Viewer, meeting: Meeting) -> list[Any]:
    """The projects an action item of the meeting may become a task of (the
    client's open ones, the current first); none to offer when the viewer may
    not add tasks or every item has its task (no query then)."""
    if not viewer.has_perm("work.add_task"):
        return []
    if all(item.task_id for item in meeting.action_items.all()):
        return []
    return list(open_projects_of(meeting.client).visible_to(viewer))
