"""Staff pages of planning: the planner, cell editor, overload list, client
view, portfolio, leave, budgets, reports and exports."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.errors import DomainError
from agencydesk.core.pagination import PAGE_SIZE, paginate
from agencydesk.people.models import User
from agencydesk.timesheets.exports import table_response
from agencydesk.timesheets.forms import BudgetForm
from agencydesk.timesheets.selectors import (
    budgets_for_month,
    burn_for_budgets,
    project_budgets,
)
from agencydesk.timesheets.services import budget_set
from agencydesk.timesheets.weeks import (
    format_minutes,
    monday_of,
    next_month,
    parse_month,
    parse_week,
    weeks_from,
)

from . import services
from .errors import AllocationInvalidError, OverloadError
from .forms import (
    AllocationForm,
    AllocationResizeForm,
    CopyWeekForm,
    LeaveForm,
    MonthForm,
    PlannerFilterForm,
    PlanRangeForm,
)
from .models import Allocation, Leave
from .selectors import (
    PLANNER_WEEKS,
    budget_burns_with_plans,
    cell_detail,
    client_plan,
    leave_list,
    overload_list,
    planner_rows,
    portfolio_for,
    profitability_report,
    staff_for_planning,
    utilisation_by_team,
    utilisation_report,
)

VIEW = "planning.view_allocation"
PLAN = "planning.add_allocation"
PLANNER_PAGE = 50


def _this_week():
    return monday_of(timezone.localdate())


def _planner(request: HttpRequest):
    form = PlannerFilterForm(request.GET or None, viewer=request.viewer)
    filters = form.filters()
    weeks = weeks_from(filters.get("start") or _this_week(), PLANNER_WEEKS)
    people = staff_for_planning(
        role=filters.get("role", ""),
        team_client_id=filters.get("team"),
        client_id=filters.get("client"),
        first=weeks[0],
        last=weeks[-1],
    )
    page = paginate(request, people, per_page=PLANNER_PAGE)
    rows = planner_rows(people=list(page.object_list), weeks=weeks)
    return form, weeks, page, rows


@staff_required(VIEW)
def planner(request: HttpRequest) -> HttpResponse:
    form, weeks, page, rows = _planner(request)
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
    lines = []
    for row in rows:
        line = [row.person.display_name]
        for cell in row.cells:
            line += [
                format_minutes(cell.available_minutes),
                format_minutes(cell.confirmed_minutes),
                format_minutes(cell.tentative_minutes),
            ]
        lines.append(line)
    return table_response(fmt, "planner", header, lines)


def _person(request: HttpRequest, user_id: int) -> User:
    return access_object(
        request.viewer, User.objects.filter(is_staff=True), user_id, action="view"
    )


def _confirmed(request: HttpRequest) -> bool:
    """The planner saw the overload and pressed "Book anyway"."""
    return request.POST.get("confirm") == "1"


def _cell_response(
    request, person, week, form=None, status=200, error="", overload=None
) -> HttpResponse:
    context = {
        "detail": cell_detail(viewer=request.viewer, person=person, week=week),
        "form": form or AllocationForm(viewer=request.viewer),
        "error": error,
        # What to send again, confirmed, after an overload refusal.
        "overload": overload,
    }
    return render(request, "planning/partials/cell_editor.html", context, status=status)


@staff_required(VIEW)
def cell(request: HttpRequest, user_id: int, week: str) -> HttpResponse:
    person = _person(request, user_id)
    monday = parse_week(week)
    if monday is None:
        raise Http404
    if request.method != "POST":
        return _cell_response(request, person, monday)
    if not request.viewer.has_perm(PLAN):
        raise PermissionDenied
    form = AllocationForm(request.POST, viewer=request.viewer)
    overload = None
    if form.is_valid():
        try:
            services.allocation_create(
                actor=request.user,
                user=person,
                week=monday,
                confirm=_confirmed(request),
                **form.service_kwargs(),
            )
        except OverloadError as error:
            form.add_error(None, error.message)
            overload = {"new": True}
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _cell_response(request, person, monday)
    return _cell_response(request, person, monday, form, status=422, overload=overload)


@require_POST
@staff_required("planning.change_allocation")
def allocation_action(request: HttpRequest, allocation_id: int) -> HttpResponse:
    allocation = access_object(
        request.viewer,
        Allocation.objects.select_related("user"),
        allocation_id,
        action="change",
    )
    action = request.POST.get("action")
    actions = {
        "confirm": services.allocation_confirm,
        "release": services.allocation_release,
        "delete": services.allocation_delete,
        "update": _allocation_resize,
    }
    error = ""
    overload = None
    if action not in actions:
        error = _("Choose confirm, release, change or delete.")
    else:
        extra = {"post": request.POST} if action == "update" else {}
        if action in ("confirm", "update"):
            extra["confirm"] = _confirmed(request)
        try:
            actions[action](actor=request.user, allocation=allocation, **extra)
        except OverloadError as refusal:
            error = refusal.message
            overload = {
                "allocation": allocation.pk,
                "action": action,
                "hours": request.POST.get("hours", ""),
            }
        except DomainError as refusal:
            error = refusal.message
    return _cell_response(
        request,
        allocation.user,
        allocation.week,
        status=422 if error else 200,
        error=error,
        overload=overload,
    )


def _allocation_resize(
    *, actor, allocation: Allocation, post, confirm: bool = False
) -> None:
    """Change a booking's hours (or percent) from the cell editor."""
    form = AllocationResizeForm(post)
    if not form.is_valid():
        first = next(iter(form.errors.values()))
        raise AllocationInvalidError(str(first[0]))
    services.allocation_update(
        actor=actor,
        allocation=allocation,
        minutes=form.cleaned_data["hours"],
        percent=form.cleaned_data["percent"],
        confirm=confirm,
    )


