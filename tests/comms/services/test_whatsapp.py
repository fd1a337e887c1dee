"""WhatsApp Cloud API: the webhook and replies through the outbox."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

from agencydesk.comms.models import InboundMessage, OutboundMessage
from agencydesk.comms.services.outbox import outbox_deliver
from agencydesk.desk import services
from agencydesk.desk.models import Ticket
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db
SECRET = "app-secret-for-tests"


@pytest.fixture(autouse=True)
def _whatsapp_settings(settings):
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1100"
    settings.WHATSAPP_TOKEN = "token-123"


@pytest.fixture
def maya(db):
    client = make_client("Kopi Nusantara", slug="kopi")
    return make_contact(client, email="maya@kopi.example", phone="+62 812-3456-7890")


def _payload(text="Need a banner", message_id="wamid.1", sender="6281234567890"):
    return json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "changes": [
                        {
                            "value": {
                                "contacts": [
                                    {"wa_id": sender, "profile": {"name": "Maya"}}
                                ],
                                "messages": [
                                    {
                                        "from": sender,
                                        "id": message_id,
                                        "type": "text",
                                        "text": {"body": text},
                                    }
                                ],
                            }
                        }
                    ]
                }
            ],
        }
    ).encode()


def _post(client, body, signature=None):
    if signature is None:
        signature = (
            "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        )
    headers = {"HTTP_X_HUB_SIGNATURE_256": signature} if signature else {}
    return client.post(
        reverse("comms:whatsapp-webhook"),
        body,
        content_type="application/json",
        **headers,
    )


def test_verification_handshake(client):
    url = reverse("comms:whatsapp-webhook")
    ok = client.get(
        url,
        {
            "hub.mode": "subscribe",
            "hub.verify_token": "verify-me",
            "hub.challenge": "4242",
        },
    )
    bad = client.get(
        url,
        {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "4242"},
    )

    assert (ok.status_code, ok.content) == (200, b"4242")
    assert bad.status_code == 403


@pytest.mark.parametrize("signature", ["", "sha256=" + "0" * 64, "md5=abc"])
def test_forged_or_missing_signatures_store_nothing(client, maya, signature):
    response = _post(client, _payload(), signature=signature)

    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0
    assert Ticket.objects.count() == 0


def test_messages_thread_into_the_contacts_open_ticket(client, maya):
    assert _post(client, _payload("Need a banner", "wamid.1")).status_code == 200
    assert _post(client, _payload("1200x400", "wamid.2")).status_code == 200
    assert _post(client, _payload("1200x400", "wamid.2")).status_code == 200  # again

    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.requester, ticket.title) == (
        "whatsapp",
        maya,
        "Need a banner",
    )
    assert list(ticket.messages.values_list("body", flat=True)) == ["1200x400"]
    assert InboundMessage.objects.count() == 2


def test_a_contact_typed_in_local_form_is_found_from_their_whatsapp_number(client):
    kopi = make_client("Kopi Nusantara", slug="kopi", country="ID")
    budi = make_contact(kopi, email="budi@kopi.example", phone="0812-3456-7890")

    _post(client, _payload("Need a banner", sender="6281234567890"))

    ticket = Ticket.objects.get()
    assert (ticket.requester, ticket.client, ticket.channel) == (
        budi,
        kopi,
        "whatsapp",
    )


def test_an_unknown_number_waits_in_triage(client, maya):
    _post(client, _payload(sender="15550001111"))

    assert InboundMessage.objects.get().status == "triage"
    assert Ticket.objects.count() == 0


def _with_value(value):
    return {"object": "whatsapp_business_account", "entry": [{"changes": [value]}]}


GOOD = json.loads(_payload())["entry"][0]["changes"][0]["value"]["messages"][0]


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'"entry"',
        json.dumps({"entry": "x"}).encode(),
        json.dumps({"entry": ["x"]}).encode(),
        json.dumps({"entry": [{"changes": {"value": {}}}]}).encode(),
        json.dumps(_with_value({"value": "x"})).encode(),
        json.dumps(_with_value({"value": {"messages": {"id": "1"}}})).encode(),
        json.dumps(_with_value({"value": {"contacts": ["x"]}})).encode(),
        json.dumps(_with_value({"value": {"contacts": [{"profile": "x"}]}})).encode(),
        json.dumps(_with_value({"value": {"messages": [{**GOOD, "id": 7}]}})).encode(),
        json.dumps(
            _with_value({"value": {"messages": [{**GOOD, "from": ""}]}})
        ).encode(),
        json.dumps(
            _with_value({"value": {"messages": [{**GOOD, "text": "hi"}]}})
        ).encode(),
        json.dumps(
            _with_value({"value": {"messages": [{**GOOD, "text": {"body": ["hi"]}}]}})
        ).encode(),
        # a good message, then a bad one: the good one is not stored alone
        json.dumps(
            _with_value({"value": {"messages": [GOOD, {"id": "wamid.2"}]}})
        ).encode(),
    ],
    ids=[
        "not-json",
        "not-utf8",
        "list",
        "string",
        "entry-not-list",
        "entry-item-not-object",
        "changes-not-list",
        "value-not-object",
        "messages-not-list",
        "contact-not-object",
        "profile-not-object",
        "id-not-text",
        "empty-sender",
        "text-not-object",
        "body-not-text",
        "good-then-bad",
    ],
)
def test_a_signed_but_malformed_delivery_is_a_400_and_stores_nothing(
    body, client, maya
):
    response = _post(client, body)

    assert response.status_code == 400
    assert response.content == b"Malformed payload."
    assert InboundMessage.objects.count() == 0
    assert Ticket.objects.count() == 0


def test_a_delivery_without_messages_is_accepted(client):
    # Meta also posts delivery statuses, which carry no messages.
    statuses = _with_value({"value": {"statuses": [{"id": "wamid.9"}]}})

    response = _post(client, json.dumps(statuses).encode())

    assert response.status_code == 200
    assert InboundMessage.objects.count() == 0


class _Api(BaseHTTPRequestHandler):
    calls: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        _Api.calls.append(
            (
                self.path,
                self.headers["Authorization"],
                json.loads(self.rfile.read(length)),
            )
        )
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"messages": [{"id": "wamid.out"}]}')

    def log_message(self, *args):
        pass


def test_a_desk_reply_goes_back_through_the_cloud_api(client, maya, manager, settings):
    server = HTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WHATSAPP_API_BASE = f"http://127.0.0.1:{server.server_port}/v20.0"
    _Api.calls.clear()
    _post(client, _payload())
    ticket = Ticket.objects.get()

    services.message_add(actor=manager, ticket=ticket, body="Which sizes?")
    message = OutboundMessage.objects.get(channel="whatsapp")
    outbox_deliver(message.pk)
    server.shutdown()

    message.refresh_from_db()
    assert message.status == "sent"
    assert _Api.calls == [
        (
            "/v20.0/1100/messages",
            "Bearer token-123",
            {
                "messaging_product": "whatsapp",
                "to": "+6281234567890",
                "type": "text",
                "text": {"body": "Which sizes?"},
            },
        )
    ]
