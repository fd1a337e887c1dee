"""Which timeline events become webhook events, and their payloads.

``core.timeline`` tells its listeners of every event recorded; this one picks
the verbs webhooks carry and, once the change committed, hands them to
``services.webhook_emit`` (no query inside the writing transaction)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from agencydesk.clients.models import Client
from agencydesk.core.models import Event
from agencydesk.desk.models import Ticket
from agencydesk.finance.models import Invoice
from agencydesk.risks.models import Complaint, Risk
from agencydesk.work.models import ChangeRequest, Task

from ..models import WebhookEventType
from . import services

VERB_TYPES = {
    "ticket.opened": WebhookEventType.TICKET_CREATED,
    "ticket.moved": WebhookEventType.TICKET_MOVED,
    "ticket.replied": WebhookEventType.MESSAGE_CREATED,
    "ticket.sla_breached": WebhookEventType.TICKET_BREACHED,
    "task.moved": WebhookEventType.TASK_MOVED,
    "approval.approved": WebhookEventType.APPROVAL_DECIDED,
    "approval.changes_requested": WebhookEventType.APPROVAL_DECIDED,
    "change_request.approved": WebhookEventType.CHANGE_REQUEST_DECIDED,
    "change_request.rejected": WebhookEventType.CHANGE_REQUEST_DECIDED,
    "invoice.issued": WebhookEventType.INVOICE_ISSUED,
    "invoice.paid": WebhookEventType.INVOICE_PAID,
    "invoice.overdue": WebhookEventType.INVOICE_OVERDUE,
    "complaint.opened": WebhookEventType.COMPLAINT_OPENED,
    "risk.escalated": WebhookEventType.RISK_ESCALATED,
}


def _type_for(event: Event, target: Any) -> str | None:
    if event.verb == "client.status_changed":
        if isinstance(target, Client) and target.status == Client.Status.ARCHIVED:
            return WebhookEventType.CLIENT_ARCHIVED
        return None
    found = VERB_TYPES.get(event.verb)
    return str(found) if found else None


TICKET_FIELDS = (
    "number",
    "title",
    "stage",
    "status",
    "priority",
    "client_id",
    "version",
)


def _ticket(ticket: Ticket) -> dict[str, Any]:
    # Only what is loaded: a listener never queries (a ticket read with
    # ``only()`` leaves the rest out rather than fetching it).
    deferred = ticket.get_deferred_fields()
    out: dict[str, Any] = {"id": ticket.pk}
    out.update({f: getattr(ticket, f) for f in TICKET_FIELDS if f not in deferred})
    if "number" in out:
        out["reference"] = ticket.reference
    return out


TASK_FIELDS = ("project_id", "title", "status", "due", "version")


def _task(task: Task) -> dict[str, Any]:
    deferred = task.get_deferred_fields()
    out: dict[str, Any] = {"id": task.pk}
    out.update({f: getattr(task, f) for f in TASK_FIELDS if f not in deferred})
    if "due" in out:
        out["due"] = out["due"].isoformat() if out["due"] else None
    return out


CHANGE_REQUEST_FIELDS = (
    "title",
    "status",
    "client_id",
    "sow_id",
    "project_id",
    "shift_days",
    "cost_currency",
)


def _change_request(change_request: ChangeRequest) -> dict[str, Any]:
    deferred = change_request.get_deferred_fields()
    out: dict[str, Any] = {"id": change_request.pk}
    out.update(
        {
            f: getattr(change_request, f)
            for f in CHANGE_REQUEST_FIELDS
            if f not in deferred
        }
    )
    if "cost_amount" not in deferred:
        cost = change_request.cost_amount
        out["cost_amount"] = str(cost) if cost is not None else None
    return out


def _invoice(invoice: Invoice) -> dict[str, Any]:
    # Fields of the row itself (the contract's id, not the contract): the
    # listener never queries.
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "contract_id": invoice.contract_id,
        "status": invoice.status,
        "currency": invoice.currency,
        "total": str(invoice.total),
        "amount_paid": str(invoice.amount_paid),
        "issue_date": invoice.issue_date.isoformat() if invoice.issue_date else None,
        "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
    }


def payload_for(event: Event, target: Any) -> dict[str, Any]:
    """The event's data for the receiver (names in the source language)."""
    payload: dict[str, Any] = {"verb": event.verb}
    if isinstance(target, Ticket):
        payload["ticket"] = _ticket(target)
    elif isinstance(target, Task):
        payload["task"] = _task(target)
    elif isinstance(target, ChangeRequest):
        payload["change_request"] = _change_request(target)
    elif isinstance(target, Invoice):
        payload["invoice"] = _invoice(target)
    elif isinstance(target, Complaint):
        payload["complaint"] = {
            "id": target.pk,
            "title": target.title,
            "client_id": target.client_id,
            "status": target.status,
            "source": target.source,
            "ticket_id": target.ticket_id,
            "acknowledge_by": target.acknowledge_by.isoformat(),
        }
    elif isinstance(target, Risk):
        payload["risk"] = {
            "id": target.pk,
            "title": target.title,
            "client_id": target.client_id,
            "category": target.category,
            "probability": target.probability,
            "impact": target.impact,
            "score": target.score,
            "status": target.status,
        }
    elif isinstance(target, Client):
        payload["client"] = {
            "id": target.pk,
            "name": target.name,
            "slug": target.slug,
            "status": target.status,
        }
    elif event.target_id:
        payload["target"] = {"id": event.target_id, "name": event.target_repr}
    if event.verb == "ticket.replied":
        payload["message"] = {
            "text": event.data.get("text", ""),
            "channel": event.data.get("channel", ""),
        }
    elif event.verb == "ticket.moved":
        payload["note"] = event.data.get("note", "")
    elif event.verb == "risk.escalated":
        payload["escalation"] = {
            "id": event.data.get("escalation"),
            "reason": event.data.get("reason", ""),
            "to": event.data.get("to", ""),
        }
    elif event.verb.startswith("approval."):
        approved = event.verb == "approval.approved"
        payload["approval"] = {
            "decision": "approved" if approved else "changes",
            "comment": event.data.get("comment", ""),
            "contact": event.data.get("contact", ""),
            "deliverable": event.data.get("deliverable", ""),
            "version": event.data.get("version"),
            "round": event.data.get("round"),
        }
    elif event.verb in ("change_request.approved", "change_request.rejected"):
        payload["decision"] = {
            "decision": event.verb.rsplit(".", 1)[1],
            "note": event.data.get("note", ""),
            "contact": event.data.get("contact", ""),
        }
    return payload


def on_timeline_event(event: Event, target: Any) -> None:
    """The timeline listener: queue the webhook event for after the commit."""
    event_type = _type_for(event, target)
    if event_type is None:
        return
    payload = payload_for(event, target)
    client_id = event.client_id
    transaction.on_commit(
        lambda: services.webhook_emit(event_type, client_id, payload), robust=True
    )
