"""Staff pages of time tracking: the week grid, the timer, entries, approvals."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.errors import DomainError
from agencydesk.core.htmx import partial
from agencydesk.core.pagination import paginate
from agencydesk.desk.selectors import tickets_for_page
from agencydesk.people.models import User

from . import services
from .exports import table_response
from .forms import EntryFilterForm, RateForm, TimeEntryForm, TimerForm, client_by_id
from .models import TimeEntry, TimesheetWeek
from .selectors import (
    rate_list,
    time_entry_list,
    timer_for,
    timesheet_for_week,
    timesheets_awaiting_approval,
)
from .weeks import format_minutes, monday_of, next_month, parse_month, parse_week

LOG = "timesheets.add_timeentry"


def _week(request: HttpRequest):
    return parse_week(request.GET.get("week", "")) or monday_of(timezone.localdate())


def _week_context(request: HttpRequest, week, form=None) -> dict:
    return {
        "sheet": timesheet_for_week(user=request.user, week=week),
        "form": form
        or TimeEntryForm(initial={"day": timezone.localdate()}, viewer=request.viewer),
        "previous": week - timedelta(weeks=1),
        "next": week + timedelta(weeks=1),
    }


@staff_required(LOG)
def timesheet_week(request: HttpRequest) -> HttpResponse:
    week = _week(request)
    context = _week_context(request, week)
    context["timer"] = timer_for(user=request.user)
    context["timer_form"] = TimerForm(prefix="timer", viewer=request.viewer)
    return render(request, "timesheets/week.html", context)


@require_POST
@staff_required(LOG)
def entry_create(request: HttpRequest) -> HttpResponse:
    form = TimeEntryForm(request.POST, viewer=request.viewer)
    week = _week(request)
    if form.is_valid():
        week = monday_of(form.cleaned_data["day"])
        try:
            services.time_entry_create(
                actor=request.user, user=request.user, **form.service_kwargs()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if not partial(request):
                return redirect(f"{reverse('timesheets:week')}?week={week}")
            return render(
                request, "timesheets/partials/sheet.html", _week_context(request, week)
            )
    if not partial(request):
        messages.error(request, _("The time was not recorded."))
        return redirect("timesheets:week")
    context = _week_context(request, week, form)
    return render(request, "timesheets/partials/sheet.html", context, status=422)


@require_POST
@staff_required(LOG)
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_object(request.viewer, TimeEntry, entry_id, action="add")
    try:
        services.time_entry_delete(actor=request.user, entry=entry)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(f"{reverse('timesheets:week')}?week={monday_of(entry.date)}")


@require_POST
@staff_required(LOG)
def timer_start(request: HttpRequest) -> HttpResponse:
    form = TimerForm(request.POST, prefix="timer", viewer=request.viewer)
    if not form.is_valid():
        messages.error(request, _("Check the timer's fields."))
        return redirect("timesheets:week")
    data = form.cleaned_data
    ticket = None
    if data["ticket"]:
        ticket = access_object(
            request.viewer, tickets_for_page(), data["ticket"], field_name="number"
        )
    try:
        timer = services.timer_start(
            actor=request.user,
            client=client_by_id(data["client"]),
            project=data["project"],
            ticket=ticket,
            note=data["note"],
            is_billable=data["is_billable"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        # Say it runs and where it stops: the top bar shows it on every page.
        what = timer.ticket.reference if timer.ticket else _("your work")
        messages.success(
            request,
            _("Timer started on %(what)s. Stop it from the top bar.") % {"what": what},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("timesheets:week")
    return redirect(target)


@require_POST
@staff_required(LOG)
def timer_stop(request: HttpRequest) -> HttpResponse:
    try:
        entry = services.timer_stop(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("timesheets:week")
    messages.success(
        request,
        _("%(duration)s recorded.") % {"duration": format_minutes(entry.minutes)},
    )
    return redirect(f"{reverse('timesheets:week')}?week={monday_of(entry.date)}")


@require_POST
@staff_required(LOG)
def timer_discard(request: HttpRequest) -> HttpResponse:
    try:
        services.timer_discard(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("timesheets:week")


@require_POST
@staff_required(LOG)
def timesheet_submit(request: HttpRequest) -> HttpResponse:
    week = parse_week(request.POST.get("week", ""))
    if week is None:
        messages.error(request, _("Choose a week."))
        return redirect("timesheets:week")
    try:
        services.timesheet_submit(actor=request.user, user=request.user, week=week)
        messages.success(request, _("Week submitted for approval."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(f"{reverse('timesheets:week')}?week={week}")


@staff_required("timesheets.approve_timesheetweek")
def approval_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, timesheets_awaiting_approval())
    return render(request, "timesheets/approvals.html", {"page": page})


def _back(request: HttpRequest, default: str) -> str:
    """Where the form asked to go back to, if it is a page of this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@require_POST
