"""The onboarding questionnaire: send it to a contact as a signed link
(``selectors.questionnaires``), let them save and come back, take the answers
into the profile and the timeline; the builder's questions."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencydesk.clients.errors import UploadRefusedError
from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.clients.services import (
    check_upload,
    client_update_profile,
    ensure_editable,
)
from agencydesk.core.access import require_actor
from agencydesk.core.calendar import business_days_after
from agencydesk.core.files import upload_name
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record

from ..errors import (
    AlreadySubmittedError,
    AnswerInvalidError,
    ContactNotOfClientError,
)
from ..models import Answer, Kind, Question, Questionnaire, QuestionnaireRequest
from ..selectors.questionnaires import questionnaire_url
from .runs import item_complete_by_key

DEFAULT_DEADLINE_DAYS = 10
TEXT_LIMIT = 5000


@transaction.atomic
def questionnaire_send(
    *,
    actor: Any,
    client: Client,
    contact: Contact,
    questionnaire: Questionnaire | None = None,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
    today: datetime.date | None = None,
) -> QuestionnaireRequest:
    """Send a questionnaire to a contact of the client, due in business days."""
    require_actor(actor, "onboarding.add_questionnairerequest")
    client = ensure_editable(client)
    if contact.client_id != client.pk:
        raise ContactNotOfClientError
    questionnaire = (
        questionnaire or Questionnaire.objects.order_by("-is_default", "pk").first()
    )
    calendar = client.calendar.as_business_calendar()
    due = business_days_after(calendar, today or timezone.localdate(), deadline_days)
    request = QuestionnaireRequest.objects.create(
        client=client,
        contact=contact,
        questionnaire=questionnaire,
        sent_by=actor if actor is not None and actor.is_authenticated else None,
        due_date=due,
    )
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="onboarding.questionnaire_sent",
        target=request,
        data={"contact": str(contact), "due": due.isoformat()},
    )
    # The e-mail channel (being built) delivers this notification on commit.
    notify(
        recipient=contact.user,
        verb="onboarding.questionnaire",
        title=lambda: (
            _("Please fill in the onboarding questionnaire by %(date)s")
            % {"date": date_format(due, "SHORT_DATE_FORMAT")}
        ),
        body=lambda: _("You can save your answers and come back to the same link."),
        url=questionnaire_url(request),
    )
    item_complete_by_key(
        actor=actor, client=client, kind=Kind.ONBOARDING, key="questionnaire-sent"
    )
    return request


def _clean(question: Question, raw: Any) -> Any:
    """The stored value of one answer, or AnswerInvalidError."""
    kind = question.kind
    if kind == Question.Kind.MULTI:
        values = [str(v) for v in (raw or [])]
        if any(v not in question.choice_list for v in values):
            raise AnswerInvalidError(_("Choose among the offered answers."))
        return values
    value = str(raw or "").strip()
    if not value:
        return ""
    if len(value) > TEXT_LIMIT:
        raise AnswerInvalidError(_("An answer can be at most 5000 characters."))
    if kind == Question.Kind.CHOICE and value not in question.choice_list:
        raise AnswerInvalidError(_("Choose among the offered answers."))
    if kind == Question.Kind.URL:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise AnswerInvalidError(
                _("Enter a web address starting with https://.")
            ) from None
    if kind == Question.Kind.DATE:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise AnswerInvalidError(_("Enter a date as YYYY-MM-DD.")) from None
    return value


def _check_fits_profile(question: Question, value: Any) -> None:
    """An answer that goes into a profile field must fit that field, checked
    when saved already: sending it later would otherwise fail half-way."""
    if not question.profile_field or not value:
        return
    field = Client._meta.get_field(question.profile_field)
    text = ", ".join(value) if isinstance(value, list) else str(value)
    if field.max_length is not None and len(text) > field.max_length:
        raise AnswerInvalidError(
            _(
                "This answer goes into the client’s %(field)s, which holds at "
                "most %(limit)d characters."
            )
            % {"field": field.verbose_name, "limit": field.max_length}
        )
    try:
        field.clean(text, None)
    except ValidationError as error:
        raise AnswerInvalidError(" ".join(error.messages)) from None


def questionnaire_answers_check(
    *,
    request: QuestionnaireRequest,
    answers: Mapping[int, Any],
    files: Mapping[int, Any] | None = None,
    submit: bool = False,
) -> AnswerInvalidError | None:
    """What is wrong with these answers, or None: the refusal names each
    question in ``extra`` (question id → message). A form shows it field by
    field before saving; ``questionnaire_save`` raises it. Reads the saved
    answers (a file sent earlier still answers its question)."""
    questions = list(request.questionnaire.questions.all())
    errors: dict[int, str] = {}
    for question in questions:
        try:
            shown = _clean(question, answers.get(question.pk))
            upload = (files or {}).get(question.pk)
            if upload is not None and question.kind == Question.Kind.FILE:
                shown = check_upload(upload)
            _check_fits_profile(question, shown)
        except (AnswerInvalidError, UploadRefusedError) as error:
            errors[question.pk] = error.message
    if errors:
        return AnswerInvalidError(_("Some answers need a correction."), extra=errors)
    if submit:
        saved = {a.question_id: a for a in request.answers.all()}
        missing = [
            q
            for q in questions
            if q.is_required
            and not _will_be_answered(q, answers, files or {}, saved.get(q.pk))
        ]
        if missing:
            return AnswerInvalidError(
                _("Please answer every required question."),
                extra={q.pk: _("This question needs an answer.") for q in missing},
            )
    return None


def _will_be_answered(
    question: Question,
    answers: Mapping[int, Any],
    files: Mapping[int, Any],
    saved: Answer | None,
) -> bool:
    """Whether the question has an answer once these answers are saved: a
    file question keeps its earlier file, any other takes the new value."""
    if question.kind == Question.Kind.FILE:
        return files.get(question.pk) is not None or bool(saved and saved.filename)
    return bool(_clean(question, answers.get(question.pk)))


@transaction.atomic
def questionnaire_save(
    *,
    request: QuestionnaireRequest,
    answers: Mapping[int, Any],
    files: Mapping[int, Any] | None = None,
    submit: bool = False,
) -> QuestionnaireRequest:
    """Store the contact's answers (through the signed link); ``submit`` sends
    them: required answers are checked and profile fields are filled."""
    request = QuestionnaireRequest.objects.select_for_update().get(pk=request.pk)
    client = ensure_editable(request.client)
    if request.submitted_at is not None:
        raise AlreadySubmittedError
    problem = questionnaire_answers_check(
        request=request, answers=answers, files=files, submit=submit
    )
    if problem is not None:
        raise problem
    questions = list(request.questionnaire.questions.all())
    existing = {a.question_id: a for a in request.answers.all()}
    for question in questions:
        answer = existing.get(question.pk) or Answer(request=request, question=question)
        upload = (files or {}).get(question.pk)
        if question.kind == Question.Kind.FILE:
            if upload is not None:
                answer.filename = upload_name(upload.name)
                answer.file.save(answer.filename, upload, save=False)
            answer.value = ""
        else:
            answer.value = _clean(question, answers.get(question.pk))
        if answer.pk or answer.value or answer.filename:
            answer.save()
            existing[question.pk] = answer
    request.saved_at = timezone.now()
    fields = ["saved_at"]
    contact_name = str(request.contact)
    if submit:
        request.submitted_at = request.saved_at
        fields.append("submitted_at")
        _to_profile(client, questions, existing)
        answered = sum(1 for a in existing.values() if _answered(a))
        timeline_record(
            actor=request.contact.user,
            client_id=client.pk,
            verb="onboarding.questionnaire_submitted",
            target=request,
            data={
                "contact": contact_name,
                "summary": ngettext("%(count)d answer", "%(count)d answers", answered)
                % {"count": answered},
                "answers": {
                    str(q): existing[q.pk].display
                    for q in questions
                    if _answered(existing.get(q.pk))
                },
            },
        )
        item_complete_by_key(
            actor=None,
            client=client,
            kind=Kind.ONBOARDING,
            key="questionnaire-returned",
        )
        for member in TeamMember.objects.filter(
            client=client, role=TeamMember.Role.ACCOUNT_MANAGER
        ).select_related("user"):
            notify(
                recipient=member.user,
                verb="onboarding.questionnaire_submitted",
                title=lambda: (
                    _("%(contact)s returned the questionnaire")
                    % {"contact": contact_name}
                ),
                url=request.get_absolute_url(),
            )
    else:
        timeline_record(
            actor=request.contact.user,
            client_id=client.pk,
            verb="onboarding.questionnaire_saved",
            target=request,
            data={"contact": contact_name},
        )
    request.save(update_fields=fields)
    return request


def _answered(answer: Answer | None) -> bool:
    return answer is not None and bool(answer.value or answer.filename)


def _to_profile(client: Client, questions: list[Question], answers: dict) -> None:
    changes: dict[str, str] = {}
    for question in questions:
        answer = answers.get(question.pk)
        if question.profile_field and _answered(answer):
            changes[question.profile_field] = answer.display
    if changes:
        client_update_profile(
            actor=None, client=client, changes=changes, source="questionnaire"
        )


def questionnaire_send_reminders(*, today: datetime.date | None = None) -> int:
    """Remind contacts two business days before the deadline and the day after
    it (each once); returns how many reminders went out."""
    today = today or timezone.localdate()
    sent = 0
    open_requests = QuestionnaireRequest.objects.filter(
        submitted_at__isnull=True
    ).select_related("client__calendar", "contact__user")
    for request in open_requests:
        if request.client.is_archived:
            continue
        calendar = request.client.calendar.as_business_calendar()
        when = None
        if today >= request.due_date + timedelta(days=1):
            when = "after"
        elif business_days_after(calendar, today, 2) >= request.due_date:
            when = "before"
        if when is None or when in request.reminders_sent:
            continue
        with transaction.atomic():
            request.reminders_sent = [*request.reminders_sent, when]
            request.save(update_fields=["reminders_sent"])
            notify(
                recipient=request.contact.user,
                verb="onboarding.questionnaire_reminder",
                title=lambda request=request: (
                    _("Reminder: the onboarding questionnaire is due on %(date)s")
                    % {"date": date_format(request.due_date, "SHORT_DATE_FORMAT")}
                ),
                url=questionnaire_url(request),
            )
            timeline_record(
                actor=None,
                client_id=request.client_id,
                verb="onboarding.questionnaire_reminded",
                target=request,
                data={
                    "contact": str(request.contact),
                    "when": _("before the deadline")
                    if when == "before"
                    else _("after the deadline"),
                },
            )
        sent += 1
    return sent


@transaction.atomic
def question_add(
    *,
    actor: Any,
    questionnaire: Questionnaire,
    text: str,
    kind: str,
    choices: str = "",
    is_required: bool = False,
    profile_field: str = "",
    help_text: str = "",
) -> Question:
    """Add a question at the end of a questionnaire (the builder)."""
    require_actor(actor, "onboarding.add_question")
    lines = [line.strip() for line in choices.splitlines() if line.strip()]
    if kind in (Question.Kind.CHOICE, Question.Kind.MULTI) and len(lines) < 2:
        raise AnswerInvalidError(_("A choice question needs at least two choices."))
    last = questionnaire.questions.order_by("-order").first()
    return Question.objects.create(
        questionnaire=questionnaire,
        text=text,
        kind=kind,
        choices="\n".join(lines),
        is_required=is_required,
        profile_field=profile_field,
        help_text=help_text,
        order=(last.order + 1) if last else 1,
    )


@transaction.atomic
def questionnaire_create(*, actor: Any, name: str) -> Questionnaire:
    """A new, empty questionnaire for the builder."""
    require_actor(actor, "onboarding.add_questionnaire")
    return Questionnaire.objects.create(name=name)
