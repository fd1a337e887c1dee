"""In-app notifications: one service to notify a person, selectors for the bell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from .i18n import for_recipient
from .models import Notification

# A title or body given as a function is written for each recipient, in their
# language and timezone: whoever triggers a notification, its reader reads it.
Text = str | Callable[[], str]

# Delivery channels beyond the in-app list (the e-mail issue adds one). Each is
# called on commit with a list of notification ids; it decides by each
# person's preferences.
_CHANNELS: list[Any] = []


def register_channel(deliver: Any) -> None:
    """Add a delivery channel, called with the ids of new notifications."""
    _CHANNELS.append(deliver)


def notify(
    *, recipient: Any, verb: str, title: Text, body: Text = "", url: str = ""
) -> Notification:
    """Tell one person something: in-app now, other channels on commit. Pass
    ``title``/``body`` as ``lambda: _("…") % {…}`` so they are written in the
    recipient's language and timezone."""
    with for_recipient(recipient):
        title = title() if callable(title) else title
        body = body() if callable(body) else body
    return notify_many(
        [Notification(recipient=recipient, verb=verb, title=title, body=body, url=url)]
    )[0]


def notify_many(notifications: list[Notification]) -> list[Notification]:
    """Tell many people at once (one insert, one hand-over per channel)."""
    for notification in notifications:
        notification.title = notification.title[:200]
    created = Notification.objects.bulk_create(notifications)
    _unread_forget({n.recipient_id for n in created})
    ids = [n.pk for n in created]
    if ids:
        for deliver in _CHANNELS:
            transaction.on_commit(lambda deliver=deliver: deliver(ids), robust=True)
    return created


def notification_open(*, recipient: Any, notification_id: Any) -> Notification:
    """Mark one of the person's notifications read and return it."""
    try:
        notification = Notification.objects.get(pk=notification_id, recipient=recipient)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _unread_forget({notification.recipient_id})
    return notification


def notifications_mark_all_read(*, recipient: Any) -> int:
    """Mark every unread notification of the person read; returns how many."""
    marked = Notification.objects.filter(
        recipient=recipient, read_at__isnull=True
    ).update(read_at=timezone.now())
    _unread_forget({recipient.pk})
    return marked


def notification_list_for_user(
    *, recipient: Any, unread: bool = False
) -> models.QuerySet[Notification]:
    """The person's notifications (with ``unread``, only those not opened),
    newest first."""
    rows = Notification.objects.filter(recipient=recipient)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-pk")


def _unread_key(user_id: int) -> str:
    return f"core:unread:{user_id}"


def _unread_forget(user_ids: set[int]) -> None:
    """The people's unread counts changed: count afresh. Forgotten now and
    again at commit, so a count read while the change was not yet committed
    is not kept."""
    keys = [_unread_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


def unread_count(*, recipient: Any) -> int:
    """How many notifications the person has not opened (index
    core_notif_unread), kept in the shared cache between pages: every write
    of notifications is in this module and forgets it."""
    key = _unread_key(recipient.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(
            recipient=recipient, read_at__isnull=True
        ).count()
        cache.set(key, count, 3600)
    return count