@staff_required("timesheets.approve_timesheetweek")
def timesheets_decide_many(request: HttpRequest) -> HttpResponse:
    """Approve or return the weeks ticked on the approvals page or the home."""
    action = request.POST.get("action", "")
    try:
        decided = services.timesheets_decide_many(
            actor=request.user,
            timesheet_ids=request.POST.getlist("week"),
            action=action,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if action == "approve":
            done = ngettext(
                "%(n)s week approved.", "%(n)s weeks approved.", len(decided)
            )
        else:
            done = ngettext(
                "%(n)s week returned to its person.",
                "%(n)s weeks returned to their people.",
                len(decided),
            )
        messages.success(request, done % {"n": len(decided)})
    return redirect(_back(request, "timesheets:approvals"))


@require_POST
@staff_required("timesheets.approve_timesheetweek")
def timesheet_decide(request: HttpRequest, timesheet_id: int) -> HttpResponse:
    timesheet = access_object(request.viewer, TimesheetWeek, timesheet_id)
    action = request.POST.get("action")
    try:
        if action == "approve":
            services.timesheet_approve(actor=request.user, timesheet=timesheet)
        elif action == "reopen":
            services.timesheet_reopen(actor=request.user, timesheet=timesheet)
        else:
            messages.error(request, _("Choose approve or reopen."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("timesheets:approvals")


def _entry_filters(form: EntryFilterForm) -> dict:
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    filters = {"user_id": data["person"]}
    month = parse_month(data["month"])
    if month:
        filters.update(first=month, last=next_month(month) - timedelta(days=1))
    if data["client"] == "internal":
        filters["internal"] = True
    elif data["client"]:
        filters["client_id"] = int(data["client"])
    return filters


@staff_required("timesheets.view_timeentry")
def entry_list(request: HttpRequest) -> HttpResponse:
    form = EntryFilterForm(request.GET or None, viewer=request.viewer)
    entries = time_entry_list(viewer=request.viewer, **_entry_filters(form))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(fmt, entries)
    return render(
        request,
        "timesheets/entry_list.html",
        {"page": paginate(request, entries), "form": form},
    )


def _export(fmt: str, entries) -> HttpResponse:
    header = [
        _("Date"),
        _("Person"),
        _("Client"),
        _("Project"),
        _("Ticket"),
        _("Minutes"),
        _("Hours"),
        _("Billable"),
        _("Billable value"),
        _("Currency"),
        _("Cost"),
        _("Cost currency"),
        _("Note"),
    ]
    rows = (
        [
            e.date,
            e.user.display_name,
            e.client.name if e.client else _("Internal"),
            e.project,
            e.ticket.reference if e.ticket else "",
            e.minutes,
            format_minutes(e.minutes),
            _("yes") if e.is_billable else _("no"),
            str(e.bill_amount),
            e.bill_currency,
            str(e.cost_amount),
            e.cost_currency,
            e.note,
        ]
        for e in entries.iterator(chunk_size=2000)
    )
    return table_response(fmt, "time-entries", header, rows)


@staff_required("timesheets.view_rate")
def rates(request: HttpRequest) -> HttpResponse:
    form = RateForm(request.POST or None, viewer=request.viewer)
    if request.method == "POST":
        if not request.viewer.has_perm("timesheets.add_rate"):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.rate_set(
                    actor=request.user,
                    kind=data["kind"],
                    user=User.objects.filter(is_staff=True, pk=data["person"]).first()
                    if data["person"]
                    else None,
                    role=data["role"],
                    client=client_by_id(data["client"]),
                    hourly_amount=data["hourly_amount"],
                    currency=data["currency"],
                    effective_from=data["effective_from"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Rate saved."))
                return redirect("timesheets:rates")
    context = {"form": form, "page": paginate(request, rate_list())}
    return render(
        request, "timesheets/rates.html", context, status=422 if form.errors else 200
    )
