"""How a reply to a WhatsApp number may go: free-form text only within 24
hours of the customer's last message, an approved template after that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from agencydesk.core.phones import to_e164

from ..models import InboundMessage, OutboundMessage, WhatsAppTemplate

# Meta's customer service window: free-form messages only within it.
WINDOW = timedelta(hours=24)
Route = OutboundMessage.Route
Reason = OutboundMessage.RouteReason


def last_customer_message_at(phone: str) -> datetime | None:
    """When this number (a contact's, in E.164) last wrote to us: webhook
    senders are stored as WhatsApp sends them, the digits without the plus."""
    number = to_e164(phone)
    if number is None:
        return None
    digits = number.removeprefix("+")
    return InboundMessage.objects.filter(
        source=InboundMessage.Source.WHATSAPP, sender=digits
    ).aggregate(last=Max("received_at"))["last"]


@dataclass(frozen=True)
class ReplyRoute:
    route: str
    reason: str
    template: WhatsAppTemplate | None = None


def reply_route(
    *, phone: str, language: str, now: datetime | None = None
) -> ReplyRoute:
    """How a reply to this number may go: free-form inside the 24-hour
    window, else the active template of the person's language, else e-mail
    (the caller decides whether e-mail can reach them)."""
    now = now or timezone.now()
    last = last_customer_message_at(phone)
    if last is not None and now - last < WINDOW:
        return ReplyRoute(Route.FREE_FORM, Reason.WINDOW_OPEN)
    template = WhatsAppTemplate.objects.filter(
        language=language or settings.LANGUAGE_CODE, is_active=True
    ).first()
    if template is not None:
        return ReplyRoute(Route.TEMPLATE, Reason.WINDOW_CLOSED, template)
    return ReplyRoute(Route.EMAIL, Reason.NO_TEMPLATE)
