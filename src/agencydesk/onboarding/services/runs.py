"""Checklist runs: start onboarding or offboarding for a client, complete and
reopen items (gates and dependencies), finish the run."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from agencydesk.clients.models import AccessEntry, Client, TeamMember
from agencydesk.clients.services import (
    access_entry_set_state,
    client_set_status,
    ensure_editable,
)
from agencydesk.core.access import require_actor
from agencydesk.core.calendar import business_days_after
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record

from ..errors import (
    GateClosedError,
    ItemAssignError,
    NoTemplateError,
    RunAlreadyOpenError,
)
from ..models import ChecklistTemplate, Kind, Run, RunItem, TemplateItem
from ..selectors.deposit import DEPOSIT_KEY, paid_deposit


def _person(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def _owners(client: Client) -> dict[str, Any]:
    """The first team member in each role; the account manager stands in."""
    owners: dict[str, Any] = {}
    team = TeamMember.objects.filter(
        client=client, user__integration=""
    ).select_related("user")
    for member in team.order_by("pk"):
        owners.setdefault(member.role, member.user)
    fallback = owners.get(TeamMember.Role.ACCOUNT_MANAGER)
    for role in TeamMember.Role.values:
        owners.setdefault(role, fallback)
    return owners


def default_template(kind: str) -> ChecklistTemplate:
    """The default template of a kind (the oldest when several are marked)."""
    template = (
        ChecklistTemplate.objects.filter(kind=kind)
        .order_by("-is_default", "pk")
        .first()
    )
    if template is None:
        raise NoTemplateError
    return template


@transaction.atomic
def run_start(
    *,
    actor: Any,
    client: Client,
    kind: str = Kind.ONBOARDING,
    template: ChecklistTemplate | None = None,
    start_date: datetime.date | None = None,
) -> Run:
    """Start a checklist for a client: one item per template item (one per
    granted access for revocations), owners from the team by role, due dates
    in the client's business days from the start."""
    require_actor(actor, "onboarding.add_run")
    client = ensure_editable(client)
    if Run.objects.filter(client=client, kind=kind, completed_at__isnull=True).exists():
        raise RunAlreadyOpenError
    template = template or default_template(kind)
    start_date = start_date or timezone.localdate()
    calendar = client.calendar.as_business_calendar()
    owners = _owners(client)
    run = Run.objects.create(
        client=client,
        template=template,
        kind=kind,
        start_date=start_date,
        started_by=_person(actor),
    )
    template_items = (
        TemplateItem.objects.filter(section__template=template)
        .select_related("section")
        .prefetch_related("depends_on")
        .order_by("section__order", "order", "pk")
    )
    made: dict[int, list[RunItem]] = {}
    order = 0
    for source in template_items:
        due = business_days_after(calendar, start_date, source.due_days)
        rows = [(source.key, gettext(source.title), None)]
        if source.generates == TemplateItem.Generates.ACCESS_REVOCATIONS:
            granted = AccessEntry.objects.filter(
                client=client, state=AccessEntry.State.GRANTED
            ).order_by("platform", "pk")
            rows = [
                (
                    f"{source.key}-{entry.pk}",
                    gettext("Revoke access: %(platform)s")
                    % {"platform": entry.platform},
                    entry,
                )
                for entry in granted
            ]
        made[source.pk] = []
        for key, title, entry in rows:
            order += 1
            made[source.pk].append(
                RunItem.objects.create(
                    run=run,
                    key=key,
                    section=gettext(source.section.title),
                    title=title,
                    order=order,
                    owner=owners.get(source.owner_role),
                    due_date=due,
                    is_gate=source.is_gate,
                    access_entry=entry,
                )
            )
    for source in template_items:
        needs = [
            item for dep in source.depends_on.all() for item in made.get(dep.pk, [])
        ]
        for item in made[source.pk]:
            item.depends_on.set(needs)
    status = (
        Client.Status.ONBOARDING
        if kind == Kind.ONBOARDING
        else Client.Status.OFFBOARDING
    )
    if kind == Kind.OFFBOARDING or client.status == Client.Status.PROSPECT:
        client_set_status(actor=actor, client=client, status=status)
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb=f"{kind}.started",
        target=run,
        data={"template": str(template), "items": order},
    )
    if kind == Kind.ONBOARDING:
        _deposit_on_start(run)
    return run


def _deposit_on_start(run: Run) -> None:
    """An onboarding started after the deposit was paid starts with its
    deposit item done, by that invoice (so a later reversal reopens it)."""
    invoice = paid_deposit(run.client_id)
    item = run.items.filter(key=DEPOSIT_KEY, done_at__isnull=True).first()
    if invoice is not None and item is not None:
        item_complete_by_invoice(item=item, invoice=invoice)


def item_complete_by_invoice(*, item: RunItem, invoice: Any) -> RunItem | None:
    """The system ticks an item off because ``invoice`` (the deposit) was
    paid. A gate still waiting for its dependencies (a template that made
    the deposit one) is left for a person: a payment is never refused for a
    checklist."""
    try:
        with transaction.atomic():
            return item_complete(actor=None, item=item, by_invoice=invoice)
    except GateClosedError:
        return None


