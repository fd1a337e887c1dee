"""Mail out: through the outbox to a real SMTP server, threaded, retried."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from agencydesk.comms.models import OutboundMessage
from agencydesk.comms.services.ingest import ingest
from agencydesk.comms.services.outbox import (
    Attachment,
    outbox_deliver,
    outbox_enqueue,
    outbox_retry_due,
    register_attachments,
)
from agencydesk.desk import services
from agencydesk.desk.models import Ticket
from tests.factories.clients import make_client, make_contact

from .mails import raw_mail

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


def test_delivery_is_retried_with_backoff_until_the_server_answers(db, settings):
    from tests.comms.conftest import _free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()  # nobody listens there
    message = outbox_enqueue(to=["a@example.com"], subject="Hi", text="x")

    outbox_deliver(message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at > timezone.now()
    # Not due yet: the retry sweep leaves it alone.
    assert outbox_retry_due() == 0


def test_a_queued_message_reaches_a_server_that_came_back(db, smtp_server):
    message = outbox_enqueue(to=["a@example.com"], subject="Later", text="x")
    OutboundMessage.objects.filter(pk=message.pk).update(
        attempts=3, next_attempt_at=timezone.now()
    )

    assert outbox_retry_due() == 1

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 4)
    assert [m["Subject"] for m in smtp_server.messages()] == ["Later"]


def test_a_message_carries_the_attachment_its_sender_registered(
    django_capture_on_commit_callbacks,
):
    register_attachments(
        "tests.cal",
        lambda key: [
            Attachment(
                "invite.ics",
                f"BEGIN:VCALENDAR {key}",
                "text/calendar",
                {"method": "REQUEST"},
            )
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(to=["a@example.test"], subject="Hi", text="x", ref="tests.cal:7")

    (part,) = mail.outbox[-1].attachments
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics"
    assert part.get_payload(decode=True) == b"BEGIN:VCALENDAR 7"
