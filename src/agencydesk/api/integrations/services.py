"""Writes of integrations: the agency's accounts for other systems and their
tokens. An integration is a ``people.User`` flagged ``integration`` (no
password, never signs in); its tokens are ``ApiToken`` rows of that user, so
the API's authentication, scoping and permissions are the pages' own."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import Http404

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.clients.services import contact_create, team_member_add
from agencydesk.core.access import require_actor
from agencydesk.core.timeline import timeline_record
from agencydesk.people import services as people_services
from agencydesk.people.models import User
from agencydesk.people.roles import Role

from ..forms import scope_choices_for
from ..models import ApiToken
from ..services import IssuedToken, token_close, token_issue
from .errors import (
    IntegrationClientsRequiredError,
    IntegrationInactiveError,
    IntegrationRoleError,
    IntegrationScopeError,
)
from .selectors import integration_client_ids

PERMISSION = "api.manage_integrations"
Kind = User.Integration
# The roles an integration may act under: any but the admin's.
ROLES = [role for role in Role if role != Role.ADMIN]


def _address() -> str:
    """A unique address that receives no mail (RFC 2606's ``.invalid``)."""
    return f"integration-{secrets.token_hex(8)}@integrations.invalid"


@transaction.atomic
def integration_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    role: str = "",
    clients: Sequence[Client] = (),
    client: Client | None = None,
) -> User:
    """Make an integration: staff-like under one role (every client the role
    sees, or only ``clients``, through team membership), or contact-like (a
    contact of ``client``, seeing what a contact sees)."""
    require_actor(actor, PERMISSION)
    kind = Kind(kind)
    name = name.strip()[:150]
    if kind == Kind.CONTACT:
        if client is None:
            raise IntegrationClientsRequiredError("client")
        contact = contact_create(
            actor=actor,
            client=client,
            email=_address(),
            full_name=name,
            role=Contact.Role.TECHNICAL,
            integration=True,
        )
        return contact.user
    if kind == Kind.NONE:
        raise Http404
    if role not in ROLES:
        raise IntegrationRoleError
    if kind == Kind.CLIENTS and not clients:
        raise IntegrationClientsRequiredError("clients")
    user = people_services.person_create(
        actor=actor,
        email=_address(),
        full_name=name,
        is_staff=True,
        integration=kind,
    )
    people_services.staff_set_roles(actor=actor, user=user, roles=[Role(role)])
    if kind == Kind.CLIENTS:
        for each in clients:
            team_member_add(
                actor=actor, client=each, user=user, role=TeamMember.Role.SPECIALIST
            )
    return user


def _record(actor: Any, integration: User, verb: str, **data: Any) -> None:
    for client_id in integration_client_ids(integration):
        timeline_record(
            actor=actor, client_id=client_id, verb=verb, target=integration, data=data
        )


def _require_integration(integration: User) -> None:
    if not integration.is_integration:
        raise Http404


@transaction.atomic
def integration_token_create(
    *,
    actor: Any,
    integration: User,
    name: str,
    scopes: Sequence[str],
    expires_in_days: int,
    now: datetime | None = None,
) -> IssuedToken:
    """A new token of an integration, within the scopes its role can use
    (shown once, stored hashed, as a person's)."""
    require_actor(actor, PERMISSION)
    _require_integration(integration)
    if not integration.is_active:
        raise IntegrationInactiveError
    allowed = {
        value for value, _label in scope_choices_for(viewer_for_user(integration))
    }
    if not scopes or not set(scopes) <= allowed:
        raise IntegrationScopeError
    issued = token_issue(
        user=integration,
        created_by=actor,
        name=name,
        scopes=scopes,
        expires_in_days=expires_in_days,
        now=now,
    )
    _record(actor, integration, "integration.token_created", token=issued.token.name)
    return issued


@transaction.atomic
def integration_token_revoke(
    *, actor: Any, token: ApiToken, now: datetime | None = None
) -> ApiToken:
    """Close an integration's token at once."""
    require_actor(actor, PERMISSION)
    _require_integration(token.user)
    if token.revoked_at is None:
        token_close(token=token, now=now)
        _record(actor, token.user, "integration.token_revoked", token=token.name)
    return token


@transaction.atomic
def integration_deactivate(*, actor: Any, integration: User) -> User:
    """Stop an integration: every token of it is refused from now on (its
    tokens are kept, and work again if it is reactivated before they expire)."""
    require_actor(actor, PERMISSION)
    _require_integration(integration)
    if integration.is_active:
        people_services.person_deactivate(actor=actor, user=integration)
        _record(actor, integration, "integration.deactivated")
    return integration


@transaction.atomic
def integration_reactivate(*, actor: Any, integration: User) -> User:
    require_actor(actor, PERMISSION)
    _require_integration(integration)
    if not integration.is_active:
        people_services.person_reactivate(actor=actor, user=integration)
        _record(actor, integration, "integration.reactivated")
    return integration