@require_POST
@staff_required(PLAN)
def copy_week(request: HttpRequest) -> HttpResponse:
    form = CopyWeekForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the week to copy."))
        return redirect("planning:planner")
    data = form.cleaned_data
    try:
        copied, skipped = services.allocations_copy_week(
            actor=request.user, source=data["source"], target=data["target"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("planning:planner")
    messages.success(
        request,
        _("%(copied)d bookings copied, %(skipped)d skipped.")
        % {"copied": copied, "skipped": skipped},
    )
    target = data["target"] or data["source"] + timedelta(weeks=1)
    return redirect(f"{reverse('planning:planner')}?start={target}")


@staff_required(PLAN)
def plan_range(request: HttpRequest) -> HttpResponse:
    form = PlanRangeForm(
        request.POST or None,
        initial={"first_week": _this_week()},
        viewer=request.viewer,
    )
    overload = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = User.objects.filter(is_staff=True, pk=data["person"]).first()
        try:
            created = services.allocation_plan_range(
                actor=request.user,
                user=person,
                first_week=data["first_week"],
                weeks=data["weeks"],
                confirm=_confirmed(request),
                **form.service_kwargs(),
            )
        except OverloadError as error:
            form.add_error(None, error.message)
            overload = True
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d week planned.", "%(count)d weeks planned.", len(created)
                )
                % {"count": len(created)},
            )
            return redirect(f"{reverse('planning:planner')}?start={data['first_week']}")
    return render(
        request, "planning/plan_range.html", {"form": form, "overload": overload}
    )


@staff_required(VIEW)
def overload(request: HttpRequest) -> HttpResponse:
    week = parse_week(request.GET.get("week", "")) or _this_week() + timedelta(weeks=1)
    context = {
        "week": week,
        "overloads": overload_list(viewer=request.viewer, week=week),
        "previous": week - timedelta(weeks=1),
        "next": week + timedelta(weeks=1),
    }
    return render(request, "planning/overload.html", context)


