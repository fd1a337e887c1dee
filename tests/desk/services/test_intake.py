"""Mail in (desk.services.intake): a message becomes a ticket or a reply on one,
threaded by headers, reply address and subject tag; strangers wait in triage."""

import pytest

from agencydesk.comms.services.ingest import ingest
from agencydesk.desk import services
from agencydesk.desk.models import Message, Ticket
from agencydesk.desk.services.intake import contact_for_phone
from agencydesk.desk.services.mail import reply_address
from tests.comms.mails import raw_mail
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def kopi(db):
    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    contact = make_contact(client, email="maya@kopi.example", full_name="Maya Sari")
    return client, contact


def test_a_new_mail_opens_a_ticket_on_the_senders_client(kopi):
    client, contact = kopi

    row = ingest(
        raw=raw_mail(attachments=[("brief.pdf", b"%PDF-1.4", "application/pdf")])
    )

    ticket = Ticket.objects.get()
    assert row.status == "processed"
    assert row.ref == f"desk.ticket:{ticket.pk}"
    assert (ticket.client, ticket.requester, ticket.channel, ticket.stage) == (
        client,
        contact,
        "email",
        "screening",
    )
    assert ticket.title == "Need a banner"
    assert ticket.description == "Hello, we need a banner for the sale."
    assert [a.filename for m in ticket.messages.all() for a in m.attachments.all()] == [
        "brief.pdf"
    ]


def test_replies_thread_by_headers_by_address_and_by_subject_tag(kopi):
    _client, _contact = kopi
    ingest(raw=raw_mail(message_id="<first@kopi.example>"))
    ticket = Ticket.objects.get()

    ingest(
        raw=raw_mail(
            subject="Re: Need a banner",
            body="Sizes: 1200x400",
            in_reply_to="<first@kopi.example>",
        )
    )
    ingest(
        raw=raw_mail(
            subject="no headers kept", body="Also 600x600", to=reply_address(ticket)
        )
    )
    ingest(
        raw=raw_mail(
            subject=f"Re: [{ticket.reference}] Need a banner",
            body="And a mobile version",
        )
    )

    assert Ticket.objects.count() == 1
    bodies = list(
        Message.objects.filter(ticket=ticket, is_internal=False)
        .order_by("pk")
        .values_list("body", flat=True)
    )
    assert bodies == ["Sizes: 1200x400", "Also 600x600", "And a mobile version"]


def test_a_forged_reply_address_does_not_thread(kopi):
    ingest(raw=raw_mail())
    ticket = Ticket.objects.get()
    forged = f"desk+{ticket.reference}-0000000000@agency.test"

    ingest(raw=raw_mail(subject="hello", to=forged))

    assert Ticket.objects.count() == 2


def test_a_subject_tag_of_another_clients_ticket_does_not_thread(kopi):
    other = make_client("Taiga", slug="taiga", email_domains="taiga.example")
    make_contact(other, email="ivan@taiga.example")
    ingest(raw=raw_mail(sender="ivan@taiga.example", subject="Honey labels"))
    theirs = Ticket.objects.get()

    ingest(raw=raw_mail(subject=f"[{theirs.reference}] let me in"))

    mine = Ticket.objects.exclude(pk=theirs.pk).get()
    assert mine.client.slug == "kopi"
    assert theirs.messages.count() == 0


def test_an_unknown_sender_of_a_client_domain_waits_in_triage_by_default(kopi):
    row = ingest(raw=raw_mail(sender="Agus <agus@kopi.example>"))

    assert row.status == "triage"
    assert Ticket.objects.count() == 0


def test_when_the_agency_allows_it_a_client_domain_sender_becomes_a_flagged_contact(
    kopi,
):
    from agencydesk.core.models import Agency

    Agency.objects.update(mail_creates_contacts=True)
    client, _contact = kopi

    ingest(raw=raw_mail(sender="Agus <agus@kopi.example>"))

    ticket = Ticket.objects.get()
    assert ticket.client == client
    assert ticket.requester.user.email == "agus@kopi.example"
    assert ticket.requester.user.full_name == "Agus"
    assert ticket.requester.from_mail_unconfirmed is True


def test_a_stranger_waits_in_triage_and_a_person_assigns_them(kopi, manager):
    client, _contact = kopi
    from agencydesk.desk.services.intake import triage_assign

    row = ingest(raw=raw_mail(sender="someone@gmail.example"))
    assert row.status == "triage"
    assert Ticket.objects.count() == 0

    triage_assign(actor=manager, inbound=row, client=client)

    row.refresh_from_db()
    assert row.status == "processed"
    assert Ticket.objects.get().requester.user.email == "someone@gmail.example"


