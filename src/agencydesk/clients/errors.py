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
