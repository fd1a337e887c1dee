"""`agencydesk mail ingest` from stdin, files, a Maildir and an mbox."""

import io
import mailbox
import sys

import pytest
from django.core.management import call_command

from agencydesk.comms.models import InboundMessage
from agencydesk.desk.models import Ticket
from tests.factories.clients import make_client, make_contact

from .mails import raw_mail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kopi(db):
    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    make_contact(client, email="maya@kopi.example")


def test_ingest_from_stdin_like_an_mta_pipe(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(raw_mail(subject="Piped in")))
    monkeypatch.setattr(sys, "stdin", stdin)
    out = io.StringIO()

    call_command("mail", "ingest", stdout=out)

    assert out.getvalue() == "Ingested: 1 processed\n"
    assert list(Ticket.objects.values_list("title", flat=True)) == ["Piped in"]


def test_ingest_a_maildir_an_mbox_and_files(tmp_path):
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for n in range(3):
        maildir.add(raw_mail(subject=f"Maildir {n}"))
    mbox = mailbox.mbox(tmp_path / "archive.mbox", create=True)
    mbox.add(raw_mail(subject="Mbox 0"))
    mbox.add(raw_mail(sender="nobody@else.example", subject="Stranger"))
    mbox.flush()
    eml = tmp_path / "one.eml"
    eml.write_bytes(raw_mail(subject="File 0"))
    out = io.StringIO()

    call_command(
        "mail",
        "ingest",
        str(eml),
        maildir=str(tmp_path / "Maildir"),
        mbox=str(tmp_path / "archive.mbox"),
        stdout=out,
    )

    assert out.getvalue() == "Ingested: 5 processed, 1 triage\n"
    assert sorted(Ticket.objects.values_list("title", flat=True)) == [
        "File 0",
        "Maildir 0",
        "Maildir 1",
        "Maildir 2",
        "Mbox 0",
    ]
    # Running it again changes nothing.
    call_command(
        "mail",
        "ingest",
        str(eml),
        maildir=str(tmp_path / "Maildir"),
        stdout=io.StringIO(),
    )
    assert Ticket.objects.count() == 5
    assert InboundMessage.objects.count() == 6
