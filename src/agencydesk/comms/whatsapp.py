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


def _messages(payload: dict) -> list[dict]:
    """Each message of the payload with its sender's profile name."""
    found = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            names = {
                c.get("wa_id"): (c.get("profile") or {}).get("name", "")
                for c in value.get("contacts") or []
                if isinstance(c, dict)
            }
            for message in value.get("messages") or []:
                if (
                    isinstance(message, dict)
                    and message.get("id")
                    and message.get("from")
                ):
                    message = {
                        **message,
                        "profile_name": names.get(message["from"], ""),
                    }
                    found.append(message)
    return found


def webhook_receive(body: bytes) -> int:
    """Store every message of a signed webhook call, then process each."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return 0
    if not isinstance(payload, dict):
        return 0
    count = 0
    for message in _messages(payload):
        raw = json.dumps(message, ensure_ascii=False).encode()
        text = (
            (message.get("text") or {}).get("body", "")
            if isinstance(message.get("text"), dict)
            else ""
        )
        row, _created = inbound_store(
            raw=raw,
            source=InboundMessage.Source.WHATSAPP,
            via="whatsapp",
            key=f"wa:{message['id']}"[:255],
            sender=str(message["from"])[:40],
            subject=text[:120],
        )
        inbound_process(row.pk)
        count += 1
    return count
