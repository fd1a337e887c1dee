"""iCalendar: a private feed per person and .ics invitations.

The feed URL carries the person's id signed with the secret key (salt
"meetings.feed"), so it needs no sign-in and cannot be guessed; it does not
expire (calendar apps poll it for months). Higher apps add their own dated
entries to the feed (onboarding due dates) through ``register_feed_source``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vDDDTypes, vText

from agencydesk.core.signing import LinkInvalid, SignedLink
from agencydesk.people.models import User
from agencydesk.work.schedule import feed_dates

from .errors import FeedLinkInvalidError
from .models import ActionItem, FeedKey, Meeting

SALT = "meetings.feed"
PRODID = "-//Agency Desk//meetings//EN"


@dataclass(frozen=True)
class FeedEntry:
    """An all-day entry of someone's feed (e.g. an onboarding item due)."""

    uid: str
    title: str
    day: datetime.date
    url: str = ""


_SOURCES: list[Callable[[User], Iterable[FeedEntry]]] = []


def register_feed_source(source: Callable[[User], Iterable[FeedEntry]]) -> None:
    """Add dated entries of a higher app to every person's feed."""
    if source not in _SOURCES:
        _SOURCES.append(source)


FEED_LINK = SignedLink(SALT)


def feed_version(user_id: int) -> int | None:
    """The current version of an active person's feed link; None when the
    person is gone or deactivated."""
    row = (
        User.objects.filter(pk=user_id, is_active=True)
        .values_list("pk", "feed_key__version")
        .first()
    )
    return None if row is None else row[1] or 0


def feed_token(user: User) -> str:
    key = FeedKey.objects.filter(user=user).values_list("version", flat=True).first()
    return FEED_LINK.make({"u": user.pk}, version=key or 0)


def feed_url(user: User) -> str:
    return reverse("meetings:feed", args=[feed_token(user)])


def feed_owner(token: str) -> User:
    """The person a feed link is for; a bad, reset or stale link is not found
    (the feed says nothing more to whoever holds it)."""
    try:
        return user_from_feed_token(token)
    except FeedLinkInvalidError:
        raise Http404 from None


def user_from_feed_token(token: str) -> User:
    try:
        payload = FEED_LINK.read(
            token, fields=("u",), version=lambda p: feed_version(p["u"])
        )
    except LinkInvalid:
        raise FeedLinkInvalidError("invalid feed link") from None
    return User.objects.get(pk=payload["u"])


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "agencydesk"


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{_host()}")
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", meeting.created_at)
    event.add("sequence", meeting.sequence)
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    if meeting.rrule:
        event.add("rrule", _rrule_dict(meeting.rrule))
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
    event.add("url", settings.SITE_URL.rstrip("/") + meeting.get_absolute_url())
    return event


def _rrule_dict(rule: str) -> dict[str, list[str]]:
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    return {key: value.split(",") for key, value in parts.items()}


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # An X- property is written as given unless typed as text: a line break in
    # a title would end the line and break the whole file. A name is one line.
    calendar.add("x-wr-calname", vText(" ".join(name.split())))
    return calendar


def _project_entries(user: User) -> list[FeedEntry]:
    """The due dates of the person's open tasks and the milestones of the
    projects they own (the work app, below meetings)."""
    tasks, milestones = feed_dates(user)
    return [
        FeedEntry(
            uid=f"task-{task.pk}",
            title=f"{task} · {task.project.name}",
            day=task.due,
            url=task.get_absolute_url(),
        )
        for task in tasks
    ] + [
        FeedEntry(
            uid=f"milestone-{milestone.pk}",
            title=f"◆ {milestone} · {milestone.project.name}",
            day=milestone.due,
            url=milestone.project.get_absolute_url(),
        )
        for milestone in milestones
    ]


def feed_for_user(user: User) -> bytes:
    """The person's calendar: their meetings, their open action items, their
    tasks' due dates and their projects' milestones, and the registered dated
    entries (onboarding items)."""
    meetings = Meeting.objects.select_related("client").order_by("starts_at", "pk")
    if user.is_staff:
        meetings = meetings.filter(staff=user) | meetings.filter(organizer=user)
    else:
        meetings = meetings.filter(contacts__user=user)
    calendar = _calendar(f"Agency Desk · {user.display_name}")
    for meeting in meetings.distinct():
        calendar.add_component(_event(meeting))
    actions = ActionItem.objects.filter(
        owner=user, done_at__isnull=True, due_date__isnull=False
    ).select_related("meeting")
    entries = [
        FeedEntry(
            uid=f"action-item-{item.pk}",
            title=f"{item.title} · {item.meeting.title}",
            day=item.due_date,
            url=item.meeting.get_absolute_url(),
        )
        for item in actions.order_by("due_date", "pk")[:500]
    ]
    entries.extend(_project_entries(user))
    for source in _SOURCES:
        entries.extend(source(user))
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{_host()}")
        event.add("summary", entry.title)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + datetime.timedelta(days=1))
        event.add("dtstamp", datetime.datetime.now(datetime.UTC))
        if entry.url:
            event.add("url", settings.SITE_URL.rstrip("/") + entry.url)
        calendar.add_component(event)
    return calendar.to_ical()


def invitation_for_meeting(
    meeting: Meeting,
    *,
    method: str = "REQUEST",
    people: Iterable[User] | None = None,
) -> bytes:
    """An iTIP message about the meeting as it is now: METHOD:REQUEST (new or
    changed, at the meeting's SEQUENCE) or METHOD:CANCEL, to ``people`` (every
    attendee by default). The UID stays the same for the meeting's life, so a
    calendar replaces the event it already holds."""
    calendar = _calendar(meeting.title)
    calendar.add("method", method)
    event = _event(meeting)
    # DTSTAMP of an iTIP message is when this version was written.
    event["dtstamp"] = vDDDTypes(datetime.datetime.now(datetime.UTC))
    if method == "CANCEL" and "status" not in event:
        event.add("status", "CANCELLED")
    if meeting.organizer is not None:
        organizer = vCalAddress(f"MAILTO:{meeting.organizer.email}")
        organizer.params["cn"] = vText(meeting.organizer.display_name)
        event.add("organizer", organizer)
    if people is None:
        people = attendees(meeting)
    for person in people:
        attendee = vCalAddress(f"MAILTO:{person.email}")
        attendee.params["cn"] = vText(person.display_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def attendees(meeting: Meeting) -> list[User]:
    """Everyone invited: agency staff, then the client's contacts."""
    return [*meeting.staff.all(), *(c.user for c in meeting.contacts.all())]
