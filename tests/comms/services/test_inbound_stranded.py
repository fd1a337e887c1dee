"""A stored message whose processing was stopped (the process was killed) is
processed later, once (comms.services.inbound.inbound_process_stranded)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agencydesk.comms.models import InboundMessage
from agencydesk.comms.services.inbound import inbound_process_stranded, inbound_store
from agencydesk.desk.models import Ticket
from tests.comms.mails import raw_mail
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def kopi(db):
    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    make_contact(client, email="maya@kopi.example", full_name="Maya Sari")
    return client


def stored(message_id: str, *, age: timedelta) -> InboundMessage:
    """Stored raw, never processed: what a killed process leaves."""
    row, _created = inbound_store(raw=raw_mail(message_id=message_id))
    InboundMessage.objects.filter(pk=row.pk).update(received_at=timezone.now() - age)
    return row


def test_a_message_left_new_past_the_lease_becomes_one_ticket(kopi, settings):
    old = stored("<old@kopi.example>", age=timedelta(minutes=10))
    young = stored("<young@kopi.example>", age=timedelta(seconds=5))

    assert inbound_process_stranded() == 1
    assert inbound_process_stranded() == 0

    old.refresh_from_db()
    young.refresh_from_db()
    assert old.status == InboundMessage.Status.PROCESSED
    assert old.ref.startswith("desk.")
    # Younger than WORK_LEASE_SECONDS: perhaps in a running batch, left to it.
    assert young.status == InboundMessage.Status.NEW
    assert Ticket.objects.count() == 1
    assert settings.WORK_LEASE_SECONDS == 300
