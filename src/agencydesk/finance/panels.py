"""Panels finance adds to lower apps' pages: planning's profitability report
links to the same month with money (planning may not import finance)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

# The page name planning's profitability report asks ``panels_for`` about.
PROFITABILITY_PAGE = "planning:profitability"


def _with_money(*, request: HttpRequest, month: Any) -> dict[str, Any]:
    return {"month": month}


register_panel(
    PROFITABILITY_PAGE,
    Panel(
        name="with-money",
        template="finance/panels/profitability_link.html",
        context=_with_money,
        order=10,
        perm="finance.view_invoice",
    ),
)
