import datetime

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencydesk.clients.models import Client
from agencydesk.core.calendar import business_days_after
from agencydesk.core.models import Event, Notification
from agencydesk.onboarding.errors import AnswerInvalidError
from agencydesk.onboarding.models import Answer, Question, Questionnaire
from agencydesk.onboarding.selectors.questionnaires import (
    SALT,
    questionnaire_token,
    questionnaire_url,
    request_from_token,
)
from agencydesk.onboarding.services import questionnaires
from agencydesk.onboarding.services import runs as services
from tests.factories.clients import make_contact

from ..helpers import item

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _q(text_start):
    return Question.objects.get(
        questionnaire__is_default=True, text__startswith=text_start
    )


def _field(text_start):
    return f"q{_q(text_start).pk}"


def test_the_default_questionnaire_has_seventeen_questions_of_every_kind():
    questions = Questionnaire.objects.get(is_default=True).questions.all()
    assert questions.count() == 17
    assert sorted({q.kind for q in questions}) == [
        "choice",
        "date",
        "file",
        "multi",
        "text",
        "url",
    ]


def test_sending_sets_a_ten_business_day_deadline_and_tells_the_contact(
    client_a, contact_a, manager
):
    run = services.run_start(actor=manager, client=client_a)

    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a, today=MONDAY
    )

    calendar = client_a.calendar.as_business_calendar()
    assert sent.due_date == business_days_after(calendar, MONDAY, 10)
    notice = Notification.objects.get(recipient=contact_a.user)
    token = notice.url.removeprefix("/onboarding/q/").rstrip("/")
    assert request_from_token(token) == sent
    assert item(run, "questionnaire-sent").done_at is not None


def test_save_come_back_and_submit_fills_the_profile_and_the_timeline(
    client_a, contact_a, manager, client
):
    run = services.run_start(actor=manager, client=client_a)
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    url = questionnaire_url(sent)

    # given: a first visit saves two answers
    saved = client.post(
        url,
        {
            _field("What does your business do"): "We roast coffee",
            _field("Which marketing channels"): ["SEO", "E-mail"],
            "action": "save",
        },
    )
    assert saved.status_code == 302
    # when: the contact comes back, the answers are there
    page = client.get(url).content.decode()
    assert "We roast coffee" in page
    # then: sending with the required answers fills the profile
    sent_back = client.post(
        url,
        {
            _field("What does your business do"): "We roast coffee",
            _field("What are your main goals"): "Sell online",
            _field("Who is your target audience"): "Office workers",
            _field("What is your website"): "https://kopi.example",
            _field("Which marketing channels"): ["SEO", "E-mail"],
            _field("Is there a launch date"): "2027-01-15",
            _field("Your brand book"): SimpleUploadedFile("logo.png", b"\x89PNG"),
            "action": "submit",
        },
    )
    assert sent_back.status_code == 302
    profile = Client.objects.get(pk=client_a.pk)
    assert (
        profile.business_description,
        profile.goals,
        profile.target_audience,
        profile.website,
    ) == ("We roast coffee", "Sell online", "Office workers", "https://kopi.example")
    assert Answer.objects.get(question=_q("Which marketing channels")).value == [
        "SEO",
        "E-mail",
    ]
    assert Answer.objects.get(question=_q("Your brand book")).filename == "logo.png"
    event = Event.objects.get(verb="onboarding.questionnaire_submitted")
    assert event.data["summary"] == "7 answers"
    assert event.actor == contact_a.user
    assert item(run, "questionnaire-returned").done_at is not None
    assert "Your answers were sent" in client.get(url).content.decode()


def test_sending_without_a_required_answer_is_refused_and_keeps_it_open(
    client_a, contact_a, manager
):
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    with pytest.raises(AnswerInvalidError):
        questionnaires.questionnaire_save(
            request=sent,
            answers={_q("What does your business do").pk: "Coffee"},
            submit=True,
        )
    sent.refresh_from_db()
    assert sent.submitted_at is None
    assert Client.objects.get(pk=client_a.pk).business_description == ""


def test_a_bad_web_address_is_refused_and_nothing_is_saved(
    client_a, contact_a, manager, client
):
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    response = client.post(
        questionnaire_url(sent),
        {_field("What is your website"): "javascript:alert(1)", "action": "save"},
    )
    assert response.status_code == 422
    assert "Enter a web address starting with https://." in response.content.decode()
    assert Answer.objects.count() == 0


