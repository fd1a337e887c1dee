"""Load and accounts: the overload list, a client's plan against its logged
time, an account manager's portfolio."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import reads
from agencydesk.people.models import User
from agencydesk.timesheets.selectors import desk_forecast
from agencydesk.timesheets.weeks import parse_week, weeks_from

from ..selectors import client_plan, overload_list, portfolio_for
from ._shared import VIEW, this_week


@staff_required(VIEW)
@reads
def overload(request: HttpRequest) -> HttpResponse:
    week = parse_week(request.GET.get("week", "")) or this_week() + timedelta(weeks=1)
    context = {
        "week": week,
        "overloads": overload_list(viewer=request.viewer, week=week),
        "previous": week - timedelta(weeks=1),
        "next": week + timedelta(weeks=1),
    }
    return render(request, "planning/overload.html", context)


@staff_required(VIEW)
@reads
def client_view(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = access_object(request.viewer, Client, client_slug, field_name="slug")
    start = parse_week(request.GET.get("start", "")) or this_week() - timedelta(weeks=4)
    weeks = weeks_from(start, 8)
    context = {
        "client": client,
        "weeks": weeks,
        "rows": client_plan(client=client, weeks=weeks),
        "forecast": next(
            iter(
                desk_forecast(
                    viewer=request.viewer,
                    today=timezone.localdate(),
                    client_ids=[client.pk],
                )
            ),
            None,
        ),
        "previous": weeks[0] - timedelta(weeks=4),
        "next": weeks[0] + timedelta(weeks=4),
    }
    return render(request, "planning/client.html", context)


@staff_required(VIEW)
@reads
def portfolio(request: HttpRequest) -> HttpResponse:
    manager = request.user
    manager_id = request.GET.get("manager", "")
    if manager_id.isdigit():
        manager = User.objects.filter(is_staff=True, pk=int(manager_id)).first() or (
            request.user
        )
    week = parse_week(request.GET.get("week", "")) or this_week()
    managers = User.objects.filter(
        is_staff=True, integration="", client_teams__role="account_manager"
    ).distinct()
    context = {
        "portfolio": portfolio_for(viewer=request.viewer, manager=manager, week=week),
        "managers": managers.order_by("full_name"),
        "previous": week - timedelta(weeks=1),
        "next": week + timedelta(weeks=1),
    }
    return render(request, "planning/portfolio.html", context)
