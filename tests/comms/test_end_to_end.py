"""The issue's end-to-end case, with real servers only."""

import smtplib

import pytest

from agencydesk.comms.services import imap
from agencydesk.desk import services
from agencydesk.desk.models import Message, Ticket
from tests.factories.clients import make_client, make_contact

from .mails import raw_mail

pytestmark = pytest.mark.django_db


def test_mail_to_ticket_reply_and_back_through_real_servers(
    mailbox, mta, smtp_server, settings, manager, django_capture_on_commit_callbacks
):
    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    make_contact(
        client, email="maya@kopi.example", full_name="Maya Sari", language="en"
    )
    # The desk's own mail leaves through the same mail server.
    settings.EMAIL_PORT = mta.port

    # 1. The customer's mail program sends a request.
    with smtplib.SMTP("127.0.0.1", mta.port) as customer:
        customer.sendmail(
            "maya@kopi.example",
            ["desk@agency.test"],
            raw_mail(subject="Banner for the sale", body="We need a banner."),
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert imap.mailbox_poll(mailbox)["processed"] == 1
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.title) == ("email", "Banner for the sale")

    # 2. Staff reply; the mail reaches the customer with threading headers.
    with django_capture_on_commit_callbacks(execute=True):
        services.message_add(actor=manager, ticket=ticket, body="Which sizes?")
    reply = next(
        m
        for m in mta.messages()
        if "Which sizes?" in m.get_body(("plain",)).get_content()
    )
    assert reply["Subject"] == f"[{ticket.reference}] Banner for the sale"
    assert reply["In-Reply-To"] and reply["References"]

    # 3. The customer answers from a mail program that keeps only In-Reply-To.
    with smtplib.SMTP("127.0.0.1", mta.port) as customer:
        customer.sendmail(
            "maya@kopi.example",
            [str(reply["Reply-To"])],
            raw_mail(
                to=str(reply["Reply-To"]),
                subject="Re: " + str(reply["Subject"]),
                body="1200x400 please.\n\nOn Monday Desk wrote:\n> Which sizes?",
                in_reply_to=str(reply["Message-ID"]),
            ),
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert imap.mailbox_poll(mailbox)["processed"] == 1

    assert Ticket.objects.count() == 1
    bodies = list(
        Message.objects.filter(ticket=ticket)
        .order_by("pk")
        .values_list("body", flat=True)
    )
    assert bodies == ["Which sizes?", "1200x400 please."]
