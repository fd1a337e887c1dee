"""The periodic SLA sweep: clocks at risk or breached, escalated set-based."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import TeamMember
from agencydesk.core.i18n import for_recipient
from agencydesk.core.models import Notification
from agencydesk.core.notifications import notify_many
from agencydesk.core.timeline import event_for, timeline_record_many
from agencydesk.people.models import User

from ..models import (
    SlaState,
    Stage,
    Ticket,
)
from ..signals import sla_breached
from . import sla


def sla_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Mark running clocks at risk or breached and escalate each change once,
    set-based: a few queries whatever the number of tickets."""
    now = now or timezone.now()
    due = sla.due_ids(now)
    counts = {}
    for state in (SlaState.BREACHED, SlaState.AT_RISK):
        with transaction.atomic():
            tickets = list(
                Ticket.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sla.RUNNING_CLOCK, pk__in=due[state])
                .select_related("client", "analyst", "production_owner")
            )
            changed = []
            for ticket in tickets:
                sla.refresh(ticket, now=now)
                if ticket.sla_state == state:
                    changed.append(ticket)
            Ticket.objects.filter(pk__in=[t.pk for t in changed]).update(
                sla_state=state, version=F("version") + 1, updated_at=now
            )
            _escalate_many(changed, state)
            if state == SlaState.BREACHED and changed:
                sla_breached.send(Ticket, tickets=changed)
        counts[state] = len(changed)
    return {"at_risk": counts[SlaState.AT_RISK], "breached": counts[SlaState.BREACHED]}


def _escalate_many(tickets: list[Ticket], state: str) -> None:
    """Tell the right people of each escalation and put it on the history."""
    if not tickets:
        return
    managers: dict[int, list[User]] = {}
    for member in TeamMember.objects.filter(
        client_id__in={t.client_id for t in tickets},
        role=TeamMember.Role.ACCOUNT_MANAGER,
        user__is_active=True,
    ).select_related("user"):
        managers.setdefault(member.client_id, []).append(member.user)
    leads = list(User.objects.filter(groups__name="agency_lead", is_active=True))
    events, notifications = [], []
    verb = f"ticket.sla_{state}"
    for ticket in tickets:
        if state == SlaState.AT_RISK:
            owner = (
                ticket.production_owner if ticket.stage == Stage.PRODUCTION else None
            )
            person = owner or ticket.analyst
            people = [person] if person else managers.get(ticket.client_id, [])
        else:
            people = [*managers.get(ticket.client_id, []), *leads]
        people = list({p.pk: p for p in people}.values())
        events.append(
            event_for(
                actor=None,
                client_id=ticket.client_id,
                verb=verb,
                target=ticket,
                data={"notified": ", ".join(p.display_name for p in people)},
            )
        )
        for person in people:
            with for_recipient(person):
                if state == SlaState.AT_RISK:
                    title = _("%(ref)s is at risk of missing its SLA")
                else:
                    title = _("%(ref)s breached its SLA")
                title = title % {"ref": ticket.reference}
            notifications.append(
                Notification(
                    recipient=person,
                    verb=verb,
                    title=title,
                    url=ticket.get_absolute_url(),
                )
            )
    timeline_record_many(events)
    notify_many(notifications)
