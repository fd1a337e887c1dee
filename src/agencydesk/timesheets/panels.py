"""Panels the time app adds to composed pages."""

from typing import Any

from django.db.models import Sum
from django.http import HttpRequest

from agencydesk.core.panels import Panel, register_panel

from .models import TimeEntry


def _ticket_time(*, request: HttpRequest, ticket: Any) -> dict[str, Any]:
    """Logged time on a ticket against its estimate, the seed's "estimate vs
    actual" (one query)."""
    logged = (
        TimeEntry.objects.filter(ticket=ticket).aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    estimate = ticket.estimate_minutes
    return {
        "logged_minutes": logged,
        "estimate_minutes": estimate,
        "percent": round(logged * 100 / estimate) if estimate else None,
        "over_minutes": max(0, logged - estimate) if estimate is not None else 0,
    }


register_panel(
    "ticket",
    Panel(
        name="ticket-time",
        template="timesheets/panels/ticket_time.html",
        context=_ticket_time,
        order=20,
        perm="timesheets.view_timeentry",
    ),
)
