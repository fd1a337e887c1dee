"""Messages on a ticket (desk.services.messages): replies, internal notes and
automatic notes."""

import pytest

from agencydesk.comms.models import OutboundMessage
from agencydesk.desk import services
from agencydesk.desk.models import Message
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(client_a, contact_a, manager):
    return make_ticket(client_a, actor=manager, requester=contact_a)


def test_an_automatic_note_is_internal_and_tells_nobody(ticket):
    sent = OutboundMessage.objects.count()

    note = services.message_add_automatic(
        ticket=ticket, body="Out of office", channel="email", external_id="x" * 300
    )

    assert (note.is_internal, note.is_automatic, note.author_id) == (True, True, None)
    assert len(note.external_id) == 255
    assert OutboundMessage.objects.count() == sent


def test_a_staff_reply_is_public_and_mailed_to_the_requester(ticket, manager):
    services.message_add(actor=manager, ticket=ticket, body="Which sizes?")

    reply = Message.objects.get(body="Which sizes?")
    assert not reply.is_internal
    mail = OutboundMessage.objects.get(
        ref=f"desk.ticket:{ticket.pk}:message:{reply.pk}"
    )
    assert mail.to == [ticket.requester.user.email]
    assert "Which sizes?" in mail.text
