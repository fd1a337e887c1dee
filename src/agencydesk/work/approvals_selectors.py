"""Reads of deliverables and approvals: the task page's section, the
contact's list, the agency's list of waiting approvals, the signed link, and
the revision rounds the scope meter counts."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from agencydesk.core.access import Viewer, access_object
from agencydesk.core.agency import business_calendar
from agencydesk.core.calendar import business_days_after
from agencydesk.core.signing import LinkInvalid, SignedLink

from .approvals_errors import (
    ApprovalAlreadyDecidedError,
    ApprovalRoundClosedError,
    ApprovalVersionOutdatedError,
)
from .models import (
    ApprovalRequest,
    ApprovalRound,
    Deliverable,
    DeliverableVersion,
    Task,
)

# Salt and payload ("r": the request's id) of every approval link mailed.
APPROVAL_LINK = SignedLink("work.approval", max_age=timedelta(days=60))
DEFAULT_REMINDER_DAYS = 2


def reminder_days() -> int:
    """Business days a round waits before the client is reminded (and the
    round counts as overdue)."""
    return int(getattr(settings, "APPROVAL_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def approval_token(request: ApprovalRequest) -> str:
    """The signed token naming one contact's request in an e-mailed link."""
    return APPROVAL_LINK.make({"r": request.pk})


def approval_url(request: ApprovalRequest) -> str:
    """The path of a contact's signed decision link."""
    return reverse("portal:approval-link", args=[approval_token(request)])


def _requests_for_pages() -> QuerySet[ApprovalRequest]:
    return ApprovalRequest.objects.select_related(
        "contact__user",
        "round__version",
        "round__deliverable__task__project__client",
        "round__deliverable__milestone",
    )


def approval_request_from_token(token: str) -> ApprovalRequest:
    """The request a token names; Http404 when the token is forged, expired,
    malformed or names nothing. The signature is the authority (no sign-in),
    so the lookup is not narrowed to a viewer."""
    try:
        pk = APPROVAL_LINK.read(token, fields=("r",))["r"]
    except LinkInvalid:
        raise Http404 from None
    request = _requests_for_pages().filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def latest_version_number(deliverable_id: int) -> int:
    last = (
        DeliverableVersion.objects.filter(deliverable_id=deliverable_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return last or 0


def approval_refusal(request: ApprovalRequest, latest: int | None = None) -> str:
    """Why this request can no longer be decided, as a sentence, or "" when
    it can (the same rules the service enforces, asked by the pages)."""
    round_ = request.round
    if request.decision:
        return ApprovalAlreadyDecidedError().message
    if round_.status != ApprovalRound.Status.PENDING:
        return ApprovalRoundClosedError(round_.status).message
    if latest is None:
        latest = latest_version_number(round_.deliverable_id)
    if round_.version.number != latest:
        return ApprovalVersionOutdatedError(latest).message
    return ""


@dataclass(frozen=True)
class DeliverableRow:
    deliverable: Deliverable
    versions: list[DeliverableVersion]
    rounds: list[ApprovalRound]

    @property
    def latest(self) -> DeliverableVersion | None:
        return self.versions[-1] if self.versions else None


def deliverables_for_task(*, task: Task) -> list[DeliverableRow]:
    """The task's deliverables with their versions, rounds and each round's
    requests (four queries at any size)."""
    deliverables = (
        Deliverable.objects.filter(task=task)
        .select_related("milestone")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DeliverableVersion.objects.select_related(
                    "created_by"
                ).order_by("number"),
            ),
            Prefetch(
                "rounds",
                queryset=ApprovalRound.objects.select_related("version", "sent_by")
                .prefetch_related(
                    Prefetch(
                        "requests",
                        queryset=ApprovalRequest.objects.select_related(
                            "contact__user"
                        ).order_by("pk"),
                    )
                )
                .order_by("-number"),
            ),
        )
        .order_by("pk")
    )
    return [
        DeliverableRow(d, list(d.versions.all()), list(d.rounds.all()))
        for d in deliverables
    ]


