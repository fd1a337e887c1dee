"""Notifications by e-mail for everyone who wants them; contacts hear about
their tickets through the desk's own threaded mail instead (no second copy)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.template.loader import render_to_string

from agencydesk.core.i18n import for_recipient
from agencydesk.core.models import Notification

from ..models import OutboundMessage
from .outbox import new_message_id, outbox_enqueue_many

# The worker's job that writes the e-mail, handed over by ``comms.apps``.
_JOBS: dict[str, Callable[[list[int]], None]] = {}


def register_email_job(job: Callable[[list[int]], None]) -> None:
    """The job that calls ``deliver_now`` in the worker."""
    _JOBS["email"] = job


def deliver(notification_ids: Sequence[int]) -> None:
    """Hand new notifications to the worker, which writes their e-mail: a sweep
    that escalates thousands of tickets does not render thousands of mails."""
    _JOBS["email"](list(notification_ids))


def deliver_now(notification_ids: Sequence[int]) -> int:
    """Queue the e-mail of each notification, in its person's language, in one
    insert and one hand-over to the worker."""
    notifications = (
        Notification.objects.select_related("recipient")
        .filter(
            pk__in=list(notification_ids),
            recipient__is_active=True,
            recipient__notify_by_email=True,
        )
        .exclude(recipient__is_staff=False, verb__startswith="ticket.")
    )
    site_url = settings.SITE_URL.rstrip("/")
    rows = []
    for notification in notifications:
        person = notification.recipient
        with for_recipient(person):
            text = render_to_string(
                "comms/email/notification.txt",
                {"notification": notification, "person": person, "site_url": site_url},
            )
        rows.append(
            OutboundMessage(
                to=[person.email],
                subject=notification.title,
                text=text,
                headers={"Auto-Submitted": "auto-generated"},
                ref=f"core.notification:{notification.pk}",
                message_id=new_message_id(),
            )
        )
    return len(outbox_enqueue_many(rows))
