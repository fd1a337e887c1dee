"""/kpis: a client's KPIs and their data points, through the reports app's
selectors and services (the KPI page's own); /kpi-push: the signed push
address scripts send points to.

The push lives here rather than as a plain view: it is one of the API's
endpoints for scripts (documented in the OpenAPI schema, answered with the
API's error body), though a signature of its body, not a bearer token,
proves who sends it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, require
from agencydesk.imports import services as imports
from agencydesk.imports.models import ImportRun
from agencydesk.reports import selectors, services
from agencydesk.reports.models import Kpi, Metric

from ..auth import KPIS_READ, KPIS_WRITE
from ..errors import ApiError
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.kpis import (
    KpiFilter,
    KpiIn,
    KpiOut,
    KpiPage,
    PointFilter,
    PointPage,
    PointsIn,
    PointsOut,
    PushOut,
)

router = Router(tags=["kpis"])
push_router = Router(tags=["kpis"])

ORDERING = ("client__slug", "metric__slug", "pk")


def _kpi(request: HttpRequest, kpi_id: int, action: str = "view") -> Kpi:
    rows = selectors.kpi_list(viewer=request.viewer)
    return access_object(request.viewer, rows, kpi_id, action=action)


@router.get("", response={200: KpiPage, **ERRORS}, auth=KPIS_READ)
def kpi_list(request: HttpRequest, filters: Query[KpiFilter]) -> Any:
    """The KPIs of the clients the token's person may see (of one client
    with ``client``)."""
    require(request.viewer, "reports.view_kpi")
    client_id = None
    if filters.client:
        try:
            client_id = access_object(
                request.viewer, Client, filters.client, field_name="slug"
            ).pk
        except Http404:
            client_id = 0  # a client the person cannot see: nothing to list
    rows = selectors.kpi_list(viewer=request.viewer, client_id=client_id)
    items, cursor = cursor_page(
        rows, ordering=ORDERING, cursor=filters.cursor, limit=filters.limit
    )
    return {"items": items, "next_cursor": cursor}


@router.post("", response={201: KpiOut, **ERRORS}, auth=KPIS_WRITE)
def kpi_create(request: HttpRequest, payload: KpiIn) -> Any:
    """Track a metric of the catalogue for a client (once per metric)."""
    require(request.viewer, "reports.add_kpi")
    client = access_object(request.viewer, Client, payload.client, field_name="slug")
    metric = Metric.objects.filter(slug=payload.metric).first()
    if metric is None:
        raise Http404
    kpi = services.kpi_create(
        actor=request.user,
        client=client,
        metric=metric,
        target=payload.target,
        source=payload.source,
    )
    return Status(201, _kpi(request, kpi.pk))


@router.get("/{int:kpi_id}/points", response={200: PointPage, **ERRORS}, auth=KPIS_READ)
def point_list(request: HttpRequest, kpi_id: int, filters: Query[PointFilter]) -> Any:
    """A KPI's values by day."""
    require(request.viewer, "reports.view_datapoint")
    kpi = _kpi(request, kpi_id)
    rows = selectors.points_of(
        viewer=request.viewer, kpi=kpi, since=filters.since, until=filters.until
    )
    items, cursor = cursor_page(
        rows, ordering=("day", "pk"), cursor=filters.cursor, limit=filters.limit
    )
    return {"items": items, "next_cursor": cursor}


@router.post(
    "/{int:kpi_id}/points", response={200: PointsOut, **ERRORS}, auth=KPIS_WRITE
)
def point_set(request: HttpRequest, kpi_id: int, payload: PointsIn) -> Any:
    """Set a KPI's value on each day given (the same values again change
    nothing)."""
    require(request.viewer, "reports.add_datapoint")
    kpi = _kpi(request, kpi_id)
    return services.data_points_upsert(
        actor=request.user,
        kpi=kpi,
        points=[(point.day, point.value) for point in payload.points],
        source=Kpi.Source.MANUAL,
    )


_PUSH_STATUS = {
    imports.PUSH_SIGNATURE: 403,
    imports.PUSH_TOO_LARGE: 413,
    imports.PUSH_MALFORMED: 400,
}
_PUSH_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["kpi", "points"],
                "properties": {
                    "kpi": {"type": "string", "description": "The metric's slug."},
                    "points": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "day": {"type": "string", "format": "date"},
                                "value": {"type": "number"},
                            },
                        },
                    },
                },
            }
        }
    },
}


@push_router.post(
    "/{push_token}",
    response={200: PushOut, **ERRORS},
    auth=None,
    url_name="kpi_push",
    openapi_extra={"requestBody": _PUSH_BODY},
)
def kpi_push(request: HttpRequest, push_token: str) -> Any:
    """Points a script sends to a client's push address (shown on the client's
    KPI page), signed as webhooks are: ``X-AgencyDesk-Timestamp`` (Unix
    seconds) and ``X-AgencyDesk-Signature: sha256=<hex HMAC-SHA256 of
    timestamp + "." + body with the address's secret>``. All points or none;
    a refused push is kept for review."""
    run = imports.kpi_push_receive(
        token=push_token,
        timestamp=request.headers.get("X-AgencyDesk-Timestamp"),
        signature=request.headers.get("X-AgencyDesk-Signature"),
        body=_bounded_body(request),
    )
    if run.status == ImportRun.Status.REFUSED:
        why = run.options.get("refused", imports.PUSH_MALFORMED)
        raise ApiError(
            run.message, code=f"kpi_push_{why}", status=_PUSH_STATUS.get(why, 400)
        )
    if run.status == ImportRun.Status.FAILED:
        fields = {
            f"points[{row['row'] - 1}]": row["messages"]
            for row in run.results
            if row["action"] == "error"
        }
        raise ApiError(
            _("Nothing was recorded: some points are not valid."),
            code="kpi_push_points_invalid",
            status=422,
            fields=fields,
        )
    return {
        "status": "imported",
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
    }


def _bounded_body(request: HttpRequest) -> bytes:
    """The body, or as many bytes as tell it is too large: a body over the
    limit is never read whole."""
    limit = settings.KPI_PUSH_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return request.read(limit + 1)
    return request.body