def approvals_for_portal(*, viewer: Viewer, waiting: bool = True) -> QuerySet:
    """The contact's own requests: those waiting for them (or the decided
    ones), newest first. Scoped by the client, then to the contact."""
    requests = (
        _requests_for_pages()
        .visible_to(viewer)
        .filter(contact__user=viewer.user)
        .exclude(round__status=ApprovalRound.Status.WITHDRAWN)
    )
    if waiting:
        requests = requests.filter(
            decision="", round__status=ApprovalRound.Status.PENDING
        )
    else:
        requests = requests.filter(~Q(decision="") | ~Q(round__status="pending"))
    return requests.order_by("-round__sent_at", "-pk")


def own_approval_request(viewer: Viewer, pk: Any) -> ApprovalRequest:
    """A request of the contact's client addressed to this contact; Http404
    for anyone else's, as for a missing one (the portal's and the API's)."""
    found = access_object(viewer, _requests_for_pages(), pk)
    if found.contact.user_id != viewer.user.pk:
        raise Http404
    return found


def remind_day(client, sent_at: datetime.datetime) -> datetime.date:
    """The client's local date from which a round sent at ``sent_at`` is
    overdue: the reminder delay in business days of the client's calendar."""
    calendar = business_calendar(client.calendar_id)
    sent_day = timezone.localtime(sent_at, ZoneInfo(client.timezone)).date()
    return business_days_after(calendar, sent_day, reminder_days())


def client_today(client, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the client's timezone."""
    return timezone.localtime(now or timezone.now(), ZoneInfo(client.timezone)).date()


def rounds_for_desk(
    *,
    viewer: Viewer,
    client=None,
    client_ids: Iterable[int] | None = None,
    state: str = "waiting",
) -> QuerySet[ApprovalRound]:
    """Rounds the viewer may see, of one client or of ``client_ids`` (an
    account manager's): waiting on the client (the default), overdue,
    decided, or all; newest first (index work_round_status)."""
    rounds = ApprovalRound.objects.visible_to(viewer).select_related(
        "version",
        "sent_by",
        "deliverable__task__project__client",
    )
    if client is not None:
        rounds = rounds.filter(deliverable__task__project__client=client)
    if client_ids is not None:
        rounds = rounds.filter(deliverable__task__project__client_id__in=client_ids)
    if state in ("waiting", "overdue"):
        rounds = rounds.filter(status=ApprovalRound.Status.PENDING)
    if state == "overdue":
        # The agency's today: a client ahead of it shows up a few hours late.
        rounds = rounds.filter(remind_on__lte=timezone.localdate())
    elif state == "decided":
        rounds = rounds.filter(
            status__in=[ApprovalRound.Status.APPROVED, ApprovalRound.Status.CHANGES]
        )
    oldest_first = state in ("waiting", "overdue")
    return rounds.order_by("sent_at" if oldest_first else "-sent_at", "pk")


def round_for_page() -> QuerySet[ApprovalRound]:
    """A round with its deliverable and every contact's request (fetch
    through access_object; two queries)."""
    return ApprovalRound.objects.select_related(
        "version", "sent_by", "deliverable__task__project__client"
    ).prefetch_related(
        Prefetch(
            "requests",
            queryset=ApprovalRequest.objects.select_related("contact__user").order_by(
                "pk"
            ),
        )
    )


def mark_overdue(rounds: Iterable[ApprovalRound]) -> None:
    """Set ``is_overdue`` on a page of rounds (no query)."""
    now = timezone.now()
    for round_ in rounds:
        round_.is_overdue = (
            round_.is_pending
            and client_today(round_.deliverable.task.project.client, now)
            >= round_.remind_on
        )


def rounds_used(*, client, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """Revision rounds used per deliverable of a client, for the scope
    meter: rounds sent from ``start`` up to ``end`` (exclusive) after the
    first one of their deliverable (round 2 on), withdrawn ones not counted
    (one query)."""
    rows = ApprovalRound.objects.filter(
        deliverable__task__project__client=client,
        number__gt=1,
        sent_at__date__gte=start,
        sent_at__date__lt=end,
    ).exclude(status=ApprovalRound.Status.WITHDRAWN)
    return dict(Counter(rows.values_list("deliverable_id", flat=True)))
