"""Files of ticket messages: downloaded as the pages allow (a contact never
gets an internal note's file) and sent with a reply under the upload limits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.desk import services
from agencydesk.desk.models import Attachment, Message
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .conftest import api_for

READ = ["tickets:read"]
WRITE = ["tickets:read", "tickets:write"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(db):
    # An admin runs the agency's settings, not its desk (no desk.view_ticket).
    return make_staff(Role.AGENCY_LEAD, full_name="Desk Lead")


def _with_file(ticket, actor, name, content, internal=False):
    message = services.message_add(
        actor=actor,
        ticket=ticket,
        body="See the file",
        is_internal=internal,
        attachments=[SimpleUploadedFile(name, content)],
    )
    return message, message.attachments.get()


def _url(ticket, message, attachment):
    return f"/tickets/{ticket.number}/messages/{message.pk}/attachments/{attachment.pk}"


def test_a_contact_downloads_a_public_file_never_an_internal_notes(
    staff, contact_a, ticket_a
):
    public, draft = _with_file(ticket_a, staff, "draft.png", b"png-bytes")
    note, costs = _with_file(ticket_a, staff, "costs.xlsx", b"secret", internal=True)
    api = api_for(contact_a.user, READ)

    got = api.get(_url(ticket_a, public, draft))
    hidden = api.get(_url(ticket_a, note, costs))
    listed = api.get(f"/tickets/{ticket_a.number}/messages").json()

    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"png-bytes"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert 'filename="draft.png"' in got["Content-Disposition"]
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"
    [message] = listed["items"][1:] or listed["items"]
    assert [a["filename"] for a in message["attachments"]] == ["draft.png"]
    # Staff get the note's file.
    by_staff = api_for(staff, READ).get(_url(ticket_a, note, costs))
    assert by_staff.status_code == 200, by_staff.content
    assert b"".join(by_staff.streaming_content) == b"secret"


def test_another_clients_file_or_a_wrong_message_is_404(
    staff, contact_a, ticket_a, ticket_b
):
    theirs, file_b = _with_file(ticket_b, staff, "b.pdf", b"%PDF b")
    mine, file_a = _with_file(ticket_a, staff, "a.pdf", b"%PDF a")
    api = api_for(contact_a.user, READ)

    assert api.get(_url(ticket_b, theirs, file_b)).status_code == 404
    assert api.get(_url(ticket_a, theirs, file_b)).status_code == 404
    assert api.get(_url(ticket_a, mine, file_b)).status_code == 404
    assert api.get(_url(ticket_a, theirs, file_a)).status_code == 404
    assert (
        api_for(contact_a.user, ["clients:read"])
        .get(_url(ticket_a, mine, file_a))
        .status_code
        == 403
    )


def _post(api, ticket, files, **fields):
    data = {"body": "Here are the files", **fields}
    if files:
        data["files"] = files
    return api.http.post(
        f"/api/v1/tickets/{ticket.number}/attachments",
        data,
        headers=api._headers(None),
    )


def test_a_reply_with_files(contact_a, ticket_a, staff):
    api = api_for(contact_a.user, WRITE)

    made = _post(
        api,
        ticket_a,
        [
            SimpleUploadedFile("brief.pdf", b"%PDF brief"),
            SimpleUploadedFile("logo.svg", b"<svg/>"),
        ],
    )
    body = made.json()

    assert made.status_code == 201, body
    assert body["is_internal"] is False
    assert [a["filename"] for a in body["attachments"]] == ["brief.pdf", "logo.svg"]
    message = Message.objects.get(pk=body["id"])
    assert message.author == contact_a.user
    stored = message.attachments.get(filename="brief.pdf")
    got = api.get(_url(ticket_a, message, stored))
    assert b"".join(got.streaming_content) == b"%PDF brief"
    # A contact writes no internal note.
    note = _post(api, ticket_a, [SimpleUploadedFile("x.pdf", b"x")], is_internal="true")
    assert note.status_code == 403
    staff_note = _post(
        api_for(staff, WRITE),
        ticket_a,
        [SimpleUploadedFile("x.pdf", b"x")],
        is_internal="true",
    )
    assert staff_note.status_code == 201
    assert staff_note.json()["is_internal"] is True


def test_files_past_the_limits_are_refused_and_nothing_is_stored(
    contact_a, ticket_a, settings
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    settings.ATTACHMENT_MAX_COUNT = 2
    api = api_for(contact_a.user, WRITE)
    before = Message.objects.count()

    too_big = _post(api, ticket_a, [SimpleUploadedFile("big.pdf", b"x" * 2048)])
    wrong_type = _post(api, ticket_a, [SimpleUploadedFile("run.exe", b"MZ")])
    too_many = _post(
        api, ticket_a, [SimpleUploadedFile(f"f{n}.txt", b"x") for n in range(3)]
    )
    no_files = _post(api, ticket_a, [])
    no_body = _post(api, ticket_a, [SimpleUploadedFile("a.txt", b"x")], body="")

    assert too_big.status_code == 413
    assert too_big.json()["code"] == "attachment_refused"
    assert "big.pdf" in too_big.json()["fields"]["files"][0]
    assert wrong_type.status_code == 422
    assert wrong_type.json()["code"] == "attachment_refused"
    assert too_many.status_code == 422
    assert no_files.status_code == 422
    assert "files" in no_files.json()["fields"]
    assert no_body.status_code == 422
    assert Message.objects.count() == before
    assert Attachment.objects.count() == 0
