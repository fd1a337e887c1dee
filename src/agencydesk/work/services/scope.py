"""Statements of work: drafted and edited by the account manager, sent to a
client contact (an e-mail with a signed link, in the contact's language),
confirmed in the portal or through the link; and the scope meter's warnings
at 80% and 100%, once per line, period and threshold."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.clients.services import ensure_editable
from agencydesk.comms.services.outbox import outbox_enqueue
from agencydesk.core.access import require_actor
from agencydesk.core.i18n import for_recipient
from agencydesk.core.notifications import notify
from agencydesk.core.signing import LinkInvalid, SignedLink
from agencydesk.core.timeline import timeline_record

from ..models import Area, Project, ScopeAlert, ScopePeriod, ScopeUnit, Sow, SowLine
from ..scope_errors import (
    ScopeContactError,
    ScopeLineError,
    ScopeLinkError,
    SowNotDraftError,
    SowStateError,
)
from ..scope_selectors import THRESHOLDS, scope_meter, today_for

SOW_LINK = SignedLink("work.sow", max_age=timedelta(days=60))
MAX_QUANTITY = Decimal("100000")


def _lock(sow: Sow) -> Sow:
    fresh = Sow.objects.select_for_update(of=("self",)).select_related("client")
    return fresh.get(pk=sow.pk)


def _draft(sow: Sow) -> Sow:
    sow = _lock(sow)
    ensure_editable(sow.client)
    if not sow.is_draft:
        raise SowNotDraftError
    return sow


def _check_project(client: Client, project: Project | None) -> None:
    if project is not None and project.client_id != client.pk:
        raise ScopeLineError(_("Choose a project of this client."), "project")


@transaction.atomic
def sow_create(
    *,
    actor: Any,
    client: Client,
    title: str,
    project: Project | None = None,
    exclusions: str = "",
    phase_two: str = "",
) -> Sow:
    """A draft SOW for a client (its retainer) or one of its projects; its
    version follows the latest of the same client and project."""
    require_actor(actor, "work.add_sow")
    client = ensure_editable(client)
    _check_project(client, project)
    last = Sow.objects.filter(client=client, project=project).aggregate(
        v=Max("version")
    )["v"]
    sow = Sow.objects.create(
        client=client,
        project=project,
        title=title.strip(),
        exclusions=exclusions.strip(),
        phase_two=phase_two.strip(),
        version=(last or 0) + 1,
    )
    timeline_record(actor=actor, client_id=client.pk, verb="sow.created", target=sow)
    return sow


_EDITABLE = {"title", "exclusions", "phase_two"}


@transaction.atomic
def sow_update(*, actor: Any, sow: Sow, **changes: Any) -> Sow:
    """Change a draft's title, exclusions or phase 2 list."""
    require_actor(actor, "work.change_sow")
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise TypeError(f"sow_update got unknown fields {sorted(unknown)}")
    sow = _draft(sow)
    for field, value in changes.items():
        setattr(sow, field, value.strip())
    sow.save(update_fields=[*changes, "updated_at"])
    timeline_record(
        actor=actor, client_id=sow.client_id, verb="sow.updated", target=sow
    )
    return sow


def check_line(*, quantity: Any, unit: str, period: str, area: Area | None) -> None:
    if unit not in ScopeUnit.values:
        raise ScopeLineError(_("Choose a unit."), "unit")
    if period not in ScopePeriod.values:
        raise ScopeLineError(_("Choose a period."), "period")
    if not isinstance(quantity, Decimal | int) or not 0 < quantity <= MAX_QUANTITY:
        raise ScopeLineError(
            _("The quantity must be more than 0 and at most 100,000."), "quantity"
        )
    if area is not None and unit != ScopeUnit.DELIVERABLES:
        raise ScopeLineError(_("Only deliverables are counted by area."), "area")


