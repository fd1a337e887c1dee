"""Domain errors: a translated, full-sentence message and a stable code."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused an action; the message is shown to the user."""

    code = "domain_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = dict(extra or {})


class LinkRefusedError(DomainError):
    """A signed link that no longer opens its page (altered, expired, closed).
    Raised while the link is read, it is answered by ``core.middleware`` as a
    page of its own with ``status``, ``title`` and ``hint``: the views that
    read links do not catch it (a form's service raising it still shows it on
    the form, as any domain error)."""

    code = "link_refused"
    status = 404
    title = _("Link not valid")
    hint: Any = _("Please ask your account manager for a new link.")


class RateLimitedError(DomainError):
    """Too many attempts in a short time."""

    code = "rate_limited"


class SecretsKeyMissingError(DomainError):
    code = "secrets_key_missing"

    def __init__(self) -> None:
        super().__init__(
            str(
                _(
                    "Secrets cannot be stored or revealed: the encryption key "
                    "(SECRETS_KEY) is not configured."
                )
            )
        )


class SecretUnreadableError(DomainError):
    code = "secret_unreadable"

    def __init__(self) -> None:
        super().__init__(
            str(
                _(
                    "This secret cannot be decrypted with the configured key; "
                    "it was stored with another key."
                )
            )
        )


class ServiceUnavailableError(DomainError):
    """A service the product leans on (the file store…) cannot be reached:
    nothing was changed, and trying again later may work. A form shows the
    message; any other page answers 503 with ``Retry-After``
    (``core.middleware``), the API likewise (``api.errors``)."""

    code = "service_unavailable"
    retry_after = 30


class StorageUnavailableError(ServiceUnavailableError):
    """The file store (local disk or object store) failed to keep or give
    back a file; its cause is logged and chained, never shown."""

    code = "storage_unavailable"

    def __init__(self) -> None:
        super().__init__(
            str(
                _(
                    "The file store cannot be reached right now. Nothing was "
                    "changed; please try again in a few minutes."
                )
            )
        )
