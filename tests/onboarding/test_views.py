import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from agencydesk.onboarding import services
from agencydesk.onboarding.models import Run
from agencydesk.people.roles import Role
from tests.factories.clients import make_client, make_contact
from tests.factories.people import make_staff

from .helpers import complete, item, put_on_team

pytestmark = pytest.mark.django_db


def test_starting_from_the_client_page_opens_the_checklist(client_a, manager, as_user):
    response = as_user(manager).post(
        reverse("onboarding:run-start", args=[client_a.slug]), {"kind": "onboarding"}
    )
    run = Run.objects.get()
    assert response.status_code == 302
    assert response.url == run.get_absolute_url()


def test_the_gate_refusal_is_shown_in_place_with_htmx(client_a, manager, as_user):
    run = services.run_start(actor=manager, client=client_a)
    kickoff = item(run, "client-kickoff")

    response = as_user(manager).post(
        reverse("onboarding:item-toggle", args=[run.pk, kickoff.pk]),
        {"done": "1"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in body
    assert "cannot be completed before: Receive the deposit payment; " in body
    assert item(run, "client-kickoff").done_at is None


def test_contacts_cannot_open_or_tick_a_checklist(
    client_a, contact_a, manager, as_user
):
    run = services.run_start(actor=manager, client=client_a)
    first = item(run, "contract-sent")
    http = as_user(contact_a.user)

    assert http.get(run.get_absolute_url()).status_code == 403
    response = http.post(
        reverse("onboarding:item-toggle", args=[run.pk, first.pk]), {"done": "1"}
    )
    assert response.status_code == 403
    assert item(run, "contract-sent").done_at is None


def _runs(n, manager):
    for i in range(n):
        client = make_client(f"Client {i:02d}")
        put_on_team(client, manager)
        make_contact(client)
        run = services.run_start(actor=manager, client=client)
        complete(run, "contract-sent", "internal-scope")


@pytest.mark.parametrize("rows", [1, 6])
def test_lifecycle_pages_cost_the_same_queries_at_any_size(
    rows, manager, as_user, django_assert_num_queries
):
    _runs(rows, manager)
    run = Run.objects.order_by("pk").first()
    http = as_user(manager)
    http.get("/")

    # Session, user, permissions (2), count, page of runs, unread count.
    with django_assert_num_queries(3):
        http.get(reverse("onboarding:overview"))
    # Session, user, permissions (2), run, items, dependencies, unread count
    # (the owner pickers list no staff: they search as one types).
    with django_assert_num_queries(4):
        http.get(run.get_absolute_url())


def test_a_file_sent_with_the_questionnaire_downloads_for_staff_only(
    client_a, contact_a, manager, as_user, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agencydesk.onboarding.services import questionnaires

    settings.MEDIA_ROOT = tmp_path / "media"
    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    question = sent.questionnaire.questions.get(kind="file")
    questionnaires.questionnaire_save(
        request=sent,
        answers={},
        files={question.pk: SimpleUploadedFile("logo.png", b"\x89PNG")},
    )
    url = reverse("onboarding:answer-download", args=[sent.answers.get().pk])

    staff = as_user(manager).get(url)
    assert staff.status_code == 200
    assert b"".join(staff.streaming_content) == b"\x89PNG"
    assert as_user(contact_a.user).get(url).status_code == 403


# --- query counts of the questionnaire and template pages -------------------


def _questionnaire(rows: int):
    from agencydesk.onboarding.services import questionnaires

    made = questionnaires.questionnaire_create(actor=None, name=f"Short {rows}")
    for n in range(rows):
        questionnaires.question_add(
            actor=None, questionnaire=made, text=f"Question {n}", kind="text"
        )
    return made


def _answered(rows, client, contact, manager):
    from agencydesk.onboarding.services import questionnaires

    sent = questionnaires.questionnaire_send(
        actor=manager,
        client=client,
        contact=contact,
        questionnaire=_questionnaire(rows),
    )
    questionnaires.questionnaire_save(
        request=sent,
        answers={q.pk: f"Answer {q.pk}" for q in sent.questionnaire.questions.all()},
    )
    return sent


@pytest.mark.parametrize("rows", [2, 12])
def test_questionnaire_pages_cost_the_same_queries_at_any_size(
    rows, client_a, contact_a, manager, as_user, django_assert_num_queries
):
    from agencydesk.onboarding.selectors.questionnaires import questionnaire_url

    sent = _answered(rows, client_a, contact_a, manager)
    for n in range(rows):
        _questionnaire(n)
    http = as_user(manager)
    http.get("/")

    # Session, user, permissions (2), the request with client, contact and
    # questionnaire, questions, answers, unread count.
    with django_assert_num_queries(4):
        page = http.get(sent.get_absolute_url())
    assert page.content.decode().count("Answer ") == rows
    # Session, user, permissions (2), questionnaires, unread count.
    with django_assert_num_queries(2):
        http.get(reverse("onboarding:questionnaire-list"))
    # Session, user, permissions (2), the questionnaire, its questions, unread.
    with django_assert_num_queries(3):
        http.get(reverse("onboarding:questionnaire-edit", args=[sent.questionnaire_id]))
    # The contact's link: the request from the token, the request with its
    # questionnaire, questions and answers (no sign-in, no session).
    with django_assert_num_queries(4):
        page = HttpClient().get(questionnaire_url(sent))
    assert page.content.decode().count("Answer ") == rows


@pytest.mark.parametrize("rows", [2, 12])
def test_the_template_list_costs_the_same_queries_at_any_size(
    rows, manager, as_user, django_assert_num_queries
):
    from agencydesk.onboarding.models import ChecklistTemplate

    for n in range(rows):
        ChecklistTemplate.objects.create(name=f"Template {n:02d}", kind="onboarding")
    lead = make_staff(Role.AGENCY_LEAD)
    http = as_user(lead)
    http.get("/")

    # Session, user, permissions (2), templates with counts, unread count.
    with django_assert_num_queries(2):
        page = http.get(reverse("onboarding:checklist-template-list"))
    assert page.content.decode().count("Template ") >= rows


# --- the pages' answers through core.actions ---------------------------------


def test_late_items_carry_the_overdue_badge(client_a, manager, as_user):
    import datetime

    run = services.run_start(
        actor=manager, client=client_a, start_date=datetime.date(2026, 1, 5)
    )
    complete(run, "contract-sent", actor=manager)

    body = as_user(manager).get(run.get_absolute_url()).content.decode()

    assert body.count('text-bg-danger">overdue') == 19


def test_a_refused_tick_without_htmx_is_flashed_on_the_run_page(
    client_a, manager, as_user
):
    run = services.run_start(actor=manager, client=client_a)
    kickoff = item(run, "client-kickoff")
    http = as_user(manager)

    response = http.post(
        reverse("onboarding:item-toggle", args=[run.pk, kickoff.pk]),
        {"done": "1"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == run.get_absolute_url()
    assert "cannot be completed before" in response.content.decode()
    assert item(run, "client-kickoff").done_at is None


def test_a_tick_with_a_garbage_value_changes_nothing(client_a, manager, as_user):
    run = services.run_start(actor=manager, client=client_a)
    first = item(run, "contract-sent")

    as_user(manager).post(
        reverse("onboarding:item-toggle", args=[run.pk, first.pk]), {"done": "yes"}
    )

    assert item(run, "contract-sent").done_at is None


def test_a_start_without_a_checklist_kind_says_so_on_the_client_page(
    client_a, manager, as_user
):
    response = as_user(manager).post(
        reverse("onboarding:run-start", args=[client_a.slug]),
        {"kind": "nothing"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == client_a.get_absolute_url()
    assert "Choose a checklist and a valid start date." in response.content.decode()
    assert not Run.objects.exists()


def test_the_questionnaire_posted_without_a_button_changes_nothing(
    client_a, contact_a, manager
):
    from agencydesk.onboarding.models import Answer
    from agencydesk.onboarding.selectors.questionnaires import questionnaire_url
    from agencydesk.onboarding.services import questionnaires

    sent = questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )
    question = sent.questionnaire.questions.filter(kind="text").first()

    response = HttpClient().post(questionnaire_url(sent), {f"q{question.pk}": "Hi"})

    assert response.status_code == 422
    assert "Use one of the buttons to save or send." in response.content.decode()
    assert not Answer.objects.exists()


def test_a_used_template_is_not_deleted_and_the_page_says_why(
    client_a, manager, as_user
):
    from agencydesk.onboarding.models import ChecklistTemplate

    run = services.run_start(actor=manager, client=client_a)
    http = as_user(make_staff(Role.AGENCY_LEAD))

    response = http.post(
        reverse("onboarding:checklist-template-delete", args=[run.template_id]),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse(
        "onboarding:checklist-template-edit", args=[run.template_id]
    )
    assert ChecklistTemplate.objects.filter(pk=run.template_id).exists()
