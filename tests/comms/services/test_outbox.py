"""Mail out (comms.services.outbox): through the outbox to a real SMTP server,
retried."""

import pytest
from django.core import mail
from django.utils import timezone

from agencydesk.comms.models import OutboundMessage
from agencydesk.comms.services.outbox import (
    Attachment,
    outbox_deliver,
    outbox_enqueue,
    outbox_retry_due,
    register_attachments,
)

pytestmark = pytest.mark.django_db


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
