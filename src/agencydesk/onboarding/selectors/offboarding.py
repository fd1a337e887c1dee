"""Reads of closing an account: the feedback survey a signed link names and
the archive exports of a client.

The survey link carries the survey id and its client id signed with the
secret key (a ``core.signing.SignedLink``, salt "onboarding.feedback") and
expires after ``MAX_AGE``.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer
from agencydesk.core.signing import LinkInvalid, SignedLink

from ..errors import LinkInvalidError
from ..models import Archive, FeedbackRequest

SALT = "onboarding.feedback"
MAX_AGE = timedelta(days=60)
LINK = SignedLink(SALT, max_age=MAX_AGE)


def feedback_token(feedback: FeedbackRequest) -> str:
    return LINK.make({"f": feedback.pk, "c": feedback.client_id})


def feedback_url(feedback: FeedbackRequest) -> str:
    return reverse("onboarding:feedback-fill", args=[feedback_token(feedback)])


def feedback_from_token(token: str) -> FeedbackRequest:
    """The survey a link names; LinkInvalidError when tampered with or expired."""
    try:
        payload = LINK.read(token, fields=("f", "c"))
    except LinkInvalid:
        raise LinkInvalidError from None
    pk, client_id = payload["f"], payload["c"]
    feedback = (
        FeedbackRequest.objects.select_related("client", "contact__user")
        .filter(pk=pk, client_id=client_id)
        .first()
    )
    if feedback is None or feedback.client.is_archived:
        raise LinkInvalidError
    return feedback


def archives_for_client(*, viewer: Viewer, client: Client) -> list[Archive]:
    """The export ZIPs of an archived account, newest first."""
    return list(
        Archive.objects.visible_to(viewer)
        .filter(client=client)
        .order_by("-created_at", "-pk")[:10]
    )
