"""Starting a project (from a template, on the client's working days) and
changing it."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, TeamMember
from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor
from agencydesk.core.agency import business_calendar
from agencydesk.core.calendar import BusinessCalendar, business_days_after
from agencydesk.core.money import CURRENCY_CODES
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from ..demand_selectors import template_layout
from ..errors import MilestoneAmountError, ProjectDatesError
from ..models import (
    Method,
    Milestone,
    Phase,
    Project,
    ProjectTemplate,
    Task,
    TemplateItem,
)
from ._shared import check_owner


@transaction.atomic
def project_create(
    *,
    actor: Any,
    client: Client,
    name: str,
    method: str = Method.WATERFALL,
    start: datetime.date,
    owner: User,
    template: ProjectTemplate | None = None,
) -> Project:
    """Start a project for a client; from a template, every phase, milestone
    and task is placed in business days of the client's calendar from the
    first working day on or after ``start``, owned by the client's team member
    in the item's role."""
    require_actor(actor, "work.add_project")
    check_owner(owner)
    client = ensure_editable(client)
    calendar = business_calendar(client.calendar_id)
    first_day = business_days_after(calendar, start, 0)
    project = Project.objects.create(
        client=client,
        name=name,
        method=method,
        start=first_day,
        owner=owner,
        template=template,
    )
    if template is not None:
        project.end = _plan(project, template, calendar)
        project.save(update_fields=["end", "updated_at"])
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="project.created",
        target=project,
        data={"template": template.name if template else "—"},
    )
    return project


def _team_by_role(client: Client) -> dict[str, User]:
    """The first active member of the client's team in each role."""
    team: dict[str, User] = {}
    members = (
        TeamMember.objects.filter(
            client=client, user__is_active=True, user__integration=""
        )
        .select_related("user")
        .order_by("pk")
    )
    for member in members:
        team.setdefault(member.role, member.user)
    return team


def _plan(
    project: Project, template: ProjectTemplate, calendar: BusinessCalendar
) -> datetime.date:
    """Lay the template's items on the calendar; answers the last date."""
    team = _team_by_role(project.client)
    items = list(template.items.order_by("order", "pk"))
    phases: dict[int, Phase] = {}
    milestones: list[Milestone] = []
    tasks: list[tuple[Task, int | None]] = []
    last = project.start
    for order, placed in enumerate(template_layout(items, project.start, calendar)):
        item, start, end = placed.item, placed.start, placed.end
        last = max(last, end)
        if item.kind == TemplateItem.Kind.MILESTONE:
            milestones.append(
                Milestone(
                    project=project,
                    title=item.title,
                    due=start,
                    needs_client_approval=item.needs_client_approval,
                )
            )
        elif item.kind == TemplateItem.Kind.PHASE:
            # Created one by one: the template's tasks need their ids.
            phases[item.pk] = Phase.objects.create(
                project=project, title=item.title, start=start, end=end, order=order
            )
        else:
            tasks.append(
                (
                    Task(
                        project=project,
                        phase=None,
                        title=item.title,
                        area_id=item.area_id,
                        owner=team.get(item.owner_role),
                        start=start,
                        due=end,
                        estimate_minutes=item.estimate_minutes,
                        order=order,
                    ),
                    item.phase_id,
                )
            )
    for task, phase_item_id in tasks:
        task.phase = phases.get(phase_item_id)
    Milestone.objects.bulk_create(milestones)
    Task.objects.bulk_create([task for task, _phase in tasks])
    return last


_EDITABLE = {"name", "method", "start", "end", "owner", "status"}


@transaction.atomic
def project_update(*, actor: Any, project: Project, **changes: Any) -> Project:
    """Change a project's name, method, dates, owner or status."""
    require_actor(actor, "work.change_project")
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise TypeError(f"project_update got unknown fields {sorted(unknown)}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    ensure_editable(project.client)
    if "owner" in changes:
        check_owner(changes["owner"])
    for field, value in changes.items():
        setattr(project, field, value)
    if project.end is not None and project.end < project.start:
        raise ProjectDatesError
    project.save(update_fields=[*changes, "updated_at"])
    timeline_record(
        actor=actor,
        client_id=project.client_id,
        verb="project.updated",
        target=project,
        data={"status": Project.Status(project.status).label},
    )
    return project


@transaction.atomic
def milestone_toggle(*, actor: Any, milestone: Milestone) -> Milestone:
    """Mark a milestone done, or open again (the portal counts the done
    ones)."""
    require_actor(actor, "work.change_project")
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("project__client")
        .get(pk=milestone.pk)
    )
    ensure_editable(milestone.project.client)
    milestone.done_at = None if milestone.done_at else timezone.now()
    milestone.save(update_fields=["done_at"])
    timeline_record(
        actor=actor,
        client_id=milestone.project.client_id,
        verb="milestone.done" if milestone.done_at else "milestone.reopened",
        target=milestone.project,
        data={"milestone": milestone.title},
    )
    return milestone


@transaction.atomic
def milestone_set_amount(
    *, actor: Any, milestone: Milestone, amount: Any, currency: str = ""
) -> Milestone:
    """Price a milestone (what reaching it is billed), or clear the price
    with ``amount=None``. Finance invoices a done milestone once."""
    require_actor(actor, "work.change_project")
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("project__client")
        .get(pk=milestone.pk)
    )
    ensure_editable(milestone.project.client)
    if amount is None or amount == "":
        milestone.amount, milestone.currency = None, ""
    else:
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError, TypeError):
            value = Decimal("NaN")
        if not value.is_finite() or value <= 0 or value >= Decimal("1e12"):
            raise MilestoneAmountError(_("The amount must be above zero."))
        if currency not in CURRENCY_CODES:
            raise MilestoneAmountError(_("Choose a known currency."), "currency")
        milestone.amount = value.quantize(Decimal("0.01"))
        milestone.currency = currency
    milestone.save(update_fields=["amount", "currency"])
    return milestone
