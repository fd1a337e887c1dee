import math

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencydesk.core.errors import DomainError, RateLimitedError


class LoginRateLimitedError(RateLimitedError):
    """A sign-in limit refused the attempt; ``retry_after`` is in seconds."""

    code = "login_rate_limited"

    def __init__(self, retry_after: int) -> None:
        if retry_after < 60:
            message = ngettext(
                "Too many failed sign-in attempts. Please try again in %(count)d "
                "second.",
                "Too many failed sign-in attempts. Please try again in %(count)d "
                "seconds.",
                retry_after,
            ) % {"count": retry_after}
        else:
            minutes = math.ceil(retry_after / 60)
            message = ngettext(
                "Too many failed sign-in attempts. Please try again in %(count)d "
                "minute.",
                "Too many failed sign-in attempts. Please try again in %(count)d "
                "minutes.",
                minutes,
            ) % {"count": minutes}
        super().__init__(message, extra={"retry_after": retry_after})


class EmailTakenError(DomainError):
    code = "email_taken"

    def __init__(self) -> None:
        super().__init__(str(_("A person with this e-mail address already exists.")))


class PasswordResetRateLimitedError(RateLimitedError):
    """Too many password-reset requests for one address or from one network."""

    code = "password_reset_rate_limited"

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        message = ngettext(
            "Too many password reset requests. Please try again in %(count)d minute.",
            "Too many password reset requests. Please try again in %(count)d minutes.",
            minutes,
        ) % {"count": minutes}
        super().__init__(message, extra={"retry_after": retry_after})


class PersonInactiveError(DomainError):
    code = "person_inactive"

    def __init__(self) -> None:
        super().__init__(str(_("This person has been deactivated.")))


class PasswordAlreadySetError(DomainError):
    code = "password_already_set"

    def __init__(self) -> None:
        super().__init__(
            str(
                _(
                    "This person has already set a password; they can use "
                    "“Forgot your password?” on the sign-in page."
                )
            )
        )


class SelfDeactivationError(DomainError):
    code = "self_deactivation"

    def __init__(self) -> None:
        super().__init__(str(_("You cannot deactivate yourself.")))
