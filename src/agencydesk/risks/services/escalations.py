"""Escalations to management: recorded with whom, why, by whom and about
what, put on the client's timeline and told to each person escalated to."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from agencydesk.core.i18n import for_recipient
from agencydesk.core.models import Notification
from agencydesk.core.notifications import notify_many
from agencydesk.core.timeline import timeline_record

from ..errors import EscalationRefusedError
from ..models import Complaint, Escalation, Risk
from ..selectors import manageable, management

VERBS = {"complaint": "complaint.escalated", "risk": "risk.escalated"}


def _titles(escalation: Escalation) -> str:
    if escalation.complaint_id:
        return _("Complaint escalated: %(name)s") % {"name": escalation.complaint}
    if escalation.risk_id:
        return _("Risk escalated: %(name)s") % {"name": escalation.risk}
    return _("Ticket escalated: %(name)s") % {"name": escalation.ticket.reference}


@transaction.atomic
def escalation_record(
    *,
    actor: Any,
    reason: str = "",
    rule: str = Escalation.Rule.MANUAL,
    score: int | None = None,
    complaint: Complaint | None = None,
    risk: Risk | None = None,
    ticket: Any = None,
    to: list[Any] | None = None,
) -> Escalation:
    """Record an escalation of one complaint, risk or ticket to ``to`` (the
    agency leads by default) and notify each of them. By hand ``reason`` is
    the person's text; a ``rule`` (``actor=None``: the system) has its reason
    written from the rule when read, in the reader's language."""
    about = [x for x in (complaint, risk, ticket) if x is not None]
    if len(about) != 1:
        raise EscalationRefusedError(_("An escalation is about one thing."))
    reason = (reason or "").strip()
    manual = rule == Escalation.Rule.MANUAL
    if manual and not reason:
        raise EscalationRefusedError(
            _("Say why it is escalated."), extra={"field": "reason"}
        )
    target = about[0]
    client_id = target.client_id
    if actor is not None and not manageable(
        actor=actor, client_id=client_id, perm="risks.add_escalation"
    ):
        raise PermissionDenied
    people = to if to is not None else management()
    people = list({p.pk: p for p in people}.values())
    escalation = Escalation.objects.create(
        client_id=client_id,
        complaint=complaint,
        risk=risk,
        ticket=ticket,
        reason=reason[:5000],
        rule=rule,
        score=score,
        escalated_by=actor if actor is not None and actor.is_authenticated else None,
    )
    escalation.escalated_to.set(people)
    if client_id is not None:
        kind = "complaint" if complaint else "risk" if risk else "ticket"
        timeline_record(
            actor=actor,
            client_id=client_id,
            verb=VERBS.get(kind, "ticket.escalated"),
            target=target,
            data={
                "to": ", ".join(p.display_name for p in people) or "—",
                # A rule's name is stored as its message id and read in the
                # reader's language; a person's reason as they wrote it.
                "reason": reason[:500] if manual else Escalation.Rule(rule).label,
                "escalation": escalation.pk,
            },
        )
    notifications = []
    url = _url(escalation)
    for person in people:
        with for_recipient(person):
            title = _titles(escalation)
            body = escalation.reason_text[:1000]
        notifications.append(
            Notification(
                recipient=person,
                verb="risks.escalated",
                title=title,
                body=body,
                url=url,
            )
        )
    notify_many(notifications)
    return escalation


def _url(escalation: Escalation) -> str:
    target = escalation.about
    return target.get_absolute_url()
