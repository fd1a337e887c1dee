"""Files in an S3-compatible object store (moto's server on loopback): the same
uploads, downloads and permission checks as on the local disk, and a clear
answer that changes nothing when the store cannot be reached."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencydesk.core.objectstore import ObjectStorage
from agencydesk.desk import services
from agencydesk.desk.models import Attachment, Message, Ticket
from tests.api.conftest import api_for
from tests.factories.desk import make_ticket
from tests.objectstore import (
    make_bucket,
    object_store_storages,
    storage_url,
    unreachable_endpoint,
)

pytestmark = pytest.mark.django_db

BRIEF = b"%PDF-1.4 " + bytes(range(256)) * 4000  # ~1 MB, every byte value
UNAVAILABLE = (
    "The file store cannot be reached right now. Nothing was changed; please "
    "try again in a few minutes."
)


def _upload(name="brief.pdf", content=BRIEF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _store_unreachable(settings):
    """The object store's address answers nothing (one try per request, so
    the test does not wait out the retries)."""
    dead = unreachable_endpoint()
    url = storage_url(dead, "agencydesk-gone") + "&max_attempts=1&connect_timeout=2"
    settings.STORAGES = object_store_storages(url)


def _downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_portal_upload_lands_in_the_object_store_and_downloads_behind_the_checks(
    object_store, client_a, contact_a, contact_b, manager, as_user
):
    response = as_user(contact_a.user).post(
        reverse("portal:ticket-create"),
        {"title": "New banner", "priority": "normal", "attachments": [_upload()]},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert isinstance(object_store, ObjectStorage)
    assert object_store.inventory([attachment.file.name]) == {
        attachment.file.name: len(BRIEF)
    }
    assert not (object_store_local_files := list(_local_files())), (
        object_store_local_files
    )
    ticket = attachment.message.ticket
    url = reverse("portal:attachment-download", args=[ticket.number, attachment.pk])

    own = as_user(contact_a.user).get(url)
    staff = as_user(manager).get(reverse("desk:attachment", args=[attachment.pk]))
    other_client = as_user(contact_b.user).get(url)

    assert own.status_code == 200
    assert own["Content-Length"] == str(len(BRIEF))
    assert own["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert own["X-Content-Type-Options"] == "nosniff"
    assert _downloaded(own) == BRIEF
    assert staff.status_code == 200
    assert _downloaded(staff) == BRIEF
    assert other_client.status_code == 404


def _local_files():
    from django.conf import settings

    root = settings.MEDIA_ROOT
    return (p for p in root.rglob("*") if p.is_file()) if root.exists() else ()


def test_an_internal_notes_file_stays_hidden_from_the_contact(
    object_store, client_a, contact_a, manager, as_user
):
    ticket = make_ticket(client_a, actor=manager, requester=contact_a)
    note = services.message_add(
        actor=manager,
        ticket=ticket,
        body="Costs",
        is_internal=True,
        attachments=[_upload("costs.pdf", b"secret")],
    )
    hidden = note.attachments.get()
    url = reverse("portal:attachment-download", args=[ticket.number, hidden.pk])

    assert as_user(contact_a.user).get(url).status_code == 404
    staff = as_user(manager).get(reverse("desk:attachment", args=[hidden.pk]))
    assert _downloaded(staff) == b"secret"


def test_the_same_name_twice_keeps_both_files(object_store, client_a, manager):
    # Attachments are named by their SHA-256: a second upload of the same bytes
    # must not overwrite the first one's object (and a delete of one row's
    # file must not take the other's).
    ticket = make_ticket(client_a, actor=manager)
    first = services.message_add(
        actor=manager, ticket=ticket, body="One", attachments=[_upload()]
    ).attachments.get()
    second = services.message_add(
        actor=manager, ticket=ticket, body="Two", attachments=[_upload()]
    ).attachments.get()

    assert first.file.name != second.file.name
    first.file.delete(save=False)
    with second.file.open("rb") as handle:
        assert handle.read() == BRIEF


def test_a_file_missing_from_the_store_is_a_404(
    object_store, client_a, manager, as_user
):
    ticket = make_ticket(client_a, actor=manager)
    attachment = services.message_add(
        actor=manager, ticket=ticket, body="One", attachments=[_upload()]
    ).attachments.get()
    object_store.delete(attachment.file.name)

    response = as_user(manager).get(reverse("desk:attachment", args=[attachment.pk]))

    assert response.status_code == 404


def test_a_download_seeks_and_reads_in_pieces(object_store):
    name = object_store.save("pieces/brief.pdf", _upload())

    with object_store.open(name, "rb") as handle:
        assert handle.size == len(BRIEF)
        assert handle.read(9) == BRIEF[:9]
        handle.seek(-5, 2)
        assert handle.read() == BRIEF[-5:]
        handle.seek(1000)
        assert handle.read(10) == BRIEF[1000:1010]
        assert handle.read(10) == BRIEF[1010:1020]


# --- an unreachable store ----------------------------------------------------


def test_an_unreachable_store_opens_no_ticket_and_says_so(
    client_a, contact_a, as_user, settings
):
    _store_unreachable(settings)

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-create"),
        {"title": "New banner", "priority": "normal", "attachments": [_upload()]},
    )

    assert response.status_code == 422
    assert UNAVAILABLE in response.content.decode()
    assert (Ticket.objects.count(), Message.objects.count()) == (0, 0)
    assert Attachment.objects.count() == 0


def test_an_unreachable_store_adds_no_reply(
    client_a, contact_a, manager, as_user, settings
):
    ticket = make_ticket(client_a, actor=manager, requester=contact_a)
    before = (ticket.messages.count(), Ticket.objects.get(pk=ticket.pk).version)
    _store_unreachable(settings)

    response = as_user(manager).post(
        reverse("desk:ticket-message", args=[ticket.number]),
        {"body": "Here it is", "attachments": [_upload()]},
    )

    assert response.status_code in (200, 302, 422), response.status_code
    assert response.status_code != 500
    assert UNAVAILABLE in _page_text(as_user(manager), response)
    after = (ticket.messages.count(), Ticket.objects.get(pk=ticket.pk).version)
    assert after == before


def _page_text(http, response) -> str:
    """The page the person ends up reading: the answer itself, or where a
    redirect takes them (a flashed error)."""
    if response.status_code == 302:
        return http.get(response.url).content.decode()
    return response.content.decode()


def test_an_unreachable_store_answers_a_download_with_503(
    object_store, client_a, manager, as_user, settings
):
    ticket = make_ticket(client_a, actor=manager)
    attachment = services.message_add(
        actor=manager, ticket=ticket, body="One", attachments=[_upload()]
    ).attachments.get()
    _store_unreachable(settings)

    response = as_user(manager).get(reverse("desk:attachment", args=[attachment.pk]))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert UNAVAILABLE in response.content.decode()


def test_an_unreachable_store_answers_the_api_with_503(
    client_a, contact_a, manager, settings
):
    ticket = make_ticket(client_a, actor=manager, requester=contact_a)
    _store_unreachable(settings)
    api = api_for(manager, ["tickets:read", "tickets:write"])

    response = api.http.post(
        f"/api/v1/tickets/{ticket.number}/attachments",
        {"body": "Files", "files": [_upload()]},
        headers={"Authorization": f"Bearer {api.token}"},
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "storage_unavailable"
    assert ticket.messages.count() == 0


def test_health_says_the_file_store_is_down(settings, client):
    settings.HEALTHZ_TOKEN = token = "monitoring-" + "k" * 32
    _store_unreachable(settings)

    health = client.get("/healthz", headers={"Authorization": f"Bearer {token}"})

    assert health.status_code == 200  # pages still serve
    body = health.json()
    assert body["status"] == "degraded"
    assert body["storage"]["backend"] == "s3"
    assert body["storage"]["status"] == "error"
    assert "Could not connect" in body["storage"]["error"]


def test_health_says_the_object_store_is_up(object_store, settings, client):
    settings.HEALTHZ_TOKEN = token = "monitoring-" + "k" * 32

    health = client.get("/healthz", headers={"Authorization": f"Bearer {token}"})

    assert health.json()["storage"] == {"backend": "s3", "status": "ok"}


def test_the_bucket_prefix_keeps_files_under_it(moto_endpoint, settings, tmp_path):
    bucket = make_bucket(moto_endpoint)
    settings.STORAGES = object_store_storages(
        storage_url(moto_endpoint, bucket, prefix="agency/files")
    )
    store = storages["default"]

    name = store.save("tickets/ab/abc", _upload())

    client = store.connection.meta.client
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]]
    assert name == "tickets/ab/abc"
    assert keys == ["agency/files/tickets/ab/abc"]
    assert store.inventory([name]) == {name: len(BRIEF)}


def test_mail_met_by_an_unreachable_store_is_kept_and_goes_through_on_retry(
    moto_endpoint, settings, tmp_path
):
    from agencydesk.comms.services.inbound import inbound_retry
    from agencydesk.comms.services.ingest import ingest
    from tests.comms.mails import raw_mail
    from tests.factories.clients import make_client, make_contact

    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    make_contact(client, email="maya@kopi.example", full_name="Maya Sari")
    _store_unreachable(settings)

    row = ingest(raw=raw_mail(attachments=[("brief.pdf", BRIEF, "application/pdf")]))

    assert row.status == "failed"
    assert "StorageUnavailableError" in row.reason
    assert Ticket.objects.count() == 0

    settings.STORAGES = object_store_storages(
        storage_url(moto_endpoint, make_bucket(moto_endpoint))
    )
    row = inbound_retry(inbound=row)

    assert row.status == "processed"
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as handle:
        assert handle.read() == BRIEF
