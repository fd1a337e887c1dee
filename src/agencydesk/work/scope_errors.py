"""Refusals of statements of work and change requests."""

from django.utils.translation import gettext as _

from agencydesk.core.errors import DomainError, LinkRefusedError


class SowNotDraftError(DomainError):
    code = "sow_not_draft"

    def __init__(self) -> None:
        super().__init__(
            _(
                "This statement of work is no longer a draft: it changes only "
                "through an approved change request or a new version."
            )
        )


class SowStateError(DomainError):
    code = "sow_state"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class ScopeContactError(DomainError):
    code = "scope_contact_other_client"

    def __init__(self) -> None:
        super().__init__(
            _("Only a contact of this client can do that."), extra={"field": "contact"}
        )


class ScopeLineError(DomainError):
    code = "scope_line_invalid"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, extra={"field": field} if field else {})


class ChangeRequestStateError(DomainError):
    code = "change_request_state"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class OutOfScopeError(DomainError):
    code = "ticket_out_of_scope_refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class ScopeLinkError(LinkRefusedError):
    code = "scope_link_invalid"
    hint = ""  # the message already says whom to ask

    def __init__(self) -> None:
        super().__init__(
            _(
                "This link is not valid: it was altered, has expired or was "
                "replaced by a newer one. Ask your account manager for a new one."
            )
        )
