"""The planner: the grid, its export, the cell editor (htmx), a booking's
buttons, copying a week and planning a range of weeks."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import (
    button,
    form_error_text,
    posted,
    reads,
    submit,
    writes,
)
from agencydesk.core.exports import table_response
from agencydesk.core.pagination import paginate
from agencydesk.people.models import User
from agencydesk.timesheets.selectors import desk_forecast, forecast_weeks
from agencydesk.timesheets.weeks import format_minutes, parse_week, weeks_from

from .. import services
from ..forms import (
    AllocationActionForm,
    AllocationForm,
    CopyWeekForm,
    PlannerFilterForm,
    PlanRangeForm,
    WhatIfForm,
)
from ..models import Allocation
from ..selectors import (
    PLANNER_WEEKS,
    WhatIf,
    cell_detail,
    planner_rows,
    staff_for_planning,
    what_if_for,
    what_if_rows,
)
from ._shared import PLAN, PLANNER_PAGE, VIEW, this_week

CELL_EDITOR = "planning/partials/cell_editor.html"
WHAT_IF = "whatif"


def _what_if(request: HttpRequest) -> tuple[WhatIfForm, WhatIf | None]:
    """The "what if" form (bound once any of its fields is in the address)
    and, when valid, the tentative project's tasks: nothing is saved."""
    asked = any(key.startswith(f"{WHAT_IF}-") for key in request.GET)
    form = WhatIfForm(
        request.GET if asked else None, viewer=request.viewer, prefix=WHAT_IF
    )
    if not asked or not form.is_valid():
        return form, None
    try:
        return form, what_if_for(**form.what_if_kwargs())
    except ValueError:
        # A calendar closed for months cannot place the project's days.
        form.add_error("start", _("No working days follow this start."))
        return form, None


def _planner(request: HttpRequest):
    # Its own ids: the cell editor on the same page has a client field too.
    form = PlannerFilterForm(
        request.GET or None, viewer=request.viewer, auto_id="filter_%s"
    )
    filters = form.filters()
    what_if_form, what_if = _what_if(request)
    first = filters.get("start") or (what_if and what_if.first_day) or this_week()
    weeks = weeks_from(first, PLANNER_WEEKS)
    people = staff_for_planning(
        role=filters.get("role", ""),
        team_client_id=filters.get("team"),
        client_id=filters.get("client"),
        first=weeks[0],
        last=weeks[-1],
    )
    page = paginate(request, people, per_page=PLANNER_PAGE)
    rows = planner_rows(
        people=list(page.object_list),
        weeks=weeks,
        demand=True,
        what_if=what_if.minutes() if what_if else None,
        replaced_project_id=what_if.replaced_project_id if what_if else None,
    )
    if what_if:
        what_if_rows(what_if, weeks)
    forecasts = []
    if filters.get("client"):
        forecasts = desk_forecast(
            viewer=request.viewer,
            today=timezone.localdate(),
            client_ids=[filters["client"]],
        )
    return form, weeks, page, rows, what_if_form, what_if, forecasts


@staff_required(VIEW)
@reads
def planner(request: HttpRequest) -> HttpResponse:
    form, weeks, page, rows, what_if_form, what_if, forecasts = _planner(request)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _planner_export(fmt, weeks, rows)
    context = {
        "form": form,
        "weeks": weeks,
        "page": page,
        "rows": rows,
        "previous": weeks[0] - timedelta(weeks=4),
        "next": weeks[0] + timedelta(weeks=4),
        "copy_form": CopyWeekForm(initial={"source": weeks[0]}),
        "what_if_form": what_if_form,
        "what_if": what_if,
        "what_if_later": what_if.later_than(weeks) if what_if else 0,
        "forecasts": forecasts,
        "forecast_weeks": forecast_weeks(),
        # Each form keeps the other's choices.
        "keep_filters": [
            (key, request.GET[key])
            for key in ("role", "client", "team")
            if request.GET.get(key)
        ],
        "what_if_params": [
            (key, value)
            for key, value in request.GET.items()
            if key.startswith(f"{WHAT_IF}-")
        ],
    }
    return render(request, "planning/planner.html", context)


def _planner_export(fmt: str, weeks, rows) -> HttpResponse:
    header = [_("Person")]
    for week in weeks:
        label = week.isoformat()
        header += [
            f"{label} {_('available')}",
            f"{label} {_('confirmed')}",
            f"{label} {_('tentative')}",
        ]
    lines = [
        [row.person.display_name]
        + [
            value
            for cell in row.cells
            for value in (
                format_minutes(cell.available_minutes),
                format_minutes(cell.confirmed_minutes),
                format_minutes(cell.tentative_minutes),
            )
        ]
        for row in rows
    ]
    return table_response(fmt, "planner", header, lines)


