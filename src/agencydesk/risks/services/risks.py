"""The risk register: recording and updating risks, escalating one by hand,
and reminding owners when a review date has come (once per date)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.i18n import for_recipient
from agencydesk.core.models import Notification
from agencydesk.core.notifications import notify_many
from agencydesk.core.timeline import timeline_record

from ..errors import RiskInvalidError
from ..models import Risk
from ..selectors import manageable, risks_due_for_review
from .escalations import escalation_record

FIELDS = (
    "title",
    "category",
    "probability",
    "impact",
    "owner",
    "mitigation",
    "contingency",
    "review_date",
    "status",
    "what_happened",
)


def _check(values: dict[str, Any]) -> None:
    for field in ("probability", "impact"):
        value = values.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise RiskInvalidError(
                _("Probability and impact are from 1 to 5."), extra={"field": field}
            )
    if values.get("category") not in Risk.Category.values:
        raise RiskInvalidError(_("Choose a category."), extra={"field": "category"})
    if values.get("status") not in Risk.Status.values:
        raise RiskInvalidError(_("Choose a status."), extra={"field": "status"})
    if not (values.get("title") or "").strip():
        raise RiskInvalidError(_("Name the risk."), extra={"field": "title"})
    owner = values.get("owner")
    if owner is None or not owner.is_staff or not owner.is_active:
        raise RiskInvalidError(
            _("A risk needs an owner from the staff."), extra={"field": "owner"}
        )
    if (
        values.get("status") == Risk.Status.MATERIALISED
        and not (values.get("what_happened") or "").strip()
    ):
        raise RiskInvalidError(
            _("Write down what happened when a risk materialises."),
            extra={"field": "what_happened"},
        )


def _record(actor: Any, risk: Risk, verb: str) -> None:
    if risk.client_id is None:
        return  # the agency's own risk: no client timeline to write on
    timeline_record(
        actor=actor,
        client_id=risk.client_id,
        verb=verb,
        target=risk,
        data={"status": Risk.Status(risk.status).label, "score": risk.score},
    )


@transaction.atomic
def risk_create(
    *,
    actor: Any,
    client: Any = None,
    title: str,
    category: str,
    probability: int,
    impact: int,
    owner: Any = None,
    mitigation: str = "",
    contingency: str = "",
    review_date: datetime.date | None = None,
    status: str = Risk.Status.OPEN,
    what_happened: str = "",
) -> Risk:
    """Put a risk of a client (or of the agency, without one) on the register."""
    client_id = client.pk if client is not None else None
    if not manageable(actor=actor, client_id=client_id, perm="risks.add_risk"):
        raise PermissionDenied
    values = {
        "title": title,
        "category": category,
        "probability": probability,
        "impact": impact,
        "owner": owner or actor,
        "mitigation": mitigation,
        "contingency": contingency,
        "review_date": review_date,
        "status": status,
        "what_happened": what_happened,
    }
    _check(values)
    values["title"] = values["title"].strip()[:200]
    risk = Risk.objects.create(
        client=client,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        **values,
    )
    _record(actor, risk, "risk.recorded")
    return risk


@transaction.atomic
def risk_update(*, actor: Any, risk: Risk, **changes: Any) -> Risk:
    """Change a risk: its rating, plans, review date or status (a risk that
    materialised keeps a note of what happened)."""
    if not manageable(actor=actor, client_id=risk.client_id, perm="risks.change_risk"):
        raise PermissionDenied
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise RiskInvalidError(_("Unknown field."))
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    values = {field: getattr(risk, field) for field in FIELDS}
    values.update(
        {k: v for k, v in changes.items() if v is not None or k == "review_date"}
    )
    _check(values)
    for field, value in values.items():
        setattr(risk, field, value)
    risk.save()
    _record(actor, risk, "risk.updated")
    return risk


def risk_escalate(*, actor: Any, risk: Risk, reason: str) -> Any:
    """Take a risk to management by hand."""
    if not manageable(actor=actor, client_id=risk.client_id, perm="risks.change_risk"):
        raise PermissionDenied
    return escalation_record(actor=actor, risk=risk, reason=reason)


def risk_review_reminders(*, today: datetime.date | None = None) -> int:
    """Tell each owner of a risk whose review date has come, once per review
    date (the date reminded of is kept on the risk). Returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        risks = list(
            risks_due_for_review(today=today).select_for_update(of=("self",))[:500]
        )
        notifications = []
        for risk in risks:
            with for_recipient(risk.owner):
                title = _("Review the risk: %(name)s") % {"name": risk.title}
            notifications.append(
                Notification(
                    recipient=risk.owner,
                    verb="risk.review_due",
                    title=title,
                    url=risk.get_absolute_url(),
                )
            )
            risk.reminded_for = risk.review_date
        Risk.objects.bulk_update(risks, ["reminded_for"])
        notify_many(notifications)
    return len(risks)
