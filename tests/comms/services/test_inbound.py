"""Mail in (comms.services.inbound): stored raw first, processed once,
never lost: deduplicated, retried, held over a limit, released or discarded."""

import pytest

from agencydesk.comms.models import InboundMessage
from agencydesk.comms.services.inbound import inbound_retry
from agencydesk.comms.services.ingest import ingest
from agencydesk.desk.models import Ticket
from tests.comms.mails import raw_mail
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def kopi(db):
    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    contact = make_contact(client, email="maya@kopi.example", full_name="Maya Sari")
    return client, contact


def test_the_same_mail_twice_creates_nothing_new(kopi):
    raw = raw_mail(message_id="<same@kopi.example>")

    first = ingest(raw=raw)
    second = ingest(raw=raw)

    assert first.pk == second.pk
    assert Ticket.objects.count() == 1
    assert InboundMessage.objects.count() == 1


def test_a_mail_without_message_id_is_deduplicated_by_content(kopi):
    raw = raw_mail().replace(b"Message-ID:", b"X-Old-ID:")

    ingest(raw=raw)
    ingest(raw=raw)

    assert Ticket.objects.count() == 1


def test_a_failing_message_is_kept_and_can_be_retried(kopi, monkeypatch):
    from agencydesk.desk.services import intake

    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(intake, "ticket_create", broken)
    row = ingest(raw=raw_mail())
    assert (row.status, row.reason) == ("failed", "RuntimeError: database hiccup")
    assert Ticket.objects.count() == 0
    monkeypatch.undo()

    row = inbound_retry(inbound=row)

    assert row.status == "processed"
    assert Ticket.objects.count() == 1


def test_oversized_mail_is_recorded_and_not_processed(kopi, settings):
    settings.MAIL_MAX_BYTES = 1000

    row = ingest(raw=raw_mail(body="x" * 5000))

    assert row.status == "ignored"
    assert "over the limit of 1000 bytes" in row.reason
    assert Ticket.objects.count() == 0


def test_a_sender_over_the_rate_limit_is_held_for_review_not_dropped(kopi, settings):
    from agencydesk.comms.services.inbound import inbound_discard, inbound_release

    settings.MAIL_SENDER_RATE_PER_HOUR = 3

    rows = [ingest(raw=raw_mail(subject=f"Request {n}")) for n in range(5)]

    assert [r.status for r in rows] == ["processed"] * 3 + ["held"] * 2
    assert "held for review" in rows[3].reason
    assert Ticket.objects.count() == 3

    # A person lets the real contact's fourth mail through, drops the fifth.
    released = inbound_release(inbound=rows[3])
    dropped = inbound_discard(inbound=rows[4])

    assert released.status == "processed"
    assert dropped.status == "ignored"
    assert sorted(Ticket.objects.values_list("title", flat=True)) == [
        "Request 0",
        "Request 1",
        "Request 2",
        "Request 3",
    ]


def test_a_message_over_the_parse_time_budget_is_stored_whole_and_held(kopi, settings):
    from agencydesk.comms.services.inbound import inbound_release

    settings.MAIL_PARSE_BUDGET_SECONDS = 0  # every body is over budget
    raw = raw_mail(body="Please call me back")

    row = ingest(raw=raw)

    row.refresh_from_db()
    assert row.status == "held"
    assert "time budget" in row.reason
    assert bytes(row.raw) == raw  # nothing lost
    assert Ticket.objects.count() == 0

    settings.MAIL_PARSE_BUDGET_SECONDS = 5
    assert inbound_release(inbound=row).status == "processed"
    assert Ticket.objects.get().title == "Need a banner"
