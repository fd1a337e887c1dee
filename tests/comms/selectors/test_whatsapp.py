"""How a WhatsApp reply may go (comms.selectors.whatsapp): free-form inside
the customer's 24 hours, their language's template after, else e-mail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agencydesk.comms.models import InboundMessage, WhatsAppTemplate
from agencydesk.comms.selectors.whatsapp import last_customer_message_at, reply_route
from agencydesk.comms.services.inbound import inbound_store
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db


def _wrote(sender="6281234567890", hours_ago=0, n=1):
    row, _created = inbound_store(
        raw=b"{}",
        source=InboundMessage.Source.WHATSAPP,
        via="whatsapp",
        key=f"wa:{sender}:{n}",
        sender=sender,
    )
    at = timezone.now() - timedelta(hours=hours_ago)
    InboundMessage.objects.filter(pk=row.pk).update(received_at=at)
    return at


@pytest.fixture
def maya_phone():
    """Maya's number typed the Indonesian way on an Indonesian client."""
    client = make_client("Kopi Nusantara", slug="kopi", country="ID")
    return make_contact(client, phone="0812-3456-7890").phone


def test_a_number_typed_in_local_form_finds_what_whatsapp_sent(maya_phone):
    _wrote(hours_ago=30, n=1)
    latest = _wrote(hours_ago=2, n=2)
    _wrote(sender="15550001111", n=3)

    assert last_customer_message_at(maya_phone) == latest


@pytest.mark.parametrize("phone", ["", "not a number", "+1 555"])
def test_no_number_has_no_last_message(phone):
    _wrote()
    assert last_customer_message_at(phone) is None


def test_within_24_hours_the_reply_is_free_form(maya_phone):
    _wrote(hours_ago=23)

    way = reply_route(phone=maya_phone, language="id")

    assert (way.route, way.reason, way.template) == ("free_form", "window_open", None)


def test_after_24_hours_the_template_of_their_language_goes(maya_phone):
    _wrote(hours_ago=25)
    indonesian = WhatsAppTemplate.objects.create(
        name="Balasan", language="id", template_name="ticket_reply"
    )
    WhatsAppTemplate.objects.create(
        name="Reply", language="en", template_name="ticket_reply"
    )

    way = reply_route(phone=maya_phone, language="id")

    assert (way.route, way.reason, way.template) == (
        "template",
        "window_closed",
        indonesian,
    )


def test_without_a_template_it_goes_by_email(maya_phone):
    way = reply_route(phone=maya_phone, language="id")
    assert (way.route, way.reason) == ("email", "no_template")
