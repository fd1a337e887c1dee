"""What the planning pages share: permissions, this week, the month filter."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone

from agencydesk.timesheets.weeks import monday_of, parse_month

from ..forms import MonthForm

VIEW = "planning.view_allocation"
PLAN = "planning.add_allocation"
PLANNER_PAGE = 50


def this_week() -> date:
    return monday_of(timezone.localdate())


def chosen_month(request: HttpRequest) -> tuple[MonthForm, date]:
    form = MonthForm(request.GET or None)
    month = None
    if form.is_valid():
        month = parse_month(form.cleaned_data["month"])
    return form, month or timezone.localdate().replace(day=1)
