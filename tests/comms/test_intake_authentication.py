"""Only authenticated mail speaks for a person (issue: trust nothing that
arrives). A forged staff mail never becomes a public reply, never leaves by
e-mail and never reopens a ticket; the same mail vouched for by the agency's
mail server posts as the staff member."""

import pytest

from agencydesk.clients.services import team_member_add
from agencydesk.comms.models import OutboundMessage
from agencydesk.comms.services.ingest import ingest
from agencydesk.core.models import Notification
from agencydesk.desk import services
from agencydesk.desk.errors import MessageReviewedError
from agencydesk.desk.models import Message, Ticket
from agencydesk.desk.services.mail import reply_address
from agencydesk.people.roles import Role
from tests.factories.clients import make_client, make_contact
from tests.factories.people import make_staff

from .mails import raw_mail

pytestmark = pytest.mark.django_db

TRUSTED = (
    "mx.agency.test; dkim=pass header.d=agency.test; dmarc=pass header.from=agency.test"
)


@pytest.fixture
def desk(db, settings):
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.agency.test"]
    client = make_client("Kopi Nusantara", slug="kopi", email_domains="kopi.example")
    contact = make_contact(client, email="maya@kopi.example", full_name="Maya Sari")
    rina = make_staff(Role.ACCOUNT_MANAGER, email="rina@agency.test", full_name="Rina")
    team_member_add(actor=None, client=client, user=rina, role="account_manager")
    ingest(raw=raw_mail(message_id="<first@kopi.example>"))
    ticket = Ticket.objects.get()
    return ticket, contact, rina


def _mail_out(ticket):
    return OutboundMessage.objects.filter(ref__startswith=f"desk.ticket:{ticket.pk}:")


def _forged_variants(ticket):
    staff = "Rina <rina@agency.test>"
    return {
        "tag": raw_mail(sender=staff, subject=f"Re: [{ticket.reference}] banner"),
        "plus-address": raw_mail(
            sender=staff, subject="Re: x", to=reply_address(ticket)
        ),
        "personal plus-address of the contact": raw_mail(
            sender=staff,
            subject="Re: x",
            to=reply_address(ticket, ticket.requester.user),
        ),
        "in-reply-to": raw_mail(
            sender=staff, subject="Re: banner", in_reply_to="<first@kopi.example>"
        ),
        "untrusted server's verdict": raw_mail(
            sender=staff,
            subject=f"[{ticket.reference}]",
            headers={"Authentication-Results": "mx.evil.example; dmarc=pass"},
        ),
    }


@pytest.mark.parametrize(
    "variant",
    [
        "tag",
        "plus-address",
        "personal plus-address of the contact",
        "in-reply-to",
        "untrusted server's verdict",
    ],
)
def test_a_forged_staff_mail_lands_as_a_flagged_internal_note(desk, variant):
    ticket, _contact, rina = desk
    services.ticket_move(actor=rina, ticket=ticket, status="done")
    mails_before = _mail_out(ticket).count()

    row = ingest(raw=_forged_variants(ticket)[variant])

    assert row.status == "processed"
    note = ticket.messages.get(review="held")
    assert note.is_internal is True
    assert note.author is None
    assert note.claimed_sender == "rina@agency.test"
    assert note.sender_unverified
    assert not ticket.messages.filter(is_internal=False).exists()
    assert _mail_out(ticket).count() == mails_before  # nothing left by e-mail
    assert Ticket.objects.get().status == "done"  # not reopened
    # The account manager hears about it, in the product.
    assert Notification.objects.filter(
        recipient=rina, verb="ticket.sender_unverified"
    ).exists()


def test_the_same_mail_vouched_for_by_the_trusted_server_posts_as_the_staff_member(
    desk,
):
    ticket, _contact, rina = desk
    mails_before = _mail_out(ticket).count()

    ingest(
        raw=raw_mail(
            sender="Rina <rina@agency.test>",
            subject=f"Re: [{ticket.reference}] banner",
            body="Here is the first draft.",
            headers={"Authentication-Results": TRUSTED},
        )
    )

    reply = ticket.messages.get(is_internal=False)
    assert (reply.author, reply.body, reply.sender_auth) == (
        rina,
        "Here is the first draft.",
        "dmarc",
    )
    assert reply.review == ""
    assert _mail_out(ticket).count() == mails_before + 1


