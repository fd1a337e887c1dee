"""One way for a view to change data: form → service → answer.

Every page that changes something answers the same way, decided here once:

- ``submit(request, form, call, …)`` — a page with a form. GET renders the
  template. A valid POST calls the service with the cleaned data; a
  ``DomainError`` lands on the form (on its field when the error names one),
  otherwise the success message is flashed and the browser redirected (to a
  safe ``next`` when the request carries one). An invalid form comes back
  with its field errors and status 422, as the ``partial`` template when htmx
  asked for a fragment (the base page lets htmx swap 422 answers in).
- ``perform(request, call, …)`` — a form-less button (archive, approve, mark
  read): the service runs; its refusal is flashed as an error; either way the
  browser goes back to a safe ``next`` or the fallback.
- ``safe_next(request, fallback)`` — the only reader of a ``next`` parameter:
  a path on this site, never another host (no open redirect).

Views are marked by what they do, so that a test can list every URL pattern
and fail on one that changes data some other way (tests/core/test_actions.py):
``@reads`` (GET and HEAD only), ``@writes`` (may POST; a POST must go through
``submit`` or ``perform``), ``@button`` (``@writes`` and POST only) and
``@endpoint`` for the few machine-facing or sign-in views that answer on
their own terms (webhooks, the sign-in form). The access guard
(``staff_required``…) goes above the mark, so a refusal or a sign-in redirect
never reaches the view:

    @staff_required("desk.change_ticket")
    @button
    def ticket_assign(request, ticket_number): ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError
from .htmx import partial

_USED = "_agencydesk_action_used"

Context = Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None


def posted(request: HttpRequest) -> dict[str, Any]:
    """The arguments that bind a form to a POST (data and files), or none on a
    GET: ``MyForm(**posted(request), viewer=…)``. Unlike ``request.POST or
    None`` an empty POST still binds, so it is validated rather than shown."""
    if request.method == "POST":
        return {"data": request.POST, "files": request.FILES}
    return {}


def safe_path(
    target: str, fallback: Any = "/", *, request: HttpRequest | None = None
) -> str:
    """``target`` when it is a path on this site, else ``fallback`` (a URL
    name, a path or a model with ``get_absolute_url``)."""
    target = target or ""
    allowed = {request.get_host()} if request is not None else set()
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts=allowed,
            require_https=request.is_secure() if request is not None else False,
        )
    ):
        return target
    return resolve_url(fallback)


def safe_next(request: HttpRequest, fallback: Any = "/") -> str:
    """The ``next`` the request carries when it is a path on this site, else
    ``fallback`` (a URL name, a path or a model with ``get_absolute_url``)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return safe_path(target, fallback, request=request)


def form_error_text(form) -> str:
    """Every error of a form as one sentence list, for a page that shows a
    single alert (the ticket page's action error)."""
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def _resolve(value: Any, result: Any) -> Any:
    return value(result) if callable(value) else value


def _go(request: HttpRequest, target: Any) -> HttpResponse:
    location = safe_next(request, target)
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        # An htmx request follows a 302 inside the XHR and swaps the whole page
        # into its target; tell htmx to navigate instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = location
        return response
    return redirect(location)


def _add_domain_error(form, error: DomainError) -> None:
    field = error.extra.get("field")
    form.add_error(field if field in form.fields else None, error.message)


def submit(
    request: HttpRequest,
    form,
    call: Callable[[dict[str, Any]], Any],
    *,
    template: str | None = None,
    success: str | Callable[[Any], str | None] | None = None,
    redirect_to: Any = None,
    back_to: Any = None,
    context: Context = None,
    partial_template: str | None = None,
    form_name: str = "form",
    answer: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """Answer a page with a form the one way (see the module docstring).

    ``call`` receives the cleaned data and returns what the service made;
    ``success``, ``redirect_to`` and ``answer`` may be callables of that
    result (a new ticket's reference, its page). ``context`` may be a callable
    of the form, so an expensive page context is built only when a page is
    rendered. ``answer`` replaces the redirect after a success (an htmx
    fragment, a file).

    A form posted from another page (a row's button, the queue's bulk bar) has
    no ``template``: its errors are flashed and the browser goes back to a
    safe ``next``, ``back_to`` or ``redirect_to``."""
    setattr(request, _USED, True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = call(form.cleaned_data)
            except DomainError as error:
                _add_domain_error(form, error)
            else:
                message = _resolve(success, result)
                if message:
                    messages.success(request, message)
                if answer is not None:
                    return answer(result)
                return _go(request, _resolve(redirect_to, result))
        status = 422
        if template is None:
            messages.error(request, form_error_text(form))
            fallback = back_to if back_to is not None else redirect_to
            return _go(request, "/" if callable(fallback) else fallback)
    if template is None:
        return HttpResponseNotAllowed(["POST"])
    page = dict(_resolve(context, form) or {})
    page.setdefault(form_name, form)
    chosen = partial_template if partial_template and partial(request) else template
    return render(request, chosen, page, status=status)


def perform(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    redirect_to: Any,
    success: str | Callable[[Any], str | None] | None = None,
    answer: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """Answer a form-less button the one way (see the module docstring): the
    browser goes to a safe ``next`` or ``redirect_to`` (a URL name, a path or
    a model), after a success or a refusal alike."""
    setattr(request, _USED, True)
    try:
        result = call()
    except DomainError as error:
        messages.error(request, error.message)
        return _go(request, redirect_to)
    message = _resolve(success, result)
    if message:
        messages.success(request, message)
    if answer is not None:
        return answer(result)
    return _go(request, redirect_to)


def _strict() -> bool:
    return bool(getattr(settings, "ACTIONS_STRICT", settings.DEBUG))


def writes(view: Callable) -> Callable:
    """A view that shows a form on GET and may change data on POST."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if (
            request.method == "POST"
            and response.status_code < 400
            and not getattr(request, _USED, False)
            and _strict()
        ):
            raise ImproperlyConfigured(
                f"{view.__module__}.{view.__name__} answered a POST without "
                "core.actions.submit or perform."
            )
        return response

    wrapped.agencydesk_view = "writes"
    return wrapped


def button(view: Callable) -> Callable:
    """A form-less action: POST only, answered through ``perform``/``submit``."""
    inner = writes(view)

    @wraps(inner)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return inner(request, *args, **kwargs)

    wrapped.agencydesk_view = "writes"
    return wrapped


def reads(view: Callable) -> Callable:
    """A page that only reads: GET and HEAD, anything else is 405."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    wrapped.agencydesk_view = "reads"
    return wrapped


def endpoint(reason: str) -> Callable[[Callable], Callable]:
    """A view that answers on its own terms — a signed webhook, the sign-in
    form — with the reason it does, for the reader and the URL test."""

    def mark(view: Callable) -> Callable:
        view.agencydesk_view = "endpoint"
        view.agencydesk_endpoint_reason = reason
        return view

    return mark