def test_auto_replies_are_recorded_but_never_open_tickets(kopi):
    ingest(raw=raw_mail(message_id="<orig@kopi.example>"))
    ticket = Ticket.objects.get()

    threaded = ingest(
        raw=raw_mail(
            subject="Out of office",
            body="I am away until Monday",
            in_reply_to="<orig@kopi.example>",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    loose = ingest(
        raw=raw_mail(
            subject="Newsletter",
            headers={"Precedence": "bulk", "List-Id": "<news.kopi>"},
        )
    )

    assert Ticket.objects.count() == 1
    note = ticket.messages.get()
    assert (note.is_internal, note.is_automatic) == (True, True)
    assert (threaded.status, loose.status) == ("processed", "ignored")


def test_a_customer_reply_brings_a_waiting_ticket_back(kopi, manager):
    ingest(raw=raw_mail(message_id="<q@kopi.example>"))
    ticket = Ticket.objects.get()
    services.ticket_move(actor=manager, ticket=ticket, status="waiting")

    ingest(raw=raw_mail(body="Here you go", in_reply_to="<q@kopi.example>"))

    assert Ticket.objects.get().status == "open"


def test_forbidden_and_surplus_attachments_are_listed_not_kept(kopi, settings):
    settings.ATTACHMENT_MAX_COUNT = 2
    files = [(f"p{n}.png", b"png", "image/png") for n in range(3)]
    files.append(("tool.exe", b"MZ", "application/octet-stream"))

    ingest(raw=raw_mail(attachments=files))

    ticket = Ticket.objects.get()
    kept = [a.filename for m in ticket.messages.all() for a in m.attachments.all()]
    assert kept == ["p0.png", "p1.png"]
    assert "Not kept: p2.png (too many files), tool.exe (type not allowed)" in (
        ticket.description
    )


def test_mail_attachments_are_checked_against_the_allow_list_by_normalised_name(
    kopi,
):
    files = [
        ("evil.js.", b"alert(1)", "application/octet-stream"),
        ("page.html", b"<script>", "text/html"),
        ("Brief.pdf. ", b"%PDF", "application/pdf"),
    ]

    ingest(raw=raw_mail(attachments=files))

    ticket = Ticket.objects.get()
    kept = [a.filename for m in ticket.messages.all() for a in m.attachments.all()]
    assert kept == ["Brief.pdf"]
    assert "Not kept: evil.js (type not allowed), page.html (type not allowed)" in (
        ticket.description
    )


def test_a_reply_address_made_before_a_key_rotation_still_threads(kopi, settings):
    ingest(raw=raw_mail())
    ticket = Ticket.objects.get()
    address = reply_address(ticket)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "the agency's new secret key, long enough to be one"
    settings.SECRET_KEY_FALLBACKS = [old_key]

    ingest(raw=raw_mail(subject="no headers kept", body="Also 600x600", to=address))

    assert Ticket.objects.count() == 1
    assert ticket.messages.filter(body="Also 600x600").exists()
    # Addresses made now are signed with the new key.
    assert reply_address(ticket) != address


def test_an_old_reply_address_stops_threading_once_its_key_is_dropped(kopi, settings):
    ingest(raw=raw_mail())
    ticket = Ticket.objects.get()
    address = reply_address(ticket)
    settings.SECRET_KEY = "the agency's new secret key, long enough to be one"
    settings.SECRET_KEY_FALLBACKS = []

    ingest(raw=raw_mail(subject="no headers kept", body="Also 600x600", to=address))

    assert Ticket.objects.count() == 2


@pytest.mark.parametrize("typed", ["0812-3456-7890", "+62 812 3456 7890"])
def test_a_whatsapp_number_finds_its_contact_in_one_query(
    kopi, typed, django_assert_num_queries
):
    client, _maya = kopi
    budi = make_contact(client, email="budi@kopi.example", phone=typed)
    make_contact(client, email="sri@kopi.example", phone="0813-0000-0000")

    with django_assert_num_queries(1):
        found = contact_for_phone("6281234567890")
        assert (found, found.client, found.user.email) == (
            budi,
            client,
            "budi@kopi.example",
        )


@pytest.mark.parametrize("sender", ["", "12", "6281299999999", "not a number"])
def test_a_number_of_nobody_finds_nobody(kopi, sender):
    make_contact(kopi[0], email="budi@kopi.example", phone="0812-3456-7890")

    assert contact_for_phone(sender) is None
