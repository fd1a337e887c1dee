"""URL samples of the client lifecycle (checklists, questionnaires, archive)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.onboarding.models import Archive, ChecklistTemplate, Questionnaire
from agencydesk.onboarding.selectors.offboarding import feedback_token
from agencydesk.onboarding.selectors.questionnaires import questionnaire_token
from agencydesk.onboarding.services import offboarding, questionnaires
from agencydesk.onboarding.services import runs as services


def _run(side):
    return side.once("run", lambda: services.run_start(actor=None, client=side.client))


def _sent(side):
    return side.once(
        "questionnaire",
        lambda: questionnaires.questionnaire_send(
            actor=None, client=side.client, contact=side.contact
        ),
    )


def _feedback(side):
    return side.once(
        "feedback",
        lambda: offboarding.feedback_send(
            actor=None, client=side.client, contact=side.contact
        ),
    )


def _answer(side):
    def make():
        sent = _sent(side)
        question = sent.questionnaire.questions.get(kind="file")
        questionnaires.questionnaire_save(
            request=sent,
            answers={},
            files={question.pk: SimpleUploadedFile("logo.png", b"\x89PNG")},
        )
        return sent.answers.get(question=question)

    return side.once("answer", make)


def _archive(side):
    def make():
        archive = Archive(client=side.client, size=4)
        archive.file.save(f"{side.client.slug}.zip", ContentFile(b"PK.."), save=False)
        archive.save()
        return archive

    return side.once("archive", make)


SAMPLES = {
    "run_id": lambda side, cb: str(_run(side).pk),
    "item_id": lambda side, cb: str(_run(side).items.order_by("pk").first().pk),
    "request_id": lambda side, cb: str(_sent(side).pk),
    "questionnaire_id": lambda side, cb: str(
        Questionnaire.objects.order_by("pk").first().pk
    ),
    "questionnaire_token": lambda side, cb: questionnaire_token(_sent(side)),
    "feedback_token": lambda side, cb: feedback_token(_feedback(side)),
    "archive_id": lambda side, cb: str(_archive(side).pk),
    "answer_id": lambda side, cb: str(_answer(side).pk),
    "checklist_template_id": lambda side, cb: str(
        ChecklistTemplate.objects.order_by("pk").first().pk
    ),
}