@transaction.atomic
def sow_line_add(
    *,
    actor: Any,
    sow: Sow,
    what: str,
    quantity: Decimal,
    unit: str,
    period: str = ScopePeriod.MONTH,
    area: Area | None = None,
) -> SowLine:
    require_actor(actor, "work.change_sow")
    sow = _draft(sow)
    check_line(quantity=quantity, unit=unit, period=period, area=area)
    order = SowLine.objects.filter(sow=sow).count()
    line = SowLine.objects.create(
        sow=sow,
        what=what.strip(),
        quantity=quantity,
        unit=unit,
        period=period,
        area=area,
        order=order,
    )
    sow.save(update_fields=["updated_at"])  # its lines are part of it (sync)
    timeline_record(
        actor=actor,
        client_id=sow.client_id,
        verb="sow.line_added",
        target=sow,
        data={"line": line.what},
    )
    return line


@transaction.atomic
def sow_line_remove(*, actor: Any, line: SowLine) -> Sow:
    require_actor(actor, "work.change_sow")
    sow = _draft(line.sow)
    what = line.what
    line.delete()
    sow.save(update_fields=["updated_at"])
    timeline_record(
        actor=actor,
        client_id=sow.client_id,
        verb="sow.line_removed",
        target=sow,
        data={"line": what},
    )
    return sow


def _check_contact(sow_or_request: Any, contact: Contact | None) -> Contact:
    if contact is None or contact.client_id != sow_or_request.client_id:
        raise ScopeContactError
    if not contact.user.is_active:
        raise ScopeContactError
    return contact


def sow_token(sow: Sow, contact: Contact) -> str:
    return SOW_LINK.make({"s": sow.pk, "c": contact.pk})


def sow_link_url(sow: Sow, contact: Contact) -> str:
    return reverse("portal:sow-link", args=[sow_token(sow, contact)])


def sow_from_token(token: str) -> tuple[Sow, Contact]:
    """The SOW and contact a link names; ScopeLinkError when the link is
    forged, expired or names a SOW that is no longer the one sent."""
    try:
        payload = SOW_LINK.read(token, fields=("s", "c"))
    except LinkInvalid:
        raise ScopeLinkError from None
    sow = (
        Sow.objects.select_related("client", "project", "confirmed_by__user")
        .filter(pk=payload["s"])
        .first()
    )
    contact = Contact.objects.select_related("user").filter(pk=payload["c"]).first()
    if (
        sow is None
        or contact is None
        or contact.client_id != sow.client_id
        or sow.status in (Sow.Status.DRAFT, Sow.Status.SUPERSEDED)
    ):
        raise ScopeLinkError
    return sow, contact


@transaction.atomic
def sow_send(*, actor: Any, sow: Sow, contact: Contact) -> Sow:
    """Send a draft (or send a sent one again) to a contact of the client: an
    e-mail in their language with a signed link to confirm it."""
    require_actor(actor, "work.change_sow")
    sow = _lock(sow)
    ensure_editable(sow.client)
    if sow.status not in (Sow.Status.DRAFT, Sow.Status.SENT):
        raise SowStateError(_("Only a draft or a sent statement of work is sent."))
    contact = _check_contact(sow, contact)
    if not sow.lines.exists():
        raise SowStateError(_("Add at least one line before sending."))
    sow.status = Sow.Status.SENT
    sow.sent_at = timezone.now()
    sow.sent_to = contact
    sow.save(update_fields=["status", "sent_at", "sent_to", "updated_at"])
    timeline_record(
        actor=actor,
        client_id=sow.client_id,
        verb="sow.sent",
        target=sow,
        data={"contact": str(contact)},
    )
    _mail(
        contact,
        "work/email/sow_sent",
        {
            "sow": sow,
            "link": settings.SITE_URL.rstrip("/") + sow_link_url(sow, contact),
        },
        ref=f"work.sow:{sow.pk}",
    )
    return sow


def _mail(contact: Contact, template: str, context: dict, *, ref: str) -> None:
    person = contact.user
    context = {**context, "person": person, "client": contact.client}
    with for_recipient(person):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
    outbox_enqueue(
        to=[person.email],
        subject=" ".join(subject.split()),
        text=text,
        headers={"Auto-Submitted": "auto-generated"},
        ref=ref,
    )


