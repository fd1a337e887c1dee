from django.utils.translation import gettext_lazy as _

from agencydesk.core.errors import DomainError


class ClientSlugTakenError(DomainError):
    code = "client_slug_taken"

    def __init__(self) -> None:
        super().__init__(str(_("Another client already uses this short name.")))


class NotStaffError(DomainError):
    code = "team_member_not_staff"

    def __init__(self) -> None:
        super().__init__(str(_("Only agency staff can be on a client's team.")))


class ClientArchivedError(DomainError):
    code = "client_archived"

    def __init__(self) -> None:
        super().__init__(
            str(_("This account is archived and read-only; nothing was changed."))
        )


class UploadRefusedError(DomainError):
    code = "upload_refused"


class AccessStateError(DomainError):
    code = "access_state_invalid"


class CredentialLinkInvalidError(DomainError):
    """A link that was altered, names another client, or is unknown (404)."""

    code = "credential_link_invalid"

    def __init__(self) -> None:
        super().__init__(str(_("This link is not valid.")))


class CredentialLinkClosedError(DomainError):
    """A genuine link already used or past its date (410)."""

    code = "credential_link_closed"

    def __init__(self, *, used: bool = False, withdrawn: bool = False) -> None:
        if used:
            message = _("This link was already used; nothing more can be sent with it.")
        elif withdrawn:
            message = _("This link was withdrawn; ask the agency for a new one.")
        else:
            message = _("This link has expired.")
        super().__init__(str(message))


class CredentialRequestError(DomainError):
    code = "credential_request_invalid"