def test_a_disallowed_file_is_refused(client_a, contact_a, manager, client):
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    response = client.post(
        questionnaire_url(sent),
        {
            _field("Your brand book"): SimpleUploadedFile("run.exe", b"MZ"),
            "action": "save",
        },
    )
    assert response.status_code == 422
    assert "Files of type .exe cannot be uploaded here." in response.content.decode()
    assert Answer.objects.count() == 0


def test_an_uploaded_answer_is_kept_under_its_normalised_name(
    client_a, contact_a, manager, client
):
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )

    response = client.post(
        questionnaire_url(sent),
        {
            _field("Your brand book"): SimpleUploadedFile(
                "Brand\u202e book.pdf. ", b"%"
            ),
            "action": "save",
        },
    )

    assert response.status_code == 302
    assert Answer.objects.get().filename == "Brand book.pdf"


def _refused(client, url):
    response = client.get(url)
    return response.status_code, "This link is not valid" in response.content.decode()


def test_tampered_expired_and_other_client_links_are_refused(
    client_a, client_b, contact_a, manager, client, settings
):
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    token = questionnaire_token(sent)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_client = signing.dumps(
        {"r": sent.pk, "c": client_b.pk, "p": sent.contact_id}, salt=SALT
    )
    contact_b = make_contact(client_b)
    other_contact = signing.dumps(
        {"r": sent.pk, "c": client_a.pk, "p": contact_b.pk}, salt=SALT
    )

    def url(t):
        return reverse("onboarding:questionnaire-fill", args=[t])

    assert _refused(client, url(tampered)) == (404, True)
    assert _refused(client, url(other_client)) == (404, True)
    assert _refused(client, url(other_contact)) == (404, True)
    assert _refused(client, url("garbage")) == (404, True)
    # A POST through a refused link changes nothing.
    client.post(url(other_client), {"action": "submit"})
    assert Answer.objects.count() == 0

    # Expired: the link is older than its 90 days.
    import time

    real = time.time
    try:
        time.time = lambda: real() + 91 * 24 * 3600
        assert _refused(client, url(token)) == (404, True)
    finally:
        time.time = real


def test_reminders_go_before_and_after_the_deadline_once_each(
    client_a, contact_a, manager
):
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a, today=MONDAY
    )
    early = MONDAY + datetime.timedelta(days=1)
    before = sent.due_date - datetime.timedelta(days=1)
    after = sent.due_date + datetime.timedelta(days=1)

    counts = [
        questionnaires.questionnaire_send_reminders(today=day)
        for day in (early, before, before, after, after)
    ]

    assert counts == [0, 1, 0, 1, 0]
    assert (
        Notification.objects.filter(
            recipient=contact_a.user, verb="onboarding.questionnaire_reminder"
        ).count()
        == 2
    )


def test_the_builder_refuses_a_choice_question_without_choices(manager):
    questionnaire = questionnaires.questionnaire_create(actor=manager, name="Short")
    with pytest.raises(AnswerInvalidError):
        questionnaires.question_add(
            actor=manager,
            questionnaire=questionnaire,
            text="Pick one",
            kind="choice",
            choices="Only one",
        )
    questionnaires.question_add(
        actor=manager,
        questionnaire=questionnaire,
        text="Pick one",
        kind="choice",
        choices="Red\n\nBlue\n",
    )
    assert list(questionnaire.questions.values_list("text", "choices", "order")) == [
        ("Pick one", "Red\nBlue", 1)
    ]


def test_an_answer_longer_than_its_profile_field_is_refused_when_saved(
    client_a, contact_a, manager, client
):
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    url = questionnaire_url(sent)

    response = client.post(
        url, {_field("Which industry are you in"): "x" * 200, "action": "save"}
    )

    assert response.status_code == 422
    assert (
        "This answer goes into the client’s industry, which holds at most 120 "
        "characters." in response.content.decode()
    )
    assert Answer.objects.count() == 0


def test_sending_a_long_profile_answer_is_refused_and_changes_nothing(
    client_a, contact_a, manager, client
):
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    url = questionnaire_url(sent)
    long_site = "https://kopi.example/" + "a" * 400

    response = client.post(
        url,
        {
            _field("What does your business do"): "We roast coffee",
            _field("What are your main goals"): "Sell online",
            _field("Who is your target audience"): "Office workers",
            _field("What is your website"): long_site,
            _field("Which industry are you in"): "Coffee " * 30,
            "action": "submit",
        },
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "which holds at most 120 characters." in page
    assert "which holds at most 300 characters." in page
    sent.refresh_from_db()
    assert sent.submitted_at is None
    profile = Client.objects.get(pk=client_a.pk)
    assert (profile.industry, profile.website, profile.business_description) == (
        "",
        "",
        "",
    )
    assert Answer.objects.count() == 0
