"""Pages every person sees: home, notifications, health, metrics, picker
suggestions."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from .access import login_required
from .actions import button, perform, reads, safe_path
from .health import health_status, health_summary, health_token_valid
from .metrics import exposition, metrics_allowed
from .notifications import (
    notification_list_for_user,
    notification_open,
    notifications_mark_all_read,
)
from .pagination import paginate
from .panels import homes_for, panels_for
from .pickers import pick_options, picker


@login_required
@reads
def home(request: HttpRequest) -> HttpResponse:
    if request.viewer.is_contact:
        return redirect("portal:home")
    if not request.viewer.is_staff:
        return render(request, "core/no_access.html", status=403)
    homes = homes_for(request.user)
    # Someone with several roles may look at another of their homes.
    chosen = next((h for h in homes if h.group == request.GET.get("as")), None)
    home = chosen or (homes[0] if homes else None)
    page = home.page if home else "home"
    return render(
        request,
        "core/home.html",
        {
            "home": home,
            "other_homes": [h for h in homes if h != home],
            "panels": panels_for(page, request),
        },
    )


@login_required
@reads
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, notification_list_for_user(recipient=request.user))
    return render(request, "core/notification_list.html", {"page": page})


@login_required
@button
def notification_detail(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read and follow its link: a POST, so that a link
    preview, a prefetch or a crawler never changes what is unread. Its link
    is followed only when it is a path on this site."""
    return perform(
        request,
        lambda: notification_open(
            recipient=request.user, notification_id=notification_id
        ),
        redirect_to="core:notification-list",
        answer=lambda notification: redirect(
            safe_path(notification.url, "core:notification-list")
        ),
    )


@login_required
@button
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    return perform(
        request,
        lambda: notifications_mark_all_read(recipient=request.user),
        redirect_to="core:notification-list",
    )


@never_cache
@reads
def healthz(request: HttpRequest) -> JsonResponse:
    """Up or down for anyone (503 when down); the details with the token."""
    authorization = request.headers.get("Authorization")
    if authorization is not None and not health_token_valid(authorization):
        refused = JsonResponse({"status": "unauthorized"}, status=401)
        refused["WWW-Authenticate"] = 'Bearer realm="healthz"'
        return refused
    status = health_status()
    answer = status if authorization is not None else health_summary(status)
    return JsonResponse(answer, status=503 if status["status"] == "error" else 200)


@never_cache
@reads
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's scrape, for a caller with the token or from an allowed
    address; to anyone else it is a page that does not exist."""
    if not metrics_allowed(request):
        raise Http404
    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)


@login_required
@reads
def pick(request: HttpRequest, picker_name: str) -> HttpResponse:
    """Up to 20 suggestions of a picker as ``<option>``s, for its datalist.

    The query is ``q``, or the one parameter htmx sends (the input's own
    name); an unknown picker is 404, a viewer who may not use it 403."""
    found = picker(picker_name)
    if found is None:
        raise Http404
    if not found.allowed(request.viewer):
        return HttpResponse(status=403)
    params = request.GET
    query = params.get("q", "")
    if "q" not in params and len(params) == 1:
        query = next(iter(params.values()))
    options = pick_options(request.viewer, picker_name, query)
    # Rendered without the request: a fragment needs none of the page's
    # context processors (menus, unread count) and their queries.
    return HttpResponse(
        render_to_string("core/partials/pick_options.html", {"options": options})
    )
