"""Mail to the requester (desk.services.mail): threaded, in their language,
through the outbox; signed reply addresses."""

import pytest
from django.utils import translation

from agencydesk.comms.models import OutboundMessage
from agencydesk.comms.services import outbox
from agencydesk.comms.services.ingest import ingest
from agencydesk.desk import services
from agencydesk.desk.models import Ticket
from tests.comms.mails import raw_mail
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def kopi(db):
    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    contact = make_contact(
        client, email="maya@kopi.example", full_name="Maya Sari", language="id"
    )
    return client, contact


def test_a_staff_reply_reaches_the_customer_threaded_and_in_their_language(
    kopi, manager, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ingest(raw=raw_mail(message_id="<start@kopi.example>"))
    ticket = Ticket.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.message_add(actor=manager, ticket=ticket, body="Which sizes?")

    mails = smtp_server.messages()
    acknowledgement, reply = mails
    assert reply["To"] == "maya@kopi.example"
    assert reply["Subject"] == f"[{ticket.reference}] Need a banner"

    def unfold(value):
        return "".join(str(value).split())

    assert unfold(reply["In-Reply-To"]) == unfold(acknowledgement["Message-ID"])
    assert "<start@kopi.example>" in unfold(reply["References"])
    assert reply["Reply-To"].startswith(f"desk+{ticket.reference}-")
    assert reply["Auto-Submitted"] is None
    assert acknowledgement["Auto-Submitted"] == "auto-generated"
    text = reply.get_body(("plain",)).get_content()
    assert "Which sizes?" in text
    # Rendered in Indonesian, the contact's language.
    with translation.override("id"):
        hello = translation.gettext("Hello %(name)s,") % {"name": "Maya Sari"}
        stage = translation.gettext("Stage")
    assert hello in text
    assert f"{stage}: " in text
    assert stage != "Stage"
    assert list(OutboundMessage.objects.values_list("status", flat=True)) == [
        "sent",
        "sent",
    ]


def test_internal_notes_send_nothing(
    kopi, manager, smtp_server, django_capture_on_commit_callbacks
):
    _client, contact = kopi
    ticket = services.ticket_create(
        actor=manager, client=contact.client, requester=contact, title="Quiet"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.message_add(
            actor=manager, ticket=ticket, body="secret", is_internal=True
        )

    assert OutboundMessage.objects.filter(text__contains="secret").count() == 0


def test_a_contact_who_turned_mail_off_gets_none(kopi, manager):
    _client, contact = kopi
    contact.user.notify_by_email = False
    contact.user.save()

    services.ticket_create(
        actor=manager, client=contact.client, requester=contact, title="No mail"
    )

    assert OutboundMessage.objects.count() == 0


def test_done_mail_carries_one_click_rating_links(kopi, manager):
    _client, contact = kopi
    ticket = services.ticket_create(
        actor=manager, client=contact.client, requester=contact, title="Logo"
    )

    services.ticket_move(actor=manager, ticket=ticket, status="done")

    done = OutboundMessage.objects.filter(ref__contains=":move:").get()
    assert done.text.count("/portal/rate/") == 5


def test_a_request_saved_while_the_queue_is_unreachable_is_kept_and_mailed_by_the_sweep(
    kopi, manager, smtp_server, django_capture_on_commit_callbacks, monkeypatch
):
    client, contact = kopi

    def unreachable(ids):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    # The hand-over to the worker fails after the commit (Redis went away).
    monkeypatch.setattr(outbox, "_deliver_soon", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.ticket_create(
            actor=manager, client=client, requester=contact, title="Need a banner"
        )

    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert smtp_server.messages() == []
    assert list(OutboundMessage.objects.values_list("status", flat=True)) == ["queued"]
    # The worker's minute sweep sends what was never handed over.
    outbox.outbox_retry_due()
    assert [m["To"] for m in smtp_server.messages()] == ["maya@kopi.example"]
