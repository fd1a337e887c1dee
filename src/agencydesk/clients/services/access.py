"""The access inventory: platforms the team needs, their state, and an optional
secret that is encrypted at rest and revealed only with a permission.

The secret never leaves through lists, exports or the timeline: selectors
defer the column, and revealing it records who did so, never the value.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core import secrets
from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from ..errors import AccessStateError, NotStaffError
from ..models import AccessEntry, Client
from ..selectors.access import secrets_revealable
from .guard import ensure_editable

# Which state may follow which: a revoked access can be requested again.
NEXT_STATES = {
    AccessEntry.State.REQUESTED: {AccessEntry.State.GRANTED, AccessEntry.State.REVOKED},
    AccessEntry.State.GRANTED: {AccessEntry.State.REVOKED},
    AccessEntry.State.REVOKED: {AccessEntry.State.REQUESTED},
}


def _person(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def access_entry_create(
    *,
    actor: Any,
    client: Client,
    platform: str,
    kind: str = AccessEntry.Kind.OTHER,
    url: str = "",
    account_id: str = "",
    access_level: str = "",
    holder: User | None = None,
    state: str = AccessEntry.State.REQUESTED,
    secret: str = "",
    notes: str = "",
    submitted_by: User | None = None,
) -> AccessEntry:
    """Add a platform to the client's access inventory. ``submitted_by`` is the
    contact who entered it through a credential link (the actor is then the
    system): the timeline names them."""
    require_actor(actor, "clients.add_accessentry")
    client = ensure_editable(client)
    if holder is not None and not holder.is_staff:
        raise NotStaffError
    entry = AccessEntry(
        client=client,
        platform=platform,
        kind=kind,
        url=url,
        account_id=account_id,
        access_level=access_level,
        notes=notes,
        holder=holder,
        state=state,
        state_changed_at=timezone.now(),
        state_changed_by=submitted_by or _person(actor),
    )
    if secret:
        entry.secret_encrypted = secrets.encrypt(secret)
    entry.save()
    timeline_record(
        actor=submitted_by or actor,
        client_id=client.pk,
        verb="client.access_added",
        target=entry,
        data={"state": AccessEntry.State(entry.state).label},
    )
    return entry


@transaction.atomic
def access_entry_set_state(
    *, actor: Any, entry: AccessEntry, state: str, assigned: bool = False
) -> AccessEntry:
    """Move an access to requested, granted or revoked, with who and when.

    ``assigned``: the revocation was given to the actor to do (the offboarding
    item they own), which authorises revoking it without the right to edit
    the inventory; it authorises nothing else."""
    if not (assigned and state == AccessEntry.State.REVOKED):
        require_actor(actor, "clients.change_accessentry")
    ensure_editable(entry.client)
    entry = AccessEntry.objects.select_for_update().get(pk=entry.pk)
    if state not in NEXT_STATES.get(entry.state, set()):
        raise AccessStateError(
            _("An access that is %(old)s cannot become %(new)s.")
            % {
                "old": AccessEntry.State(entry.state).label,
                "new": AccessEntry.State(state).label
                if state in AccessEntry.State.values
                else state,
            }
        )
    entry.state = state
    entry.state_changed_at = timezone.now()
    entry.state_changed_by = _person(actor)
    entry.save(update_fields=["state", "state_changed_at", "state_changed_by"])
    timeline_record(
        actor=actor,
        client_id=entry.client_id,
        verb="client.access_state_changed",
        target=entry,
        data={"state": AccessEntry.State(entry.state).label},
    )
    return entry


@transaction.atomic
def access_entry_set_secret(
    *, actor: Any, entry: AccessEntry, secret: str
) -> AccessEntry:
    """Store (or clear, with an empty string) the entry's encrypted secret."""
    require_actor(actor, "clients.change_accessentry")
    ensure_editable(entry.client)
    entry = AccessEntry.objects.select_for_update().get(pk=entry.pk)
    entry.secret_encrypted = secrets.encrypt(secret) if secret else ""
    entry.save(update_fields=["secret_encrypted"])
    timeline_record(
        actor=actor,
        client_id=entry.client_id,
        verb="client.access_secret_set" if secret else "client.access_secret_cleared",
        target=entry,
    )
    return entry


@transaction.atomic
def access_secret_reveal(*, actor: Any, entry: AccessEntry) -> str:
    """The decrypted secret of an entry, for the client's own team and agency
    leads or admins; leaves a line on the timeline (who, which entry — never
    the value)."""
    entry = AccessEntry.objects.get(pk=entry.pk)
    if not secrets_revealable(actor=actor, client_id=entry.client_id):
        raise PermissionDenied
    if not entry.secret_encrypted:
        return ""
    plain = secrets.decrypt(entry.secret_encrypted)
    timeline_record(
        actor=actor,
        client_id=entry.client_id,
        verb="client.access_secret_revealed",
        target=entry,
    )
    return plain
