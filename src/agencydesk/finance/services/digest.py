"""The Monday digest of the weekly view: to finance people and to each
account manager (their own clients only, as the page shows them), on
Monday morning in each recipient's timezone, in their language, through the
outbox; once per recipient and week."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.comms.services.outbox import outbox_enqueue
from agencydesk.core.i18n import for_recipient
from agencydesk.people.models import User
from agencydesk.people.roles import Role

from ..exports import bucket_labels
from ..models import WeeklyDigest
from ..selectors import weekly_view, with_client_lines

# Local hour from which the digest goes out on Monday; an hourly run later
# that Monday still sends it (a worker that was down an hour loses nothing).
DIGEST_HOUR = 8
DIGEST_ROLES = (Role.FINANCE, Role.ACCOUNT_MANAGER)
DIGEST_CLIENT_LINES = 60


def digest_recipients():
    return (
        User.objects.filter(
            is_active=True,
            is_staff=True,
            notify_by_email=True,
            groups__name__in=[role.value for role in DIGEST_ROLES],
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _local_now(user: Any, now: datetime.datetime) -> datetime.datetime:
    with for_recipient(user):
        return timezone.localtime(now)


def weekly_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Queue the digest for every recipient for whom it is Monday from 08:00
    (their timezone) and who has not had this week's; answers how many were
    queued. Recipients with no money due and no invoice to issue get none."""
    now = now or timezone.now()
    sent = 0
    for user in digest_recipients():
        local = _local_now(user, now)
        if local.weekday() != 0 or local.hour < DIGEST_HOUR:
            continue
        monday = local.date()
        if WeeklyDigest.objects.filter(user=user, week=monday).exists():
            continue
        sent += _digest_send(user, monday)
    return sent


@transaction.atomic
def _digest_send(user: Any, monday: datetime.date) -> int:
    try:
        # The unique row is taken first: a second worker stops here.
        with transaction.atomic():
            log = WeeklyDigest.objects.create(user=user, week=monday)
    except IntegrityError:
        return 0
    view = weekly_view(viewer=viewer_for_user(user), today=monday)
    if not view.has_money:
        return 0
    expected = len({d.pk for group in view.expected for d in group.documents})
    # The whole agency's clients would make a long mail: finance reads the
    # sums per account manager and the page for the clients.
    per_client = len(view.clients) <= DIGEST_CLIENT_LINES
    if per_client:
        with_client_lines(view)
    context = {
        "person": user,
        "view": view,
        "weeks": view.weeks,
        "expected": expected,
        "per_client": per_client,
        "link": settings.SITE_URL.rstrip("/") + reverse("finance:weekly"),
    }
    with for_recipient(user):
        context["labels"] = bucket_labels()
        subject = render_to_string("finance/email/weekly_subject.txt", context)
        text = render_to_string("finance/email/weekly.txt", context)
    outbox_enqueue(
        to=[user.email],
        subject=" ".join(subject.split()),
        text=text,
        headers={"Auto-Submitted": "auto-generated"},
        ref=f"finance.weekly:{user.pk}:{monday:%Y%m%d}",
    )
    log.sent = True
    log.save(update_fields=["sent"])
    return 1
