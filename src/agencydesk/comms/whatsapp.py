"""WhatsApp Business Cloud API webhook: verification, signature, intake."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

from .inbound import inbound_process, inbound_store
from .models import InboundMessage


def signature_valid(body: bytes, header: str | None) -> bool:
    """X-Hub-Signature-256 is the HMAC-SHA256 of the body with the app secret."""
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def verification_answer(params: Any) -> str | None:
    """The challenge to echo back when Meta verifies the webhook, else None."""
    token = settings.WHATSAPP_VERIFY_TOKEN
    if (
        token
        and params.get("hub.mode") == "subscribe"
        and hmac.compare_digest(params.get("hub.verify_token", ""), token)
    ):
        return params.get("hub.challenge", "")
    return None


class PayloadInvalidError(ValueError):
    """A signed delivery that is not JSON of the Cloud API's shape."""


def _list_of_objects(value: Any, where: str) -> list[dict]:
    """``value`` when it is a list of JSON objects (absent: empty)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PayloadInvalidError(f"{where} is not a list of objects")
    return value


def _object(value: Any, where: str) -> dict:
    """``value`` when it is a JSON object (absent: empty)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadInvalidError(f"{where} is not an object")
    return value


def _text(value: Any, where: str, *, required: bool = False) -> str:
    """``value`` when it is a string (absent and not required: empty)."""
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise PayloadInvalidError(f"{where} is not a text")
    return value


def _message(message: dict, names: dict[str, str]) -> dict:
    """One message, its fields checked, with its sender's profile name."""
    sender = _text(message.get("from"), "message.from", required=True)
    _text(message.get("id"), "message.id", required=True)
    _text(_object(message.get("text"), "message.text").get("body"), "text.body")
    return {**message, "profile_name": names.get(sender, "")}


def messages_from_payload(body: bytes) -> list[dict]:
    """Every message of a delivery, each with its sender's profile name; the
    whole delivery is read before anything is stored, so a malformed part
    (PayloadInvalidError) leaves no message of it half-taken."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise PayloadInvalidError("not JSON") from None
    found = []
    for entry in _list_of_objects(_object(payload, "payload").get("entry"), "entry"):
        for change in _list_of_objects(entry.get("changes"), "changes"):
            value = _object(change.get("value"), "value")
            names = {}
            for contact in _list_of_objects(value.get("contacts"), "contacts"):
                profile = _object(contact.get("profile"), "profile")
                names[_text(contact.get("wa_id"), "wa_id")] = _text(
                    profile.get("name"), "profile.name"
                )
            for message in _list_of_objects(value.get("messages"), "messages"):
                found.append(_message(message, names))
    return found


def webhook_receive(body: bytes) -> int:
    """Store every message of a signed webhook call, then process each;
    PayloadInvalidError (nothing stored) when the delivery is malformed."""
    messages = messages_from_payload(body)
    for message in messages:
        raw = json.dumps(message, ensure_ascii=False).encode()
        text = (message.get("text") or {}).get("body") or ""
        row, _created = inbound_store(
            raw=raw,
            source=InboundMessage.Source.WHATSAPP,
            via="whatsapp",
            key=f"wa:{message['id']}"[:255],
            sender=message["from"][:40],
            subject=text[:120],
        )
        inbound_process(row.pk)
    return len(messages)