@staff_required(VIEW)
def client_view(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = access_object(request.viewer, Client, client_slug, field_name="slug")
    start = parse_week(request.GET.get("start", "")) or _this_week() - timedelta(
        weeks=4
    )
    weeks = weeks_from(start, 8)
    context = {
        "client": client,
        "weeks": weeks,
        "rows": client_plan(client=client, weeks=weeks),
        "previous": weeks[0] - timedelta(weeks=4),
        "next": weeks[0] + timedelta(weeks=4),
    }
    return render(request, "planning/client.html", context)


@staff_required(VIEW)
def portfolio(request: HttpRequest) -> HttpResponse:
    manager = request.user
    manager_id = request.GET.get("manager", "")
    if manager_id.isdigit():
        manager = User.objects.filter(is_staff=True, pk=int(manager_id)).first() or (
            request.user
        )
    week = parse_week(request.GET.get("week", "")) or _this_week()
    managers = User.objects.filter(
        is_staff=True, client_teams__role="account_manager"
    ).distinct()
    context = {
        "portfolio": portfolio_for(viewer=request.viewer, manager=manager, week=week),
        "managers": managers.order_by("full_name"),
        "previous": week - timedelta(weeks=1),
        "next": week + timedelta(weeks=1),
    }
    return render(request, "planning/portfolio.html", context)


@staff_required("planning.view_leave")
def leave(request: HttpRequest) -> HttpResponse:
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = request.user
        if data["person"]:
            person = User.objects.filter(is_staff=True, pk=data["person"]).first()
        try:
            services.leave_request(
                actor=request.user,
                user=person or request.user,
                kind=data["kind"],
                start=data["start"],
                end=data["end"],
                note=data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Leave requested."))
            return redirect("planning:leave")
    status = request.GET.get("status", "")
    if status not in Leave.Status.values:
        status = ""
    page = paginate(request, leave_list(status=status))
    return render(
        request,
        "planning/leave.html",
        {"form": form, "page": page, "status": status, "statuses": Leave.Status},
        status=422 if form.errors else 200,
    )


@require_POST
@staff_required("planning.view_leave")
def leave_decide(request: HttpRequest, leave_id: int) -> HttpResponse:
    item = access_object(request.viewer, Leave, leave_id)
    actions = {
        "approve": services.leave_approve,
        "reject": services.leave_reject,
        "cancel": services.leave_cancel,
    }
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Choose approve, reject or cancel."))
        return redirect("planning:leave")
    try:
        action(actor=request.user, leave=item)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("planning:leave")


def _month(request: HttpRequest):
    form = MonthForm(request.GET or None)
    month = None
    if form.is_valid():
        month = parse_month(form.cleaned_data["month"])
    return form, month or timezone.localdate().replace(day=1)


@staff_required("timesheets.view_budget")
def budgets(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    scope = request.viewer.staff_client_ids
    page = paginate(request, budgets_for_month(month=month, client_ids=scope))
    burns = budget_burns_with_plans(list(page.object_list))
    projects = Paginator(project_budgets(client_ids=scope), PAGE_SIZE).get_page(
        request.GET.get("projects_page")
    )
    context = {
        "form": form,
        "month": month,
        "page": page,
        "burns": burns,
        "projects": projects,
        "project_burns": burn_for_budgets(list(projects.object_list)),
    }
    return render(request, "planning/budgets.html", context)


@staff_required("timesheets.add_budget")
def budget_edit(request: HttpRequest) -> HttpResponse:
    form = BudgetForm(request.POST or None, viewer=request.viewer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = Client.objects.filter(pk=data["client"]).first()
        try:
            budget = budget_set(
                actor=request.user,
                client=client,
                kind=data["kind"],
                month=parse_month(data["month"]),
                project=data["project"],
                minutes=data["hours"] or 0,
                amount=data["amount"] or 0,
                currency=data["currency"],
                rolls_over=data["rolls_over"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Budget saved."))
            month = budget.month.strftime("%Y-%m") if budget.month else ""
            return redirect(f"{reverse('planning:budgets')}?month={month}")
    return render(request, "planning/budget_form.html", {"form": form})


def _month_weeks(month):
    first = monday_of(month)
    if first < month:
        first += timedelta(weeks=1)
    weeks = []
    while first < next_month(month):
        weeks.append(first)
        first += timedelta(weeks=1)
    return weeks


@staff_required("timesheets.view_budget")
def report_utilisation(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    people = paginate(
        request, staff_for_planning().prefetch_related("groups"), per_page=PLANNER_PAGE
    )
    rows = utilisation_report(
        people=list(people.object_list), weeks=_month_weeks(month)
    )
    context = {
        "form": form,
        "month": month,
        "rows": rows,
        "teams": utilisation_by_team(rows),
        "page": people,
    }
    return render(request, "planning/report_utilisation.html", context)


@staff_required("timesheets.view_rate")
def report_profitability(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    rows = profitability_report(
        viewer=request.viewer,
        first=month,
        last=next_month(month) - timedelta(days=1),
    )
    context = {"form": form, "month": month, "rows": rows}
    return render(request, "planning/report_profitability.html", context)
