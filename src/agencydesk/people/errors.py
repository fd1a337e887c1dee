from django.utils.translation import gettext_lazy as _

from agencydesk.core.errors import DomainError, RateLimitedError


class LoginRateLimitedError(RateLimitedError):
    code = "login_rate_limited"

    def __init__(self, minutes: int) -> None:
        super().__init__(
            str(
                _(
                    "Too many failed sign-in attempts. Please wait %(minutes)d minutes "
                    "and try again."
                )
                % {"minutes": minutes}
            )
        )


class EmailTakenError(DomainError):
    code = "email_taken"

    def __init__(self) -> None:
        super().__init__(str(_("A person with this e-mail address already exists.")))
