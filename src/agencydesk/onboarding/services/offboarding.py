"""Closing an account: the feedback survey (NPS by signed link), the archive
export and the read-only archived state (the link and the export are read in
``selectors.offboarding`` and ``selectors.exports``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, Contact
from agencydesk.clients.services import client_set_status, ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record

from ..errors import (
    AlreadySubmittedError,
    AnswerInvalidError,
    ContactNotOfClientError,
    NotReadyToArchiveError,
)
from ..models import Archive, FeedbackRequest, Kind, Run
from ..selectors.exports import build_export
from ..selectors.offboarding import feedback_url
from .runs import item_complete, item_complete_by_key


@transaction.atomic
def feedback_send(*, actor: Any, client: Client, contact: Contact) -> FeedbackRequest:
    """Ask a contact for the closing feedback (NPS 0–10 and a comment)."""
    require_actor(actor, "onboarding.add_feedbackrequest")
    client = ensure_editable(client)
    if contact.client_id != client.pk:
        raise ContactNotOfClientError
    feedback = FeedbackRequest.objects.create(client=client, contact=contact)
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="offboarding.feedback_sent",
        target=feedback,
        data={"contact": str(contact)},
    )
    notify(
        recipient=contact.user,
        verb="offboarding.feedback",
        title=lambda: _(
            "How likely are you to recommend us? Two questions, one minute."
        ),
        url=feedback_url(feedback),
    )
    item_complete_by_key(
        actor=actor, client=client, kind=Kind.OFFBOARDING, key="feedback"
    )
    return feedback


@transaction.atomic
def feedback_submit(
    *, feedback: FeedbackRequest, score: int, comment: str = ""
) -> FeedbackRequest:
    """Store the contact's answer to the survey (once)."""
    feedback = FeedbackRequest.objects.select_for_update().get(pk=feedback.pk)
    if feedback.answered_at is not None:
        raise AlreadySubmittedError
    if not 0 <= int(score) <= 10:
        raise AnswerInvalidError(_("Choose a score from 0 to 10."))
    feedback.score = int(score)
    feedback.comment = comment.strip()[:5000]
    feedback.answered_at = timezone.now()
    feedback.save(update_fields=["score", "comment", "answered_at"])
    timeline_record(
        actor=feedback.contact.user,
        client_id=feedback.client_id,
        verb="offboarding.feedback_received",
        target=feedback,
        data={
            "contact": str(feedback.contact),
            "score": feedback.score,
            "comment": feedback.comment,
        },
    )
    return feedback


@transaction.atomic
def client_archive(
    *, actor: Any, client: Client, now: datetime.datetime | None = None
) -> Archive:
    """Close the offboarding: tick its archive item, store the export ZIP of
    everything held on the client, and make the account read-only."""
    require_actor(actor, "onboarding.add_archive")
    client = ensure_editable(client)
    run = Run.objects.filter(
        client=client, kind=Kind.OFFBOARDING, completed_at__isnull=True
    ).first()
    if client.status != Client.Status.OFFBOARDING or run is None:
        raise NotReadyToArchiveError(
            _(
                "Only an account in offboarding, with its checklist open, "
                "can be archived."
            )
        )
    pending = [
        str(i) for i in run.items.filter(done_at__isnull=True).exclude(key="archive")
    ]
    if pending:
        raise NotReadyToArchiveError(
            _("These items are still open: %(items)s.") % {"items": "; ".join(pending)}
        )
    archive_item = run.items.filter(key="archive").first()
    if archive_item is not None:
        item_complete(actor=actor, item=archive_item)
    content, count = build_export(client=client)
    stamp = (now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    archive = Archive(
        client=client,
        size=len(content),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    archive.file.save(f"{client.slug}-{stamp}.zip", ContentFile(content), save=False)
    archive.save()
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="offboarding.archived",
        target=client,
        data={"files": count},
    )
    client_set_status(actor=actor, client=client, status=Client.Status.ARCHIVED)
    return archive