def test_held_mail_accepted_becomes_the_staff_members_public_reply(desk, manager):
    ticket, _contact, rina = desk
    ingest(raw=_forged_variants(ticket)["tag"])
    held = ticket.messages.get(review="held")
    mails_before = _mail_out(ticket).count()

    services.message_review(actor=manager, message=held, accept=True)

    held.refresh_from_db()
    assert (held.is_internal, held.author, held.review) == (False, rina, "accepted")
    assert _mail_out(ticket).count() == mails_before + 1
    with pytest.raises(MessageReviewedError):
        services.message_review(actor=manager, message=held, accept=False)


def test_held_mail_discarded_stays_internal_and_marked(desk, manager):
    ticket, _contact, _rina = desk
    ingest(raw=_forged_variants(ticket)["tag"])
    held = ticket.messages.get(review="held")

    services.message_review(actor=manager, message=held, accept=False)

    held.refresh_from_db()
    assert (held.is_internal, held.review) == (True, "discarded")
    assert not _mail_out(ticket).filter(ref__endswith=f"message:{held.pk}").exists()


def test_a_contacts_reply_to_their_own_signed_address_is_authenticated(desk):
    ticket, contact, _rina = desk

    ingest(
        raw=raw_mail(
            subject="no headers",
            body="Sizes attached",
            to=reply_address(ticket, contact.user),
        )
    )

    reply = ticket.messages.get(body="Sizes attached")
    assert (reply.author, reply.sender_auth, reply.is_internal) == (
        contact.user,
        "reply-address",
        False,
    )


def test_unverified_contact_mail_is_taken_and_marked_by_default(desk):
    ticket, contact, _rina = desk

    ingest(raw=raw_mail(body="More sizes", in_reply_to="<first@kopi.example>"))

    reply = ticket.messages.get(body="More sizes")
    assert (reply.author, reply.is_internal) == (contact.user, False)
    assert reply.sender_unverified
    assert Ticket.objects.get().sender_auth == ""  # the first mail, too


def test_unverified_contact_mail_is_held_when_the_agency_asks(desk, settings):
    ticket, _contact, _rina = desk
    settings.MAIL_UNVERIFIED_CONTACTS = "hold"

    ingest(raw=raw_mail(body="More sizes", in_reply_to="<first@kopi.example>"))
    new = ingest(raw=raw_mail(subject="A new request"))
    vouched = ingest(
        raw=raw_mail(
            subject="Vouched request",
            sender="Maya Sari <maya@kopi.example>",
            headers={"Authentication-Results": "mx.agency.test; dmarc=pass"},
        )
    )

    assert ticket.messages.get(body="More sizes").review == "held"
    assert new.status == "held"
    assert "not verified" in new.reason
    assert vouched.status == "processed"
    assert Ticket.objects.filter(title="Vouched request", sender_auth="dmarc").exists()


def test_a_limited_contact_naming_a_colleagues_ticket_gets_a_ticket_of_their_own(desk):
    ticket, _maya, _rina = desk
    budi = make_contact(ticket.client, email="budi@kopi.example", full_name="Budi")
    budi.sees_all_tickets = False
    budi.save(update_fields=["sees_all_tickets"])

    row = ingest(
        raw=raw_mail(
            sender="Budi <budi@kopi.example>",
            subject=f"Re: [{ticket.reference}] can I see it?",
            body="Please add me",
        )
    )

    assert row.status == "processed"
    assert not ticket.messages.filter(body__contains="Please add me").exists()
    own = Ticket.objects.get(requester=budi)
    assert ticket.reference in own.description
    assert row.ref == f"desk.ticket:{own.pk}"


def test_the_ticket_page_offers_accept_and_discard_and_they_work(desk, manager):
    from django.test import Client as HttpClient

    ticket, _contact, rina = desk
    ingest(raw=_forged_variants(ticket)["tag"])
    held = ticket.messages.get(review="held")
    browser = HttpClient()
    browser.force_login(manager)

    page = browser.get(ticket.get_absolute_url())
    assert b"sender is not verified" in page.content
    assert b'value="accept"' in page.content

    answer = browser.post(
        f"{ticket.get_absolute_url()}messages/{held.pk}/review/", {"decision": "accept"}
    )
    assert answer.status_code == 302
    held.refresh_from_db()
    assert (held.review, held.author) == ("accepted", rina)

    again = browser.post(
        f"{ticket.get_absolute_url()}messages/{held.pk}/review/",
        {"decision": "discard"},
    )
    assert again.status_code == 404  # nothing held any more: nothing changed
    held.refresh_from_db()
    assert held.review == "accepted"
    assert Message.objects.filter(review="discarded").count() == 0
