"""Every write of the risks app (complaints, risks, escalations)."""

from .complaints import (
    acknowledgement_target,
    complaint_acknowledge,
    complaint_close,
    complaint_escalate,
    complaint_from_ticket,
    complaint_open,
    complaint_resolve,
)
from .escalations import escalation_record
from .risks import risk_create, risk_escalate, risk_review_reminders, risk_update

__all__ = [
    "acknowledgement_target",
    "complaint_acknowledge",
    "complaint_close",
    "complaint_escalate",
    "complaint_from_ticket",
    "complaint_open",
    "complaint_resolve",
    "escalation_record",
    "risk_create",
    "risk_escalate",
    "risk_review_reminders",
    "risk_update",
]
