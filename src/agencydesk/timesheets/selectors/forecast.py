"""The service desk's expected hours per retainer client: the trailing
average of the hours logged on its tickets (issue #13 item 4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer

from ..models import Budget, TimeEntry
from ..weeks import monday_of, month_start


def forecast_weeks() -> int:
    """How many past weeks the forecast averages (``PLANNER_FORECAST_WEEKS``)."""
    return max(int(getattr(settings, "PLANNER_FORECAST_WEEKS", 8)), 1)


@dataclass(frozen=True)
class DeskForecast:
    """A retainer client's expected service-desk time per week: the minutes
    logged on its tickets in the ``weeks`` full weeks before ``until``,
    averaged (rounded down to whole minutes)."""

    client: Client
    logged_minutes: int
    weeks: int
    first: date
    last: date

    @property
    def weekly_minutes(self) -> int:
        return self.logged_minutes // self.weeks


def desk_forecast(
    *,
    viewer: Viewer,
    today: date,
    client_ids: Sequence[int] | None = None,
    weeks: int | None = None,
) -> list[DeskForecast]:
    """The clients (of ``client_ids``, None = all the viewer may see) with a
    retainer budget this month, each with the average weekly minutes logged on
    its tickets over the last ``weeks`` full weeks: one query."""
    weeks = weeks or forecast_weeks()
    last = monday_of(today) - timedelta(days=1)
    first = monday_of(today) - timedelta(weeks=weeks)
    on_tickets = (
        TimeEntry.objects.filter(
            client=OuterRef("pk"),
            ticket__isnull=False,
            date__gte=first,
            date__lte=last,
        )
        .order_by()
        .values("client")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    retainers = Budget.objects.filter(
        kind=Budget.Kind.RETAINER, month=month_start(today)
    ).values("client_id")
    clients = Client.objects.visible_to(viewer).filter(pk__in=retainers)
    if client_ids is not None:
        clients = clients.filter(pk__in=list(client_ids))
    clients = clients.annotate(
        desk_minutes=Coalesce(Subquery(on_tickets, output_field=IntegerField()), 0)
    ).order_by("name", "pk")
    return [
        DeskForecast(
            client=client,
            logged_minutes=client.desk_minutes,
            weeks=weeks,
            first=first,
            last=last,
        )
        for client in clients
    ]
