"""Refusals of the API, and the one error body every 4xx answer carries:
``{"code": "...", "message": "...", "fields": {"name": ["..."]}}``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from agencydesk.core.errors import DomainError, ServiceUnavailableError
from agencydesk.core.faults import is_unavailable, unavailable_response

logger = logging.getLogger(__name__)

# Domain refusals that mean "the row changed under you" rather than "bad request".
CONFLICT_CODES = frozenset(
    {
        "ticket_changed",
        "client_archived",
        "timesheet_week_locked",
        "task_changed",
        "approval_version_outdated",
    }
)


class ApiError(DomainError):
    """A refusal of the API itself, with the HTTP status it answers with."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        fields: Mapping[str, Sequence[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message, code=code)
        if status:
            self.status = status
        self.fields = {k: list(v) for k, v in (fields or {}).items()}
        self.headers = dict(headers or {})


class TokenInvalidError(ApiError):
    code = "token_invalid"
    status = 401

    def __init__(self) -> None:
        super().__init__(
            _("The token is missing, unknown, expired or revoked."),
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )


class ScopeMissingError(ApiError):
    code = "scope_missing"
    status = 403

    def __init__(self, scope: str) -> None:
        super().__init__(
            _("This token does not have the scope %(scope)s.") % {"scope": scope}
        )


class RateLimitedError(ApiError):
    code = "rate_limited"
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Too many requests. Try again in a minute."),
            headers={"Retry-After": str(retry_after)},
        )


class BodyTooLargeError(ApiError):
    code = "body_too_large"
    status = 413

    def __init__(self) -> None:
        super().__init__(_("The request body is too large."))


class IdempotencyKeyReusedError(ApiError):
    code = "idempotency_key_reused"
    status = 422

    def __init__(self) -> None:
        super().__init__(
            _(
                "This Idempotency-Key was already used with a different body. "
                "Use a new key for a new request."
            )
        )


class CursorInvalidError(ApiError):
    code = "invalid"
    status = 422

    def __init__(self) -> None:
        super().__init__(
            _("The request has errors; see the fields."),
            fields={"cursor": [_("Enter a valid value.")]},
        )


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    fields: Mapping[str, Sequence[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    body = {"code": code, "message": str(message), "fields": dict(fields or {})}
    response = api.create_response(request, body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# Pydantic's error types, answered with Django's own sentences (already
# translated into every language the product speaks).
def _field_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field is not accepted here.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith(("datetime_", "date_")):
        return _("Enter a valid date/time.")
    if kind in ("literal_error", "enum", "invalid_choice"):
        return _(
            "Select a valid choice. That choice is not one of the available choices."
        )
    if kind == "string_too_long":
        limit = int(ctx.get("max_length", 0))
        return ngettext(
            "Ensure this value has at most %(limit_value)d character (it has "
            "%(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has "
            "%(show_value)d).",
            limit,
        ) % {"limit_value": limit, "show_value": len(str(error.get("input", "")))}
    if kind == "string_too_short":
        return _("This field is required.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt", ""))
        }
    if kind in ("less_than_equal", "less_than"):
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le", ctx.get("lt", ""))
        }
    return _("Enter a valid value.")


# Names of the handlers' own parameters, which are not the caller's fields.
_PARAM_NAMES = frozenset({"payload", "filters"})


def _field_name(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc[1:]]  # loc[0] is body / query / path / header
    if parts and parts[0] in _PARAM_NAMES:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def validation_fields(errors: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(
            _field_message(error)
        )
    return fields


_HTTP_CODES = {
    400: "bad_request",
    401: "token_invalid",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "rate_limited",
}


def refuse_unknown_query_parameters(run: Callable[..., HttpResponse]) -> Callable:
    """An API-wide "view" decorator: a query parameter the operation does not
    declare is refused (422, one field error each) instead of ignored, so a
    misspelt filter (``?stgae=done``) never answers every ticket as if
    unfiltered. Body fields are refused the same way by the schemas.

    The check joins the operation's reading of its parameters, which runs
    after the token and the rate limit: a request without a token is still
    answered 401 first."""
    operation = run.__self__  # ninja passes each operation's bound ``run``
    known = frozenset(
        name
        for model in operation.models
        if model.__ninja_param_source__ == "query"
        for name in model.__ninja_flatten_map__
    )
    get_values = operation._get_values

    def checked_values(request: HttpRequest, *args: Any) -> dict[str, Any]:
        unknown = [name for name in request.GET if name not in known]
        if unknown:
            raise ValidationError(
                [
                    {"type": "extra_forbidden", "loc": ("query", name)}
                    for name in unknown[:20]
                ]
            )
        return get_values(request, *args)

    operation._get_values = checked_values
    return run


def register_error_handlers(api: NinjaAPI) -> None:
    """Map every refusal to the one error body (Wagtail's
    ``register_exception_handlers``)."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(
            api, request, status=exc.status, code=exc.code, message=exc.message,
            fields=exc.fields, headers=exc.headers,
        )  # fmt: skip

    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        field = exc.extra.get("field")
        return error_response(
            api,
            request,
            status=409 if exc.code in CONFLICT_CODES else 400,
            code=exc.code,
            message=exc.message,
            fields={field: [exc.message]} if field else None,
        )

    def on_unavailable(
        request: HttpRequest, exc: ServiceUnavailableError
    ) -> HttpResponse:
        # Nothing was changed; the same request may succeed later.
        return error_response(
            api, request, status=503, code=exc.code, message=exc.message,
            headers={"Retry-After": str(exc.retry_after)},
        )  # fmt: skip

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            api,
            request,
            status=422,
            code="invalid",
            message=_("The request has errors; see the fields."),
            fields=validation_fields(exc.errors),
        )

    def on_authentication(request: HttpRequest, exc: Exception) -> HttpResponse:
        return on_api_error(request, TokenInvalidError())

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        messages = {
            400: _("The request body is not valid JSON."),
            429: _("Too many requests. Try again in a minute."),
        }
        return error_response(
            api,
            request,
            status=exc.status_code,
            code=_HTTP_CODES.get(exc.status_code, "bad_request"),
            message=messages.get(exc.status_code, _("The request was refused.")),
        )

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(
            api, request, status=404, code="not_found",
            message=_("Nothing was found at this address."),
        )  # fmt: skip

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(
            api, request, status=403, code="forbidden",
            message=_("You do not have permission to do this."),
        )  # fmt: skip

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return on_api_error(request, BodyTooLargeError())

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The last resort: logged with its traceback, answered in the one format.
        logger.exception("API request failed", exc_info=exc)
        if is_unavailable(exc):
            # The database or Redis is down: 503 with Retry-After, not a 500.
            return unavailable_response(request)
        return error_response(
            api, request, status=500, code="server_error",
            message=_("Something went wrong on our side."),
        )  # fmt: skip

    api.add_exception_handler(Exception, on_unexpected)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(DomainError, on_domain_error)
    api.add_exception_handler(ServiceUnavailableError, on_unavailable)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
