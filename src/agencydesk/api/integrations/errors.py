"""Refusals of the integration pages."""

from __future__ import annotations

from django.utils.translation import gettext as _

from agencydesk.core.errors import DomainError


class IntegrationRoleError(DomainError):
    """An integration acts under one role, never the admin's."""

    code = "integration_role_refused"

    def __init__(self) -> None:
        super().__init__(
            _("Choose a role other than admin for an integration."),
            extra={"field": "role"},
        )


class IntegrationClientsRequiredError(DomainError):
    code = "integration_clients_required"

    def __init__(self, field: str) -> None:
        super().__init__(
            _("Choose the clients this integration may work on."),
            extra={"field": field},
        )


class IntegrationInactiveError(DomainError):
    code = "integration_inactive"

    def __init__(self) -> None:
        super().__init__(
            _("This integration is deactivated: reactivate it to give it tokens.")
        )


class IntegrationScopeError(DomainError):
    code = "integration_scope_refused"

    def __init__(self) -> None:
        super().__init__(
            _("This integration's role cannot use one of these scopes."),
            extra={"field": "scopes"},
        )
