"""Notifications by e-mail for staff who want them (contacts hear about their
tickets through the desk's own threaded mail)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

from agencydesk.core.models import Notification

from .outbox import outbox_enqueue


def deliver(notification_id: int) -> None:
    """Queue the e-mail of one notification, in the person's language."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return
    person = notification.recipient
    if not (person.is_staff and person.is_active and person.notify_by_email):
        return
    values = {
        "notification": notification,
        "person": person,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with override(person.language):
        text = render_to_string("comms/email/notification.txt", values)
    outbox_enqueue(
        to=[person.email],
        subject=notification.title,
        text=text,
        headers={"Auto-Submitted": "auto-generated"},
        ref=f"core.notification:{notification.pk}",
    )
