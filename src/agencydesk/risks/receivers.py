"""Automatic escalations, on what the desk tells (desk.signals): an SLA
breach of a high or urgent ticket, and a CSAT rating of 1 or 2. The desk
sends both inside its own transaction, so the escalation commits with it."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from agencydesk.desk.models import Priority
from agencydesk.desk.signals import sla_breached, ticket_rated

from .models import Escalation
from .services import escalation_record

HIGH = {Priority.HIGH, Priority.URGENT}
LOW_SCORES = {1, 2}


@receiver(sla_breached, dispatch_uid="risks.escalate_breach")
def on_sla_breached(sender: Any, *, tickets: list[Any], **kwargs: Any) -> None:
    for ticket in tickets:
        if ticket.priority in HIGH:
            escalation_record(
                actor=None, ticket=ticket, rule=Escalation.Rule.SLA_BREACH
            )


@receiver(ticket_rated, dispatch_uid="risks.escalate_low_rating")
def on_ticket_rated(sender: Any, *, ticket: Any, rating: Any, **kwargs: Any) -> None:
    if rating.score in LOW_SCORES:
        escalation_record(
            actor=None,
            ticket=ticket,
            rule=Escalation.Rule.LOW_RATING,
            score=rating.score,
        )
