"""Panels the clients app adds to composed pages."""

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

from .selectors import clients_with_team


def _home_clients(*, request: HttpRequest) -> dict[str, Any]:
    return {"clients": clients_with_team(viewer=request.viewer)}


register_panel(
    "home",
    Panel(
        name="clients",
        template="clients/panels/home_clients.html",
        context=_home_clients,
        order=10,
        perm="clients.view_client",
    ),
)
