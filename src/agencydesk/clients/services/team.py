"""Writes on a client's team: who works on the account, in which role.

Being on a team opens the account's secrets to its members (the reveal
permission counts only on one's own clients), so who may change a team is a
rule: agency leads and admins on every client (``clients.change_every_team``),
other holders of ``clients.change_client`` only on a client they are the
account manager of — never by adding themselves to someone else's account.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from ..errors import NotStaffError
from ..models import Client, TeamMember
from .guard import ensure_editable

CHANGE_EVERY_TEAM = "clients.change_every_team"


def team_rule_applies(actor: Any) -> bool:
    """Whether ``actor`` may change only the teams of their own accounts."""
    return (
        actor is not None
        and actor.is_authenticated
        and actor.is_staff
        and actor.has_perm("clients.change_client")
        and not actor.has_perm(CHANGE_EVERY_TEAM)
    )


def team_editable(*, actor: Any, client: Client) -> bool:
    """Whether ``actor`` may change ``client``'s team (``None`` is the system)."""
    if actor is None:
        return True
    if not (actor.is_authenticated and actor.is_staff and actor.is_active):
        return False
    if not actor.has_perm("clients.change_client"):
        return False
    if actor.has_perm(CHANGE_EVERY_TEAM):
        return True
    return TeamMember.objects.filter(
        client_id=client.pk, user_id=actor.pk, role=TeamMember.Role.ACCOUNT_MANAGER
    ).exists()


@transaction.atomic
def team_member_add(*, actor: Any, client: Client, user: User, role: str) -> TeamMember:
    """Put a member of staff on a client's team (or change their role on it)."""
    require_actor(actor, "clients.change_client")
    ensure_editable(client)
    if not team_editable(actor=actor, client=client):
        raise PermissionDenied
    return team_member_put(actor=actor, client=client, user=user, role=role)


def team_member_put(*, actor: Any, client: Client, user: User, role: str) -> TeamMember:
    """The write of ``team_member_add`` once its rules are checked (also how
    the person opening an account becomes its account manager)."""
    if not user.is_staff:
        raise NotStaffError
    member, created = TeamMember.objects.update_or_create(
        client=client, user=user, defaults={"role": role}
    )
    if created:
        timeline_record(
            actor=actor, client_id=client.pk, verb="client.team_added", target=user
        )
    return member
