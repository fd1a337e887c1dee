"""IMAP polling against a real dovecot on loopback."""

import pytest
from django.db import connection

from agencydesk.comms.models import InboundMessage
from agencydesk.comms.services import imap, ingest
from agencydesk.desk.models import Ticket
from tests.comms.mails import raw_mail
from tests.factories.clients import make_client, make_contact

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
    from agencydesk.desk.services import intake

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(intake, "ticket_create", broken)
    dovecot.deliver(raw_mail(subject="Will fail"))

    counts = imap.mailbox_poll(mailbox)

    assert counts["failed"] == 1
    assert dovecot.subjects("Failed") == ["Will fail"]
    assert InboundMessage.objects.get().status == "failed"


def test_a_wrong_password_is_recorded_on_the_mailbox(mailbox):
    mailbox.set_password("wrong")
    mailbox.save()

    imap.mailbox_poll(mailbox)

    mailbox.refresh_from_db()
    assert (
        "AUTHENTICATIONFAILED" in mailbox.last_error or "failed" in mailbox.last_error
    )
    assert mailbox.last_polled_at is not None


def _modified_utf7(name: str) -> bytes:
    """RFC 3501 §5.1.3 for a name of non-ASCII letters only: UTF-7 of it with
    "&" for "+" and "," for "/"."""
    return b"&" + name.encode("utf-7")[1:-1].replace(b"/", b",") + b"-"


def test_folders_named_in_russian_and_chinese_work(kopi, mailbox, dovecot, monkeypatch):
    from agencydesk.desk.services import intake

    mailbox.folder = "Входящие"
    mailbox.processed_folder = "Обработано"
    mailbox.failed_folder = "处理失败"
    mailbox.save()
    dovecot.deliver(raw_mail(subject="Banner please"), folder="Входящие")
    dovecot.deliver(raw_mail(subject="Will fail"), folder="Входящие")
    real_create = intake.ticket_create

    def create(**kwargs):
        if kwargs["title"] == "Will fail":
            raise RuntimeError("boom")
        return real_create(**kwargs)

    monkeypatch.setattr(intake, "ticket_create", create)

    counts = imap.mailbox_poll(mailbox)

    mailbox.refresh_from_db()
    assert mailbox.last_error == ""
    assert counts == {"processed": 1, "failed": 1, "duplicates": 0}
    assert dovecot.subjects("Входящие") == []
    assert dovecot.subjects("Обработано") == ["Banner please"]
    assert dovecot.subjects("处理失败") == ["Will fail"]
    assert {_modified_utf7("Обработано"), _modified_utf7("处理失败")} <= set(
        dovecot.folders()
    )
    assert list(Ticket.objects.values_list("title", flat=True)) == ["Banner please"]


def test_a_message_is_committed_before_it_is_moved(
    committed_db, kopi, mailbox, dovecot, monkeypatch
):
    dovecot.deliver(raw_mail(subject="Banner please"))
    seen = []
    real_move = imap._move

    def move(box, uids, folder):
        if uids:
            # What the server is told to move is already stored and committed.
            seen.append(
                (
                    folder,
                    connection.in_atomic_block,
                    InboundMessage.objects.count(),
                    Ticket.objects.count(),
                )
            )
        real_move(box, uids, folder)

    monkeypatch.setattr(imap, "_move", move)

    imap.mailbox_poll(mailbox)

    assert seen == [("Processed", False, 1, 1)]
    assert dovecot.subjects("Processed") == ["Banner please"]


def test_a_password_no_key_can_read_is_said_on_the_mailbox(mailbox, settings):
    from cryptography.fernet import Fernet

    settings.SECRETS_KEY = Fernet.generate_key().decode()

    imap.mailbox_poll(mailbox)

    mailbox.refresh_from_db()
    assert "cannot be decrypted" in mailbox.last_error
