"""Reads of the onboarding questionnaire: what was sent to a client, a sent
questionnaire with its answers, the builder's list, and the request a signed
link names.

The link carries the request id, its client id and its contact id signed with
the secret key (a ``core.signing.SignedLink``, salt "onboarding.questionnaire"):
it needs no account, cannot be altered or pointed at another client, and
expires after ``MAX_AGE``.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer
from agencydesk.core.signing import LinkInvalid, SignedLink

from ..errors import LinkInvalidError
from ..models import Answer, Questionnaire, QuestionnaireRequest

SALT = "onboarding.questionnaire"
MAX_AGE = timedelta(days=90)
LINK = SignedLink(SALT, max_age=MAX_AGE)


def questionnaire_token(request: QuestionnaireRequest) -> str:
    """The signed token of a questionnaire link."""
    payload = {"r": request.pk, "c": request.client_id, "p": request.contact_id}
    return LINK.make(payload)


def questionnaire_url(request: QuestionnaireRequest) -> str:
    return reverse("onboarding:questionnaire-fill", args=[questionnaire_token(request)])


def request_from_token(token: str) -> QuestionnaireRequest:
    """The request a link names; LinkInvalidError when it is tampered with,
    expired, names another client or contact, or the account is archived."""
    try:
        payload = LINK.read(token, fields=("r", "c", "p"))
    except LinkInvalid:
        raise LinkInvalidError from None
    pk, client_id, contact_id = payload["r"], payload["c"], payload["p"]
    request = (
        QuestionnaireRequest.objects.select_related(
            "client", "contact__user", "questionnaire"
        )
        .filter(pk=pk, client_id=client_id, contact_id=contact_id)
        .first()
    )
    if (
        request is None
        or request.contact.client_id != client_id
        or request.client.is_archived
    ):
        raise LinkInvalidError
    return request


def questionnaires_for_client(
    *, viewer: Viewer, client: Client
) -> QuerySet[QuestionnaireRequest]:
    """Questionnaires sent to the client's contacts, newest first."""
    return (
        QuestionnaireRequest.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("contact__user")
        .order_by("-sent_at", "-pk")
    )


def questionnaire_for_page() -> QuerySet[QuestionnaireRequest]:
    """Questionnaire requests with their questions and answers."""
    return QuestionnaireRequest.objects.select_related(
        "client", "contact__user", "questionnaire"
    ).prefetch_related(
        "questionnaire__questions",
        Prefetch("answers", queryset=Answer.objects.select_related("question")),
    )


def questionnaire_rows(sent: QuestionnaireRequest) -> list[tuple]:
    """Each question of a sent questionnaire with its answer (or None), in
    order, from the prefetched questions and answers."""
    answers = {a.question_id: a for a in sent.answers.all()}
    return [(q, answers.get(q.pk)) for q in sent.questionnaire.questions.all()]


def questionnaires_for_builder() -> QuerySet[Questionnaire]:
    """Every questionnaire the builder lists, by name."""
    return Questionnaire.objects.order_by("name", "pk")


def questionnaire_for_edit() -> QuerySet[Questionnaire]:
    """Questionnaires with their questions, for the builder's edit page."""
    return Questionnaire.objects.prefetch_related("questions")
