"""WhatsApp Business Cloud API: the webhook (verification, signature, intake,
delivery statuses) and a template reply's parameters. The rule for replies
(free-form text only within 24 hours of the customer's last message, an
approved template after that) is a read: ``comms.selectors.whatsapp``."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from ..models import InboundMessage, OutboundMessage, WhatsAppTemplate
from .inbound import inbound_process, inbound_store

Receipt = OutboundMessage.Receipt


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


def _status(status: dict) -> dict:
    """One delivery status, its fields checked; ``reason`` of a failure."""
    _text(status.get("id"), "status.id", required=True)
    state = _text(status.get("status"), "status.status")
    reasons = []
    for error in _list_of_objects(status.get("errors"), "status.errors"):
        details = _object(error.get("error_data"), "error_data").get("details")
        parts = [
            str(error.get("code", "")),
            _text(error.get("title"), "error.title"),
            _text(error.get("message"), "error.message"),
            _text(details, "error_data.details"),
        ]
        reasons.append(" — ".join(dict.fromkeys(p for p in parts if p)))
    return {**status, "status": state, "reason": "; ".join(reasons)}


def _payload_parts(body: bytes) -> tuple[list[dict], list[dict]]:
    """The messages (each with its sender's profile name) and the delivery
    statuses of a webhook call; the whole call is read before anything is
    stored, so a malformed part (PayloadInvalidError) leaves nothing
    half-taken."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise PayloadInvalidError("not JSON") from None
    found, statuses = [], []
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
            for status in _list_of_objects(value.get("statuses"), "statuses"):
                statuses.append(_status(status))
    return found, statuses


def messages_from_payload(body: bytes) -> list[dict]:
    """Every message of a delivery (see ``_payload_parts``)."""
    return _payload_parts(body)[0]


# A later status never moves a message back ("delivered" arriving after
# "read"); a failure is final.
_RANK = {Receipt.SENT: 1, Receipt.DELIVERED: 2, Receipt.READ: 3, Receipt.FAILED: 4}


def _status_time(status: dict) -> datetime:
    stamp = str(status.get("timestamp", ""))
    if stamp.isdigit():
        return datetime.fromtimestamp(int(stamp), tz=UTC)
    return timezone.now()


def receipts_apply(statuses: list[dict]) -> int:
    """Note each status on the outgoing message it names (unknown ids and
    states are ignored: Meta reports messages other tools sent too)."""
    changed = 0
    for status in statuses:
        state = status["status"]
        if state not in _RANK:
            continue
        message = (
            OutboundMessage.objects.filter(
                provider_id=status["id"], channel=OutboundMessage.Channel.WHATSAPP
            )
            .only("pk", "receipt")
            .first()
        )
        if message is None or _RANK.get(message.receipt, 0) >= _RANK[state]:
            continue
        fields = {"receipt": state, "receipt_at": _status_time(status)}
        if state == Receipt.FAILED:
            fields["receipt_error"] = status["reason"][:2000] or "failed"
        OutboundMessage.objects.filter(pk=message.pk).update(**fields)
        changed += 1
    return changed


def webhook_receive(body: bytes) -> int:
    """Store every message of a signed webhook call, then process each, and
    note its delivery statuses; PayloadInvalidError (nothing stored) when the
    delivery is malformed."""
    messages, statuses = _payload_parts(body)
    receipts_apply(statuses)
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


def template_params(template: WhatsAppTemplate, reference: str, text: str) -> list:
    """The body parameters of a template reply: {{1}} the reference, {{2}} the
    text on one line (Meta refuses newlines and runs of spaces in them)."""
    flat = " ".join(text.split())[:1000]
    return [reference, flat][: template.parameter_count]
