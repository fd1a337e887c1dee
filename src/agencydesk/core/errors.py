"""Domain errors: a translated, full-sentence message and a stable code."""

from collections.abc import Mapping
from typing import Any


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


class RateLimitedError(DomainError):
    """Too many attempts in a short time."""

    code = "rate_limited"
