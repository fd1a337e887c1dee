import pytest
from django.urls import reverse

from agencydesk.onboarding import services
from agencydesk.onboarding.models import Run
from tests.factories.clients import make_client, make_contact

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
    with django_assert_num_queries(7):
        http.get(reverse("onboarding:overview"))
    # Session, user, permissions (2), run, items, dependencies, the owner
    # picker's staff, unread count.
    with django_assert_num_queries(9):
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
