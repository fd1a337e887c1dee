"""Helpers of several routers: a field's refusal, a client named in a body
or a filter."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.renderers import JSONRenderer

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer, access_object

from ..errors import ApiError

INTERNAL = "internal"

# The API's one renderer (api.py gives it to Ninja), also for answers sent
# already shaped.
RENDERER = JSONRenderer()


# The lists a sync reads: newest first, or last changed first; each ends on
# a unique field (the cursor's rule, api.pagination).
SYNC_ORDERINGS = {
    "created": ("-created_at", "-pk"),
    "updated": ("-updated_at", "-pk"),
}


def field_error(name: str, message: str) -> ApiError:
    return ApiError(
        _("The request has errors; see the fields."),
        code="invalid",
        status=422,
        fields={name: [message]},
    )


def shaped(request: HttpRequest, data: Any, status: int = 200) -> HttpResponse:
    """``data`` already in its documented shape (its selector builds it), sent
    as JSON without Ninja's validation of it: on the busiest reads that
    validation cost more than the rest of the answer (docs/performance.md)."""
    content = RENDERER.render(request, data, response_status=status)
    return HttpResponse(content, status=status, content_type=RENDERER.media_type)


def active_client(viewer: Viewer, slug: str) -> Client | None:
    """The client a body names (none: internal): one the person sees (else
    404), not archived (as the forms' client picker offers; else 409)."""
    if not slug:
        return None
    client = access_object(viewer, Client, slug, field_name="slug")
    if client.status == Client.Status.ARCHIVED:
        raise ClientArchivedError
    return client


def client_filter(viewer: Viewer, slug: str) -> dict[str, object]:
    """A list's ``client`` filter as selector options: a slug, or "internal";
    a client the person cannot see lists nothing."""
    if slug == INTERNAL:
        return {"internal": True}
    if not slug:
        return {}
    try:
        return {"client_id": access_object(viewer, Client, slug, field_name="slug").pk}
    except Http404:
        return {"client_id": 0}