@transaction.atomic
def item_complete(*, actor: Any, item: RunItem, by_invoice: Any = None) -> RunItem:
    """Tick an item off; a gate refuses while an item it depends on is open.
    A revocation item also marks its access revoked. ``by_invoice``: the
    deposit invoice whose payment ticks it off (kept on the item, named on
    the timeline)."""
    require_actor(actor, "onboarding.change_runitem")
    item = (
        RunItem.objects.select_for_update(of=("self",))
        .select_related("run", "access_entry")
        .get(pk=item.pk)
    )
    ensure_editable(item.run.client)
    if item.done_at is not None:
        return item
    blockers = [str(b) for b in item.blockers()]
    if item.is_gate and blockers:
        raise GateClosedError(str(item), blockers)
    entry = item.access_entry
    if entry is not None and entry.state != AccessEntry.State.REVOKED:
        # The person the revocation is assigned to may mark it done (a
        # specialist cannot otherwise edit the access inventory); anyone
        # else needs the inventory's change permission.
        access_entry_set_state(
            actor=actor,
            entry=entry,
            state=AccessEntry.State.REVOKED,
            assigned=actor is not None and item.owner_id == actor.pk,
        )
    item.done_at = timezone.now()
    item.done_by = _person(actor)
    item.done_by_invoice = by_invoice
    item.save(update_fields=["done_at", "done_by", "done_by_invoice"])
    data = {"section": item.section}
    if by_invoice is not None:
        data["invoice"] = by_invoice.number
    timeline_record(
        actor=actor,
        client_id=item.run.client_id,
        verb="onboarding.item_paid" if by_invoice else "onboarding.item_done",
        target=item,
        data=data,
    )
    _finish_if_done(actor=actor, run=item.run)
    return item


def item_complete_by_key(*, actor: Any, client: Client, kind: str, key: str) -> None:
    """Tick off an item of the client's open run by its key, if there is one
    open (e.g. the questionnaire came back); gates still apply."""
    item = (
        RunItem.objects.filter(
            run__client=client, run__kind=kind, run__completed_at__isnull=True, key=key
        )
        .filter(done_at__isnull=True)
        .first()
    )
    if item is not None:
        item_complete(actor=actor, item=item)


@transaction.atomic
def run_item_reassign(
    *, actor: Any, item: RunItem, owner: Any, due_date: datetime.date
) -> RunItem:
    """Give a running checklist item another owner or due date; each change is
    kept on the client's timeline (the item's history) and the new owner is
    told."""
    require_actor(actor, "onboarding.change_runitem")
    item = (
        RunItem.objects.select_for_update(of=("self",))
        .select_related("run", "owner")
        .get(pk=item.pk)
    )
    ensure_editable(item.run.client)
    if owner is not None and not (owner.is_staff and owner.is_active):
        raise ItemAssignError(gettext("Only active agency staff can own an item."))
    if due_date < item.run.start_date:
        raise ItemAssignError(
            gettext("The due date cannot be before the checklist started.")
        )
    old_owner, old_due = item.owner, item.due_date
    if old_owner == owner and old_due == due_date:
        return item
    item.owner, item.due_date = owner, due_date
    item.save(update_fields=["owner", "due_date"])
    nobody = "—"
    timeline_record(
        actor=actor,
        client_id=item.run.client_id,
        verb="onboarding.item_reassigned",
        target=item,
        data={
            "from_owner": old_owner.display_name if old_owner else nobody,
            "owner": owner.display_name if owner else nobody,
            "from_due": old_due.isoformat(),
            "due": due_date.isoformat(),
        },
    )
    if owner is not None and owner != old_owner and owner != actor:
        notify(
            recipient=owner,
            verb="onboarding.item_assigned",
            title=lambda: (
                gettext("Checklist item for you: %(item)s (due %(due)s)")
                % {"item": str(item), "due": date_format(due_date, "SHORT_DATE_FORMAT")}
            ),
            url=item.run.get_absolute_url(),
        )
    return item


@transaction.atomic
def item_reopen(*, actor: Any, item: RunItem, by_invoice: Any = None) -> RunItem:
    """Untick an item (the run is open again if it had finished). With
    ``by_invoice`` (a payment of that deposit invoice was reversed), only an
    item that this invoice's payment ticked off is reopened: one a person
    closed by hand stays closed."""
    require_actor(actor, "onboarding.change_runitem")
    item = (
        RunItem.objects.select_for_update(of=("self",))
        .select_related("run")
        .get(pk=item.pk)
    )
    ensure_editable(item.run.client)
    if item.done_at is None:
        return item
    if by_invoice is not None and item.done_by_invoice_id != by_invoice.pk:
        return item
    item.done_at = None
    item.done_by = None
    item.done_by_invoice = None
    item.save(update_fields=["done_at", "done_by", "done_by_invoice"])
    if item.run.completed_at is not None:
        item.run.completed_at = None
        item.run.save(update_fields=["completed_at"])
    timeline_record(
        actor=actor,
        client_id=item.run.client_id,
        verb="onboarding.item_unpaid" if by_invoice else "onboarding.item_reopened",
        target=item,
        data={"invoice": by_invoice.number} if by_invoice else None,
    )
    return item


def _finish_if_done(*, actor: Any, run: Run) -> None:
    if run.items.filter(done_at__isnull=True).exists():
        return
    run.completed_at = timezone.now()
    run.save(update_fields=["completed_at"])
    timeline_record(
        actor=actor, client_id=run.client_id, verb=f"{run.kind}.completed", target=run
    )
    client = Client.objects.get(pk=run.client_id)
    if run.kind == Kind.ONBOARDING and client.status == Client.Status.ONBOARDING:
        # The run moves the account, not the person who ticked the last item
        # (specialists and finance tick items but may not edit clients).
        client_set_status(actor=None, client=client, status=Client.Status.ACTIVE)
