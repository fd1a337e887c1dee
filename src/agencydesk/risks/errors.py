"""Refusals of the risks app (complaints, the risk register, escalations)."""

from __future__ import annotations

from agencydesk.core.errors import DomainError


class ComplaintTransitionError(DomainError):
    """A complaint asked to move where its procedure does not go."""

    code = "complaint_transition"


class ComplaintCloseRefusedError(DomainError):
    """Closing needs the resolution recorded and the client's confirmation."""

    code = "complaint_close_refused"


class ComplaintExistsError(DomainError):
    code = "complaint_exists"


class RiskInvalidError(DomainError):
    code = "risk_invalid"


class EscalationRefusedError(DomainError):
    code = "escalation_refused"
