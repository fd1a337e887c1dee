"""Writes on the account itself: opening it, the profile, its status and the
communication log (calls, chats, meeting notes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from agencydesk.core.access import require_actor
from agencydesk.core.agency import agency_get
from agencydesk.core.models import WorkingCalendar
from agencydesk.core.timeline import timeline_record

from ..errors import ClientSlugTakenError
from ..models import Client, TeamMember
from .guard import ensure_editable
from .team import team_member_put, team_rule_applies

PROFILE_FIELDS = (
    "industry",
    "website",
    "business_description",
    "goals",
    "target_audience",
    "social_accounts",
)

COMM_KINDS = ("call", "chat", "meeting-note")


def _free_slug(name: str) -> str:
    base = slugify(name)[:50] or "client"
    slug, n = base, 2
    while Client.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def client_create(
    *,
    actor: Any,
    name: str,
    country: str,
    timezone: str,
    currency: str,
    language: str = "en",
    slug: str = "",
    status: str = Client.Status.PROSPECT,
    email_domains: str = "",
) -> Client:
    """Open a client account with its own working calendar (the agency's hours
    in the client's timezone, with the client's public holidays). A person
    whose team edits are limited to their own clients (an account manager)
    becomes the new account's account manager, so they can staff it."""
    require_actor(actor, "clients.add_client")
    if slug and Client.objects.filter(slug=slug).exists():
        raise ClientSlugTakenError
    agency_calendar = agency_get().calendar
    calendar = WorkingCalendar.objects.create(
        name=name[:120],
        timezone=timezone,
        country=country,
        weekdays=agency_calendar.weekdays,
        opens=agency_calendar.opens,
        closes=agency_calendar.closes,
    )
    client = Client.objects.create(
        name=name,
        slug=slug or _free_slug(name),
        country=country,
        timezone=timezone,
        language=language,
        currency=currency,
        status=status,
        calendar=calendar,
        email_domains=email_domains,
    )
    timeline_record(
        actor=actor, client_id=client.pk, verb="client.created", target=client
    )
    if team_rule_applies(actor):
        team_member_put(
            actor=actor,
            client=client,
            user=actor,
            role=TeamMember.Role.ACCOUNT_MANAGER,
        )
    return client


@transaction.atomic
def client_update_profile(
    *, actor: Any, client: Client, changes: Mapping[str, str], source: str = ""
) -> Client:
    """Change profile fields (description, goals, audience…); records which."""
    require_actor(actor, "clients.change_client")
    locked = ensure_editable(client)
    changed = []
    for name, value in changes.items():
        if name not in PROFILE_FIELDS:
            raise ValueError(f"Not a profile field: {name!r}")
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if changed:
        locked.full_clean(exclude=["calendar"])
        locked.save(update_fields=[*changed, "updated_at"])
        labels = [str(Client._meta.get_field(n).verbose_name) for n in changed]
        timeline_record(
            actor=actor,
            client_id=locked.pk,
            verb="client.profile_updated",
            target=locked,
            data={"fields": ", ".join(labels), "source": source},
        )
    return locked


@transaction.atomic
def communication_log(*, actor: Any, client: Client, kind: str, summary: str) -> Client:
    """Record a call, a chat or a meeting note on the client's timeline."""
    require_actor(actor, "clients.view_client")
    if kind not in COMM_KINDS:
        raise ValueError(f"Unknown communication kind {kind!r}")
    locked = ensure_editable(client)
    timeline_record(
        actor=actor,
        client_id=locked.pk,
        verb=f"comm.{kind}",
        data={"summary": summary.strip()},
    )
    return locked


@transaction.atomic
def client_set_status(*, actor: Any, client: Client, status: str) -> Client:
    """Move an account through its life (prospect → … → archived); an archived
    account stays archived."""
    require_actor(actor, "clients.change_client")
    locked = ensure_editable(client)
    if status not in Client.Status.values:
        raise ValueError(f"Unknown client status {status!r}")
    if locked.status != status:
        old = Client.Status(locked.status).label
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        timeline_record(
            actor=actor,
            client_id=locked.pk,
            verb="client.status_changed",
            target=locked,
            data={"from": old, "to": Client.Status(locked.status).label},
        )
    return locked
