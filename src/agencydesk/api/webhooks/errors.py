"""Refusals of the webhooks."""

from __future__ import annotations

from agencydesk.core.errors import DomainError


class WebhookUrlRefusedError(DomainError):
    """The URL is not one the agency's server may call (SSRF guard)."""

    code = "webhook_url_refused"

    def __init__(self, message: str) -> None:
        super().__init__(message, extra={"field": "url"})
