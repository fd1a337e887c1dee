"""A worker killed while sending loses no mail and, to the recipient, sends
none twice (comms.services.outbox with core.leases)."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from agencydesk.comms.models import OutboundMessage
from agencydesk.comms.services import outbox
from agencydesk.comms.services.outbox import (
    MAX_ATTEMPTS,
    outbox_enqueue,
    outbox_resume,
    outbox_retry_due,
)
from agencydesk.core import leases

pytestmark = pytest.mark.django_db


def dead_pid() -> int:
    """The id of a process that ran and is gone (and reaped)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def live_pid():
    process = subprocess.Popen(["sleep", "60"])
    yield process.pid
    process.kill()
    process.wait()


def left_by(claim: str, **fields) -> OutboundMessage:
    """A queued message as a process that claimed it and stopped leaves it."""
    message = outbox_enqueue(to=["maya@kopi.example"], subject="Your banner", text="x")
    OutboundMessage.objects.filter(pk=message.pk).update(
        claimed_by=claim,
        claimed_until=timezone.now() + timedelta(minutes=5),
        attempts=1,
        **fields,
    )
    return message


def message_ids(smtp_server) -> list[str]:
    return [m["Message-ID"] for m in smtp_server.messages()]


def test_the_mail_a_killed_worker_held_is_sent_once_when_it_starts_again(
    smtp_server, settings
):
    message = left_by(f"{settings.WORKER_ID}:{dead_pid()}")
    # Its lease holds: the periodic pass of another worker leaves it alone.
    assert outbox_retry_due() == 0

    assert outbox_resume() == 1

    message.refresh_from_db()
    assert (message.status, message.attempts, message.claimed_by) == ("sent", 2, "")
    assert message_ids(smtp_server) == [f"<{message.message_id}>"]


def test_another_workers_claim_is_taken_over_only_when_its_lease_ran_out(
    smtp_server, live_pid
):
    message = left_by(f"other-worker:{live_pid}")

    assert outbox_resume() == 0
    assert message_ids(smtp_server) == []

    OutboundMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert outbox_retry_due() == 1
    assert message_ids(smtp_server) == [f"<{message.message_id}>"]


def test_a_live_process_of_the_same_worker_keeps_its_claim(
    smtp_server, settings, live_pid
):
    left_by(f"{settings.WORKER_ID}:{live_pid}")

    assert outbox_resume() == 0
    assert message_ids(smtp_server) == []


def test_killed_after_the_server_took_it_the_mail_goes_again_by_the_same_id(
    smtp_server, settings
):
    """The one window at-least-once leaves: the server answered 250 and the
    worker died before writing "sent". The second send repeats the
    Message-ID, so the recipient's mail store keeps one message."""
    message = left_by(f"{settings.WORKER_ID}:{dead_pid()}")
    outbox._send_email(OutboundMessage.objects.get(pk=message.pk))

    outbox_resume()

    assert len(message_ids(smtp_server)) == 2
    assert set(message_ids(smtp_server)) == {f"<{message.message_id}>"}


def test_a_message_whose_sends_keep_dying_is_given_up_not_sent_again(
    smtp_server, settings
):
    message = left_by(f"{settings.WORKER_ID}:{dead_pid()}")
    OutboundMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS)

    outbox_resume()

    message.refresh_from_db()
    assert message.status == "failed"
    assert "without an outcome" in message.last_error
    assert message_ids(smtp_server) == []


def test_a_claim_is_made_and_cleared_by_one_send(smtp_server, monkeypatch):
    message = outbox_enqueue(to=["maya@kopi.example"], subject="Once", text="x")
    seen = []
    real_send = outbox.SENDERS[OutboundMessage.Channel.EMAIL]

    def watching_send(row):
        seen.append(OutboundMessage.objects.values_list("claimed_by").get(pk=row.pk))
        real_send(row)

    monkeypatch.setitem(outbox.SENDERS, OutboundMessage.Channel.EMAIL, watching_send)
    outbox.outbox_deliver(message.pk)
    # Sent: a second job for it sends nothing.
    outbox.outbox_deliver(message.pk)

    assert seen == [(leases.holder(),)]
    message.refresh_from_db()
    assert (message.status, message.claimed_by, message.claimed_until) == (
        "sent",
        "",
        None,
    )
    assert message_ids(smtp_server) == [f"<{message.message_id}>"]