def _cell_context(request: HttpRequest, person, week, **extra) -> dict:
    return {
        "detail": cell_detail(viewer=request.viewer, person=person, week=week),
        "form": AllocationForm(viewer=request.viewer),
        "error": "",
        "overload": None,
        **extra,
    }


def _cell_editor(request: HttpRequest, person, week) -> HttpResponse:
    """The cell editor as it is now, after a change."""
    return render(request, CELL_EDITOR, _cell_context(request, person, week))


@staff_required(VIEW)
@writes
def cell(request: HttpRequest, user_id: int, week: str) -> HttpResponse:
    """The cell editor of one person's week; a POST books time there (an
    overload is refused until "Book anyway" sends ``confirm``)."""
    person = access_object(
        request.viewer,
        User.objects.filter(is_staff=True, integration=""),
        user_id,
        action="view",
    )
    monday = parse_week(week)
    if monday is None:
        raise Http404
    if request.method == "POST" and not request.viewer.has_perm(PLAN):
        raise PermissionDenied
    form = AllocationForm(**posted(request), viewer=request.viewer)
    return submit(
        request,
        form,
        lambda data: services.allocation_create(
            actor=request.user, user=person, week=monday, **form.service_kwargs()
        ),
        template=CELL_EDITOR,
        context=lambda form: _cell_context(request, person, monday, form=form),
        answer=lambda allocation: _cell_editor(request, person, monday),
    )


@staff_required("planning.change_allocation")
@button
def allocation_action(request: HttpRequest, allocation_id: int) -> HttpResponse:
    """A booking's buttons in the cell editor, answered with the editor."""
    allocation = access_object(
        request.viewer,
        Allocation.objects.select_related("user"),
        allocation_id,
        action="change",
    )
    form = AllocationActionForm(request.POST)

    def call(data) -> None:
        actor, action = request.user, data["action"]
        if action == "confirm":
            services.allocation_confirm(
                actor=actor, allocation=allocation, confirm=data["confirm"]
            )
        elif action == "release":
            services.allocation_release(actor=actor, allocation=allocation)
        elif action == "delete":
            services.allocation_delete(actor=actor, allocation=allocation)
        else:
            services.allocation_update(
                actor=actor,
                allocation=allocation,
                minutes=data["hours"],
                percent=data["percent"],
                confirm=data["confirm"],
            )

    def context(form) -> dict:
        overload = None
        if "confirm" in form.errors:
            # What to send again, confirmed, after an overload refusal.
            overload = {
                "allocation": allocation.pk,
                "action": form.cleaned_data.get("action", ""),
                "hours": form["hours"].value() or "",
            }
        return _cell_context(
            request,
            allocation.user,
            allocation.week,
            error=form_error_text(form),
            overload=overload,
        )

    return submit(
        request,
        form,
        call,
        template=CELL_EDITOR,
        form_name="action_form",
        context=context,
        answer=lambda result: _cell_editor(request, allocation.user, allocation.week),
    )


@staff_required(PLAN)
@button
def copy_week(request: HttpRequest) -> HttpResponse:
    def call(data) -> dict:
        copied, skipped = services.allocations_copy_week(
            actor=request.user, source=data["source"], target=data["target"]
        )
        target = data["target"] or data["source"] + timedelta(weeks=1)
        return {"copied": copied, "skipped": skipped, "target": target}

    return submit(
        request,
        CopyWeekForm(request.POST),
        call,
        success=lambda done: (
            _("%(copied)d bookings copied, %(skipped)d skipped.") % done
        ),
        redirect_to=lambda done: (
            f"{reverse('planning:planner')}?start={done['target']}"
        ),
        back_to="planning:planner",
    )


@staff_required(PLAN)
@writes
def plan_range(request: HttpRequest) -> HttpResponse:
    form = PlanRangeForm(
        **posted(request),
        initial={"first_week": this_week()},
        viewer=request.viewer,
    )
    return submit(
        request,
        form,
        lambda data: services.allocation_plan_range(
            actor=request.user, **form.service_kwargs()
        ),
        template="planning/plan_range.html",
        success=lambda created: (
            ngettext(
                "%(count)d week planned.", "%(count)d weeks planned.", len(created)
            )
            % {"count": len(created)}
        ),
        redirect_to=lambda created: (
            f"{reverse('planning:planner')}?start={form.cleaned_data['first_week']}"
        ),
    )
