import datetime
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.models import Client
from agencydesk.clients.services import access as access_inventory
from agencydesk.clients.services import accounts as account
from agencydesk.clients.services import materials
from agencydesk.core.models import Event
from agencydesk.desk import services as desk
from agencydesk.meetings import services as meetings
from agencydesk.onboarding.errors import (
    AlreadySubmittedError,
    LinkInvalidError,
    NotReadyToArchiveError,
)
from agencydesk.onboarding.models import Archive, FeedbackRequest, RunItem
from agencydesk.onboarding.selectors.offboarding import (
    feedback_from_token,
    feedback_token,
    feedback_url,
)
from agencydesk.onboarding.services import offboarding
from agencydesk.onboarding.services import runs as services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECRETS_KEY = "Hj1fS3Xk0nq7Lr0v4m8Q2yWcT6aB9dE5gJ1hK3lN5pM="


def _offboard(client, contact, manager):
    """An account with a history, in offboarding with every item but archive done."""
    materials.material_create(
        actor=manager,
        client=client,
        title="Brand book",
        kind="brand_book",
        upload=SimpleUploadedFile("book.pdf", b"%PDF-1.4 book"),
    )
    access_inventory.access_entry_create(
        actor=manager,
        client=client,
        platform="Google Ads",
        state="granted",
        secret="top-secret-password",
    )
    ticket = desk.ticket_create(
        actor=manager,
        client=client,
        requester=contact,
        title="Banner for the sale",
        channel="email",
    )
    desk.message_add(
        actor=manager, ticket=ticket, body="Here is the banner.", channel="email"
    )
    meetings.meeting_schedule(
        actor=manager,
        client=client,
        kind="final",
        title="Final review",
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    run = services.run_start(actor=manager, client=client, kind="offboarding")
    feedback = offboarding.feedback_send(actor=manager, client=client, contact=contact)
    for item in RunItem.objects.filter(run=run, done_at__isnull=True).exclude(
        key="archive"
    ):
        services.item_complete(actor=manager, item=item)
    return run, feedback


def test_archiving_exports_everything_and_makes_the_account_read_only(
    client_a, contact_a, manager
):
    _run, feedback = _offboard(client_a, contact_a, manager)
    offboarding.feedback_submit(feedback=feedback, score=9, comment="Great team")

    archive = offboarding.client_archive(actor=manager, client=client_a)

    assert Client.objects.get(pk=client_a.pk).status == "archived"
    with archive.file.open("rb") as handle:
        zipped = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = sorted(zipped.namelist())
    material = client_a.materials.get()
    ticket = client_a.tickets.get()
    message = ticket.messages.get()
    assert names == sorted(
        [
            "profile.json",
            "profile.csv",
            "contacts.json",
            "contacts.csv",
            "team.json",
            "timeline.json",
            "tickets.json",
            f"emails/{ticket.reference}-{message.pk}.eml",
            f"materials/{material.pk}-brand-book/v1-book.pdf",
            "access.json",
            "checklists.json",
            "questionnaire.json",
            "feedback.json",
            "meetings.json",
            "MANIFEST.txt",
        ]
    )
    assert json.loads(zipped.read("contacts.json"))[0]["email"] == contact_a.user.email
    assert zipped.read("contacts.csv").decode().splitlines()[0] == (
        "name,email,role,job_title,phone"
    )
    assert json.loads(zipped.read("tickets.json"))[0]["messages"][0]["body"] == (
        "Here is the banner."
    )
    assert json.loads(zipped.read("feedback.json"))[0]["score"] == 9
    assert json.loads(zipped.read("meetings.json"))[0]["title"] == "Final review"
    assert zipped.read(f"materials/{material.pk}-brand-book/v1-book.pdf") == (
        b"%PDF-1.4 book"
    )
    # The secret is nowhere in the export.
    for name in names:
        assert b"top-secret-password" not in zipped.read(name)
    assert json.loads(zipped.read("access.json"))[0]["state"] == "revoked"

    with pytest.raises(ClientArchivedError):
        account.client_update_profile(
            actor=manager, client=client_a, changes={"goals": "More"}
        )
    assert Client.objects.get(pk=client_a.pk).goals == ""


def test_archiving_with_open_items_is_refused_and_changes_nothing(
    client_a, contact_a, manager
):
    services.run_start(actor=manager, client=client_a, kind="offboarding")
    events = Event.objects.count()

    with pytest.raises(NotReadyToArchiveError) as error:
        offboarding.client_archive(actor=manager, client=client_a)

    assert error.value.message.startswith("These items are still open: ")
    assert Client.objects.get(pk=client_a.pk).status == "offboarding"
    assert Archive.objects.count() == 0
    assert Event.objects.count() == events


def test_an_active_account_cannot_be_archived_directly(client_a, manager):
    with pytest.raises(NotReadyToArchiveError):
        offboarding.client_archive(actor=manager, client=client_a)
    assert Archive.objects.count() == 0


def test_the_feedback_link_takes_one_answer(client_a, contact_a, manager):
    feedback = offboarding.feedback_send(
        actor=manager, client=client_a, contact=contact_a
    )
    found = feedback_from_token(feedback_token(feedback))
    offboarding.feedback_submit(feedback=found, score=10, comment="Thanks")

    with pytest.raises(AlreadySubmittedError):
        offboarding.feedback_submit(feedback=found, score=0)
    assert FeedbackRequest.objects.get(pk=feedback.pk).score == 10
    with pytest.raises(LinkInvalidError):
        feedback_from_token("nonsense")


def test_the_feedback_page_refuses_a_score_out_of_range(
    client_a, contact_a, manager, client
):
    feedback = offboarding.feedback_send(
        actor=manager, client=client_a, contact=contact_a
    )
    response = client.post(feedback_url(feedback), {"score": "11"})
    assert response.status_code == 422
    assert FeedbackRequest.objects.get(pk=feedback.pk).score is None


def test_the_archive_is_downloaded_from_the_client_page(client_a, contact_a, manager):
    from django.test import Client as HttpClient

    _offboard(client_a, contact_a, manager)
    archive = offboarding.client_archive(actor=manager, client=client_a)
    browser = HttpClient()
    browser.force_login(manager)

    page = browser.get(client_a.get_absolute_url())
    link = f'href="/onboarding/archives/{archive.pk}/"'.encode()
    assert link in page.content

    download = browser.get(f"/onboarding/archives/{archive.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
