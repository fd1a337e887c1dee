"""WhatsApp within its rules: free-form replies only within 24 hours of the
customer's last message, an approved template or e-mail after that (the
ticket says which and why), and delivery statuses from the webhook."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from agencydesk.comms.models import InboundMessage, OutboundMessage, WhatsAppTemplate
from agencydesk.comms.services.outbox import outbox_deliver
from agencydesk.desk.models import Message, Ticket
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db
SECRET = "app-secret-for-tests"


class _Api(BaseHTTPRequestHandler):
    calls: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        _Api.calls.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"messages": [{"id": "wamid.out.%d"}]}' % len(_Api.calls))

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def api(settings):
    """The Cloud API, as a local HTTP server."""
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_PHONE_NUMBER_ID = "1100"
    settings.WHATSAPP_TOKEN = "token-123"
    server = HTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WHATSAPP_API_BASE = f"http://127.0.0.1:{server.server_port}/v20.0"
    _Api.calls.clear()
    yield _Api.calls
    server.shutdown()


@pytest.fixture
def maya(db):
    client = make_client("Kopi Nusantara", slug="kopi")
    return make_contact(
        client,
        email="maya@kopi.example",
        phone="+62 812-3456-7890",
        language="id",
    )


def _signed_post(http, payload):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return http.post(
        reverse("comms:whatsapp-webhook"),
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature,
    )


def _value(value):
    return {
        "object": "whatsapp_business_account",
        "entry": [{"changes": [{"value": value}]}],
    }


def _customer_writes(http, text="Need a banner", hours_ago=0):
    sender = "6281234567890"
    message = {
        "from": sender,
        "id": f"wamid.in.{text}",
        "type": "text",
        "text": {"body": text},
    }
    _signed_post(http, _value({"messages": [message]}))
    InboundMessage.objects.filter(dedupe_key=f"wa:wamid.in.{text}").update(
        received_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return Ticket.objects.get()


def _reply(as_user, staff, ticket, body):
    return as_user(staff).post(
        reverse("desk:ticket-message", args=[ticket.number]),
        {"body": body},
        HTTP_HX_REQUEST="true",
    )


def _ticket_page(as_user, staff, ticket):
    return as_user(staff).get(ticket.get_absolute_url()).content.decode()


def test_within_24_hours_the_reply_is_free_form(client, as_user, manager, maya, api):
    ticket = _customer_writes(client, hours_ago=23)

    assert _reply(as_user, manager, ticket, "Which sizes?").status_code == 200
    out = OutboundMessage.objects.get(channel="whatsapp")
    outbox_deliver(out.pk)

    assert api[0]["type"] == "text"
    assert api[0]["text"] == {"body": "Which sizes?"}
    out.refresh_from_db()
    assert (out.route, out.route_reason, out.provider_id) == (
        "free_form",
        "window_open",
        "wamid.out.1",
    )
    page = _ticket_page(as_user, manager, ticket)
    assert (
        "Free-form WhatsApp message: the customer wrote within the last 24 hours"
        in page
    )


def test_after_24_hours_the_template_of_their_language_goes_out(
    client, as_user, manager, maya, api
):
    WhatsAppTemplate.objects.create(
        name="Reply waiting (EN)",
        language="en",
        template_name="reply_en",
        body_preview="We answered {{1}}: {{2}}",
    )
    WhatsAppTemplate.objects.create(
        name="Balasan",
        language="id",
        template_name="ticket_reply",
        language_code="id",
        body_preview="Kami membalas {{1}}: {{2}}",
    )
    ticket = _customer_writes(client, hours_ago=25)

    assert (
        _reply(as_user, manager, ticket, "Sizes:\n1200x400\n  and 600x600").status_code
        == 200
    )
    out = OutboundMessage.objects.get(channel="whatsapp")
    outbox_deliver(out.pk)

    assert api == [
        {
            "messaging_product": "whatsapp",
            "to": "+6281234567890",
            "type": "template",
            "template": {
                "name": "ticket_reply",
                "language": {"code": "id"},
                "components": [
                    {
                        "type": "body",
                        "parameters": [
                            {"type": "text", "text": ticket.reference},
                            {"type": "text", "text": "Sizes: 1200x400 and 600x600"},
                        ],
                    }
                ],
            },
        }
    ]
    out.refresh_from_db()
    assert (out.route, out.route_reason, out.status) == (
        "template",
        "window_closed",
        "sent",
    )
    page = _ticket_page(as_user, manager, ticket)
    assert "WhatsApp template “ticket_reply”" in page
    assert "more than 24 hours since the customer&#x27;s last message" in page


def test_after_24_hours_without_a_template_the_reply_goes_by_email(
    client, as_user, manager, maya, api
):
    WhatsAppTemplate.objects.create(
        name="EN only", language="en", template_name="reply_en", body_preview="{{1}}"
    )
    ticket = _customer_writes(client, hours_ago=30)

    assert _reply(as_user, manager, ticket, "Which sizes?").status_code == 200

    assert not OutboundMessage.objects.filter(channel="whatsapp").exists()
    mail = OutboundMessage.objects.get(channel="email", ref__contains=":message:")
    assert mail.to == ["maya@kopi.example"]
    assert "Which sizes?" in mail.text
    assert (mail.route, mail.route_reason) == ("email", "no_template")
    page = _ticket_page(as_user, manager, ticket)
    assert "E-mail instead of WhatsApp: more than 24 hours" in page
    assert "no WhatsApp template is configured for their language" in page


def test_no_template_and_no_email_refuses_the_reply_and_keeps_its_text(
    client, as_user, manager, maya, api
):
    maya.user.notify_by_email = False
    maya.user.save()
    ticket = _customer_writes(client, hours_ago=48)
    before = Message.objects.filter(ticket=ticket).count()
    outgoing = OutboundMessage.objects.count()

    response = _reply(as_user, manager, ticket, "Here are the three sizes")

    assert response.status_code == 422
    page = response.content.decode()
    assert "no WhatsApp template is configured for their language" in page
    assert "Here are the three sizes" in page  # still in the reply box
    assert Message.objects.filter(ticket=ticket).count() == before
    assert OutboundMessage.objects.count() == outgoing
    assert api == []


def test_delivery_statuses_show_on_the_message(client, as_user, manager, maya, api):
    ticket = _customer_writes(client)
    _reply(as_user, manager, ticket, "Which sizes?")
    out = OutboundMessage.objects.get(channel="whatsapp")
    outbox_deliver(out.pk)

    def status(state, **extra):
        return _signed_post(
            client,
            _value(
                {
                    "statuses": [
                        {
                            "id": "wamid.out.1",
                            "status": state,
                            "timestamp": "1796083200",
                            **extra,
                        }
                    ]
                }
            ),
        )

    assert status("delivered").status_code == 200
    assert status("read").status_code == 200
    assert status("delivered").status_code == 200  # late: does not go back
    out.refresh_from_db()
    assert out.receipt == "read"
    assert 'whatsapp-receipt text-bg-primary">Read<' in _ticket_page(
        as_user, manager, ticket
    )

    failure = {
        "errors": [
            {
                "code": 131026,
                "title": "Message undeliverable",
                "error_data": {"details": "Receiver is not on WhatsApp"},
            }
        ]
    }
    assert status("failed", **failure).status_code == 200
    out.refresh_from_db()
    assert out.receipt == "failed"
    assert out.receipt_error == (
        "131026 — Message undeliverable — Receiver is not on WhatsApp"
    )
    page = _ticket_page(as_user, manager, ticket)
    assert "Receiver is not on WhatsApp" in page


def test_statuses_of_unknown_messages_change_nothing(client, maya):
    response = _signed_post(
        client, _value({"statuses": [{"id": "wamid.other", "status": "read"}]})
    )

    assert response.status_code == 200
    assert not OutboundMessage.objects.exclude(receipt="").exists()


@pytest.mark.parametrize(
    "statuses",
    [
        "x",
        ["x"],
        [{"status": "read"}],
        [{"id": "wamid.out.1", "status": 3}],
        [{"id": "wamid.out.1", "status": "failed", "errors": "boom"}],
    ],
    ids=["not-list", "not-object", "no-id", "status-not-text", "errors-not-list"],
)
def test_malformed_statuses_are_a_400_and_change_nothing(
    client, as_user, manager, maya, api, statuses
):
    ticket = _customer_writes(client)
    _reply(as_user, manager, ticket, "Which sizes?")
    outbox_deliver(OutboundMessage.objects.get(channel="whatsapp").pk)

    response = _signed_post(
        client,
        _value(
            {"statuses": [{"id": "wamid.out.1", "status": "read"}, *statuses]}
            if isinstance(statuses, list)
            else {"statuses": statuses}
        ),
    )

    assert response.status_code == 400
    assert OutboundMessage.objects.get(channel="whatsapp").receipt == ""
