"""Writes of calendar invitations and recaps by e-mail: each attendee gets a message in
their own language and timezone, an invitation with the meeting's .ics
(REQUEST or CANCEL) attached through the outbox."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencydesk.comms.services.outbox import outbox_enqueue
from agencydesk.core.i18n import for_recipient
from agencydesk.people.models import User

from ..ical import attendees, invitation_for_meeting
from ..models import ActionItem, Invitation, Meeting
from ..recurrence import describe_rule
from ..selectors import INVITATION_REF as REF


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return _("When: %(when)s (%(zone)s), %(minutes)d minutes") % {
        "when": date_format(start, "DATETIME_FORMAT"),
        "zone": timezone.get_current_timezone_name(),
        "minutes": meeting.duration_minutes,
    }


def invitation_text(meeting: Meeting, method: str) -> tuple[str, str]:
    """Subject and body of an invitation, in the active language and timezone."""
    if method == Invitation.Method.CANCEL:
        subject = _("Cancelled: %(title)s") % {"title": meeting.title}
        lead = _("This meeting has been cancelled.")
    elif meeting.sequence:
        subject = _("Updated invitation: %(title)s") % {"title": meeting.title}
        lead = _("This meeting has changed; the updated invitation is attached.")
    else:
        subject = _("Invitation: %(title)s") % {"title": meeting.title}
        lead = _("You are invited to this meeting; the invitation is attached.")
    lines = [lead, "", meeting.title, _when(meeting)]
    if meeting.rrule:
        lines.append(
            _("Repeats: %(rule)s")
            % {"rule": describe_rule(meeting.rrule, meeting.starts_at)}
        )
    if meeting.location:
        lines.append(_("Where: %(place)s") % {"place": meeting.location})
    return subject, "\n".join(lines) + "\n"


def invitation_send(
    *, meeting: Meeting, method: str, people: Sequence[User] | None = None
) -> Invitation | None:
    """Write the iTIP message of the meeting as it is now and queue one
    e-mail per person (every attendee by default) carrying it."""
    people = attendees(meeting) if people is None else list(people)
    if not people:
        return None
    invitation = Invitation.objects.create(
        meeting=meeting,
        method=method,
        sequence=meeting.sequence,
        ics=invitation_for_meeting(meeting, method=method, people=people).decode(),
    )
    for person in people:
        with for_recipient(person):
            subject, text = invitation_text(meeting, method)
        outbox_enqueue(
            to=[person.email], subject=subject, text=text, ref=f"{REF}:{invitation.pk}"
        )
    return invitation


def _action_line(item: ActionItem) -> str:
    return _("%(action)s — owner: %(owner)s, due: %(due)s") % {
        "action": item.title,
        "owner": item.owner.display_name if item.owner else _("nobody"),
        "due": date_format(item.due_date, "SHORT_DATE_FORMAT")
        if item.due_date
        else _("no date"),
    }


def recap_text(meeting: Meeting, items: Sequence[ActionItem]) -> tuple[str, str]:
    """Subject and body of a meeting's recap, in the active language."""
    subject = _("Recap: %(title)s") % {"title": meeting.title}
    start = timezone.localtime(meeting.starts_at)
    lines = [
        _("Recap of %(title)s on %(date)s.")
        % {"title": meeting.title, "date": date_format(start, "DATE_FORMAT")},
        "",
        _("Notes"),
        meeting.minutes.strip() or "—",
        "",
        _("Decisions"),
        meeting.decisions.strip() or "—",
        "",
        _("Action items"),
    ]
    lines.extend(f"- {_action_line(item)}" for item in items)
    if not items:
        lines.append("—")
    return subject, "\n".join(lines) + "\n"


def recap_send(*, meeting: Meeting, items: Sequence[ActionItem]) -> int:
    """Queue the recap to every attendee; returns how many were written."""
    people = attendees(meeting)
    for person in people:
        with for_recipient(person):
            subject, text = recap_text(meeting, items)
        outbox_enqueue(
            to=[person.email],
            subject=subject,
            text=text,
            ref=f"meetings.recap:{meeting.pk}",
        )
    return len(people)