@transaction.atomic
def sow_confirm(*, actor: Any, sow: Sow, contact: Contact) -> Sow:
    """The client's contact confirms a sent SOW (in the portal, or through
    the signed link with ``actor=None``); an older confirmed version of the
    same client and project is replaced."""
    sow = _lock(sow)
    contact = _check_contact(sow, contact)
    ensure_editable(sow.client)
    if sow.status == Sow.Status.CONFIRMED:
        raise SowStateError(_("This statement of work is already confirmed."))
    if sow.status != Sow.Status.SENT:
        raise SowStateError(_("This statement of work is not waiting for you."))
    now = timezone.now()
    older = Sow.objects.filter(
        client_id=sow.client_id,
        project_id=sow.project_id,
        status=Sow.Status.CONFIRMED,
    ).exclude(pk=sow.pk)
    older.update(status=Sow.Status.SUPERSEDED, updated_at=timezone.now())
    sow.status = Sow.Status.CONFIRMED
    sow.confirmed_at = now
    sow.confirmed_by = contact
    sow.save(update_fields=["status", "confirmed_at", "confirmed_by", "updated_at"])
    timeline_record(
        actor=contact.user,
        client_id=sow.client_id,
        verb="sow.confirmed",
        target=sow,
        data={"contact": str(contact)},
    )
    return sow


@transaction.atomic
def sow_new_version(*, actor: Any, sow: Sow) -> Sow:
    """A new draft version of a sent or confirmed SOW, with its lines; the
    confirmed one stays in force until the new one is confirmed."""
    require_actor(actor, "work.add_sow")
    sow = _lock(sow)
    if sow.is_draft:
        raise SowStateError(_("A draft is edited, not copied."))
    new = sow_create(
        actor=actor,
        client=sow.client,
        project=sow.project,
        title=sow.title,
        exclusions=sow.exclusions,
        phase_two=sow.phase_two,
    )
    SowLine.objects.bulk_create(
        SowLine(
            sow=new,
            what=line.what,
            quantity=line.quantity,
            unit=line.unit,
            period=line.period,
            area_id=line.area_id,
            order=line.order,
        )
        for line in sow.lines.all()
    )
    return new


def scope_check_alerts(*, client: Client, on: date | None = None) -> list[ScopeAlert]:
    """Warn the client's account managers once per line, period and
    threshold when a confirmed SOW's line reaches 80% or 100%."""
    on = on or today_for(client)
    sows = Sow.objects.filter(client=client, status=Sow.Status.CONFIRMED)
    sows = sows.select_related("client", "project").prefetch_related("lines")
    fired = []
    for sow in sows:
        for row in scope_meter(sow=sow, on=on):
            for threshold in THRESHOLDS:
                if row.percent < threshold:
                    continue
                try:
                    with transaction.atomic():
                        alert = ScopeAlert.objects.create(
                            line=row.line, period_start=row.first, threshold=threshold
                        )
                except IntegrityError:
                    continue
                fired.append(alert)
                _warn(sow, row, threshold)
    return fired


def _warn(sow: Sow, row: Any, threshold: int) -> None:
    values = {
        "client": sow.client.name,
        "line": row.line.what,
        "threshold": threshold,
        "used": f"{row.used.normalize():f}",
        "contracted": f"{row.contracted.normalize():f}",
    }
    timeline_record(
        actor=None,
        client_id=sow.client_id,
        verb="scope.threshold_reached",
        target=sow,
        data={**values, "period": row.first.isoformat()},
    )
    managers = TeamMember.objects.filter(
        client_id=sow.client_id, role=TeamMember.Role.ACCOUNT_MANAGER
    ).select_related("user")
    url = reverse("work:sow-meter", args=[sow.pk])
    for member in managers:
        notify(
            recipient=member.user,
            verb="scope.threshold_reached",
            title=lambda: (
                _("%(client)s: %(line)s reached %(threshold)s%% of the scope") % values
            ),
            body=lambda: _("%(used)s of %(contracted)s used in this period.") % values,
            url=url,
        )
