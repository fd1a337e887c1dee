"""IMAP polling against a real dovecot on loopback."""

import pytest

from agencydesk.comms.models import InboundMessage
from agencydesk.comms.services import imap, ingest
from agencydesk.desk.models import Ticket
from tests.factories.clients import make_client, make_contact

from .mails import raw_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def kopi(db):
    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    make_contact(client, email="maya@kopi.example", full_name="Maya Sari")
    return client


def test_polling_turns_mail_into_tickets_and_files_it(kopi, mailbox, dovecot):
    dovecot.deliver(raw_mail(subject="Banner please"))
    dovecot.deliver(raw_mail(subject="Logo files"))
    dovecot.deliver(raw_mail(sender="stranger@else.example", subject="Who is this"))

    counts = imap.mailbox_poll(mailbox)

    assert counts == {"processed": 3, "failed": 0, "duplicates": 0}
    assert sorted(Ticket.objects.values_list("title", flat=True)) == [
        "Banner please",
        "Logo files",
    ]
    assert InboundMessage.objects.filter(status="triage").count() == 1
    assert dovecot.subjects("INBOX") == []
    assert sorted(dovecot.subjects("Processed")) == [
        "Banner please",
        "Logo files",
        "Who is this",
    ]


def test_a_crash_between_fetch_and_commit_loses_and_doubles_nothing(
    kopi, mailbox, dovecot, monkeypatch
):
    dovecot.deliver(raw_mail(subject="Important request"))
    real_process = ingest.inbound_process_many

    def crash(rows, parsed=None):
        raise SystemExit("worker killed")

    # The worker dies after fetching and storing, before processing commits.
    monkeypatch.setattr(ingest, "inbound_process_many", crash)
    with pytest.raises(SystemExit):
        imap.mailbox_poll(mailbox)
    assert dovecot.subjects("INBOX") == ["Important request"]
    assert Ticket.objects.count() == 0

    monkeypatch.setattr(ingest, "inbound_process_many", real_process)
    first = imap.mailbox_poll(mailbox)
    # The server delivers the same message again (e.g. restored from backup).
    dovecot.deliver(bytes(InboundMessage.objects.get().raw))
    second = imap.mailbox_poll(mailbox)

    assert first == {"processed": 1, "failed": 0, "duplicates": 1}
    assert second == {"processed": 1, "failed": 0, "duplicates": 1}
    assert Ticket.objects.count() == 1
    assert dovecot.subjects("INBOX") == []


def test_a_failing_message_goes_to_the_failed_folder(
    kopi, mailbox, dovecot, monkeypatch
):
    from agencydesk.desk import intake

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(intake.services, "ticket_create", broken)
    dovecot.deliver(raw_mail(subject="Will fail"))

    counts = imap.mailbox_poll(mailbox)

    assert counts["failed"] == 1
    assert dovecot.subjects("Failed") == ["Will fail"]
    assert InboundMessage.objects.get().status == "failed"


def test_a_wrong_password_is_recorded_on_the_mailbox(mailbox):
    mailbox.password = "wrong"
    mailbox.save()

    imap.mailbox_poll(mailbox)

    mailbox.refresh_from_db()
    assert (
        "AUTHENTICATIONFAILED" in mailbox.last_error or "failed" in mailbox.last_error
    )
    assert mailbox.last_polled_at is not None
