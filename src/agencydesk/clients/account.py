"""Writes on the account itself: the profile, the read-only guard of archived
accounts and the communication log (calls, chats, meeting notes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record

from .errors import ClientArchivedError
from .models import Client

PROFILE_FIELDS = (
    "industry",
    "website",
    "business_description",
    "goals",
    "target_audience",
    "social_accounts",
)

COMM_KINDS = ("call", "chat", "meeting-note")


def ensure_editable(client: Client) -> Client:
    """Re-read the client under a row lock; refuse when it is archived."""
    locked = Client.objects.select_for_update().get(pk=client.pk)
    if locked.is_archived:
        raise ClientArchivedError
    return locked


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
        locked.save(update_fields=changed)
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
        locked.save(update_fields=["status"])
        timeline_record(
            actor=actor,
            client_id=locked.pk,
            verb="client.status_changed",
            target=locked,
            data={"from": old, "to": Client.Status(locked.status).label},
        )
    return locked
