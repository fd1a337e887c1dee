"""The e-mails of approvals: the request with each contact's signed link,
and the reminders of rounds waiting past the delay (business days of the
client's calendar)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from agencydesk.comms.services.outbox import outbox_enqueue
from agencydesk.core.agency import business_calendar
from agencydesk.core.i18n import for_recipient
from agencydesk.core.timeline import timeline_record

from ..approvals_selectors import approval_url, client_today
from ..models import ApprovalRequest, ApprovalRound


def mail_request(request: ApprovalRequest, *, reminder: bool) -> None:
    """The request (or its reminder) as the contact reads it: their language
    and timezone, with their own signed link."""
    person = request.contact.user
    if not person.is_active or not person.email:
        return
    round_ = request.round
    context = {
        "person": person,
        "round": round_,
        "version": round_.version,
        "deliverable": round_.deliverable,
        "project": round_.deliverable.task.project,
        "link": settings.SITE_URL.rstrip("/") + approval_url(request),
        "reminder": reminder,
    }
    with for_recipient(person):
        subject = render_to_string("work/approvals/email/subject.txt", context)
        text = render_to_string("work/approvals/email/request.txt", context)
    kind = "reminder" if reminder else "request"
    outbox_enqueue(
        to=[person.email],
        subject=" ".join(subject.split()),
        text=text,
        headers={"Auto-Submitted": "auto-generated"},
        ref=f"work.approval:{request.pk}:{kind}:{timezone.now():%Y%m%d}",
    )


def approval_send_reminders(*, now: datetime | None = None) -> int:
    """Remind the contacts who have not decided on a round waiting longer
    than the reminder delay (business days of the client's calendar), while
    the client's working day is open, at most once a day per round; answers
    how many rounds were reminded."""
    now = now or timezone.now()
    reminded = 0
    # No client's today is past the UTC date of tomorrow.
    latest = (now + timedelta(days=1)).date()
    rounds = ApprovalRound.objects.filter(
        status=ApprovalRound.Status.PENDING, remind_on__lte=latest
    ).select_related("deliverable__task__project__client")
    for round_ in rounds.iterator():
        client = round_.deliverable.task.project.client
        if client.is_archived:
            continue
        today = client_today(client, now)
        if round_.reminded_on == today or today < round_.remind_on:
            continue
        if not business_calendar(client.calendar_id).is_open(now):
            continue
        reminded += _remind(round_.pk, today)
    return reminded


@transaction.atomic
def _remind(round_id: int, today: Any) -> int:
    round_ = (
        ApprovalRound.objects.select_for_update(of=("self",))
        .select_related("version", "deliverable__task__project__client")
        .get(pk=round_id)
    )
    # Checked again under the lock: two workers never remind twice a day.
    if round_.status != ApprovalRound.Status.PENDING or round_.reminded_on == today:
        return 0
    round_.reminded_on = today
    round_.save(update_fields=["reminded_on"])
    waiting = list(round_.requests.filter(decision="").select_related("contact__user"))
    for request in waiting:
        request.round = round_
        mail_request(request, reminder=True)
    timeline_record(
        actor=None,
        client_id=round_.deliverable.task.project.client_id,
        verb="approval.reminded",
        target=round_.deliverable.task,
        data={
            "deliverable": round_.deliverable.title,
            "version": round_.version.number,
            "round": round_.number,
            "contacts": ", ".join(str(r.contact) for r in waiting),
        },
    )
    return 1
