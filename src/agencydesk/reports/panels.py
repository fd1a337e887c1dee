"""The KPI panel of the client page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

from .selectors import kpi_lines_for_client


def _client_kpis(*, request: HttpRequest, client: Any) -> dict[str, Any]:
    lines = kpi_lines_for_client(viewer=request.viewer, client=client)
    return {"client": client, "lines": lines[:6], "more": max(len(lines) - 6, 0)}


register_panel(
    "client",
    Panel(
        name="reports-kpis",
        template="reports/panels/client_kpis.html",
        context=_client_kpis,
        order=45,
        perm="reports.view_kpi",
    ),
)
