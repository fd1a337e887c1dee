"""The desk behaves as people expect (issue #11): a public reply is never
labelled internal, a reply with a status change is one mail, every staff
role opens a ticket's files."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencydesk.comms.models import OutboundMessage
from agencydesk.desk import services
from agencydesk.desk.models import Message, Status, Transition
from agencydesk.people.roles import Role
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_contact(client_a):
    return make_contact(client_a, full_name="Eve English", language="en")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _mail_after(ticket, count_before):
    return list(
        OutboundMessage.objects.filter(
            ref__startswith=f"desk.ticket:{ticket.pk}:"
        ).order_by("pk")[count_before:]
    )


def test_a_public_reply_typed_on_the_desk_is_not_labelled_internal(
    client_a, contact_a, manager, as_user
):
    ticket = make_ticket(client_a, requester=contact_a)
    http = as_user(manager)

    http.post(
        reverse("desk:ticket-message", args=[ticket.number]),
        {"body": "Here are the sizes"},
    )
    http.post(
        reverse("desk:ticket-message", args=[ticket.number]),
        {"body": "Check margins first", "is_internal": "on"},
    )

    reply, note = Message.objects.order_by("pk")
    assert (reply.is_internal, reply.channel) == (False, "email")
    assert (note.is_internal, note.channel) == (True, "internal")
    page = http.get(ticket.get_absolute_url()).content.decode()
    reply_line = page.split("Here are the sizes")[0].rsplit('class="card', 1)[1]
    assert "Internal" not in reply_line
    note_line = page.split("Check margins first")[0].rsplit('class="card', 1)[1]
    assert "Internal note" in note_line


def test_a_reply_that_also_sets_the_status_sends_one_mail(
    client_a, english_contact, manager, as_user
):
    ticket = make_ticket(client_a, requester=english_contact)
    before = OutboundMessage.objects.count()

    response = as_user(manager).post(
        reverse("desk:ticket-message", args=[ticket.number]),
        {"body": "Final files attached, thank you!", "status": "done"},
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.DONE
    assert Transition.objects.filter(ticket=ticket, to_status="done").count() == 1
    (mail,) = _mail_after(ticket, before)
    assert "Final files attached, thank you!" in mail.text
    assert f"{ticket.reference} is done." in mail.text
    assert mail.text.count("/portal/rate/") == 5
    # A person wrote it: not an automatic notification.
    assert "Auto-Submitted" not in mail.headers


def test_a_note_that_sets_the_status_mails_only_the_status(
    client_a, english_contact, manager
):
    ticket = make_ticket(client_a, requester=english_contact)
    before = OutboundMessage.objects.count()

    services.message_add(
        actor=manager,
        ticket=ticket,
        body="Client owes us the brief",
        is_internal=True,
        status="waiting",
    )

    (mail,) = _mail_after(ticket, before)
    assert "Client owes us the brief" not in mail.text
    assert "is waiting for your answer" in mail.text


def test_setting_the_status_with_a_reply_needs_the_move_permission(client_a, contact_a):
    ticket = make_ticket(client_a, requester=contact_a)
    with pytest.raises(PermissionDenied):
        services.message_add(
            actor=contact_a.user, ticket=ticket, body="Close it", status="done"
        )
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert not Message.objects.filter(body="Close it").exists()


@pytest.mark.parametrize("role", list(Role))
def test_every_staff_role_opens_a_tickets_files(
    role, client_a, contact_a, manager, as_user
):
    ticket = make_ticket(client_a, requester=contact_a)
    reply = services.message_add(
        actor=manager,
        ticket=ticket,
        body="Draft",
        attachments=[SimpleUploadedFile("draft.png", b"png-bytes")],
    )
    url = reverse("desk:attachment", args=[reply.attachments.get().pk])

    response = as_user(make_staff(role)).get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"png-bytes"


def test_a_file_of_a_ticket_out_of_scope_is_not_found(
    client_a, client_b, contact_a, manager, as_user
):
    from agencydesk.core.models import Agency

    Agency.objects.update(staff_scope="own")
    ticket = make_ticket(client_a, requester=contact_a)
    reply = services.message_add(
        actor=manager,
        ticket=ticket,
        body="Draft",
        attachments=[SimpleUploadedFile("draft.png", b"png")],
    )
    outsider = make_staff(Role.SPECIALIST)

    response = as_user(outsider).get(
        reverse("desk:attachment", args=[reply.attachments.get().pk])
    )

    assert response.status_code == 404
