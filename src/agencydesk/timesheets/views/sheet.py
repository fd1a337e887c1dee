"""The person's week: the grid, quick entry over htmx, the timer, submitting."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, safe_next, submit
from agencydesk.core.htmx import partial

from .. import services
from ..forms import TimeEntryForm, TimerForm, WeekSubmitForm
from ..models import TimeEntry
from ..selectors import timer_for, timesheet_for_week
from ..weeks import format_minutes, monday_of, parse_week

LOG = "timesheets.add_timeentry"


def week_url(day: date) -> str:
    """The week page of the week holding ``day``."""
    return f"{reverse('timesheets:week')}?week={monday_of(day)}"


def _week(request: HttpRequest) -> date:
    return parse_week(request.GET.get("week", "")) or monday_of(timezone.localdate())


def _week_context(request: HttpRequest, week: date, form=None) -> dict:
    return {
        "sheet": timesheet_for_week(user=request.user, week=week),
        "form": form
        or TimeEntryForm(initial={"day": timezone.localdate()}, viewer=request.viewer),
        "previous": week - timedelta(weeks=1),
        "next": week + timedelta(weeks=1),
    }


def _page_context(request: HttpRequest, week: date, form=None) -> dict:
    context = _week_context(request, week, form)
    context["timer"] = timer_for(user=request.user)
    context["timer_form"] = TimerForm(prefix="timer", viewer=request.viewer)
    return context


@staff_required(LOG)
@reads
def timesheet_week(request: HttpRequest) -> HttpResponse:
    return render(
        request, "timesheets/week.html", _page_context(request, _week(request))
    )


@staff_required(LOG)
@button
def entry_create(request: HttpRequest) -> HttpResponse:
    """Quick entry: the grid answers in place over htmx, else the week page."""
    form = TimeEntryForm(**posted(request), viewer=request.viewer)

    def shown_week(form) -> date:
        day = getattr(form, "cleaned_data", {}).get("day")
        return monday_of(day) if day else _week(request)

    def answer(entry: TimeEntry) -> HttpResponse:
        if not partial(request):
            return redirect(week_url(entry.date))
        context = _week_context(request, monday_of(entry.date))
        return render(request, "timesheets/partials/sheet.html", context)

    return submit(
        request,
        form,
        lambda data: services.time_entry_create(
            actor=request.user, user=request.user, **form.service_kwargs()
        ),
        template="timesheets/week.html",
        partial_template="timesheets/partials/sheet.html",
        context=lambda form: (
            _week_context(request, shown_week(form), form)
            if partial(request)
            else _page_context(request, shown_week(form), form)
        ),
        answer=answer,
    )


@staff_required(LOG)
@button
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_object(request.viewer, TimeEntry, entry_id, action="add")
    return perform(
        request,
        lambda: services.time_entry_delete(actor=request.user, entry=entry),
        redirect_to=week_url(entry.date),
    )


@staff_required(LOG)
@button
def timer_start(request: HttpRequest) -> HttpResponse:
    """Start the timer, from the week page or a ticket's (back there after)."""
    form = TimerForm(request.POST, prefix="timer", viewer=request.viewer)

    def started(timer) -> str:
        # Say it runs and where it stops: the top bar shows it on every page.
        if timer.task is not None:
            what = str(timer.task)
        else:
            what = timer.ticket.reference if timer.ticket else _("your work")
        return _("Timer started on %(what)s. Stop it from the top bar.") % {
            "what": what
        }

    return submit(
        request,
        form,
        lambda data: services.timer_start(actor=request.user, **data),
        success=started,
        redirect_to="timesheets:week",
    )


@staff_required(LOG)
@button
def timer_stop(request: HttpRequest) -> HttpResponse:
    return perform(
        request,
        lambda: services.timer_stop(actor=request.user),
        success=lambda entry: (
            _("%(duration)s recorded.") % {"duration": format_minutes(entry.minutes)}
        ),
        # Back where the person stopped it (a task's page), else the week.
        answer=lambda entry: redirect(safe_next(request, week_url(entry.date))),
        redirect_to="timesheets:week",
    )


@staff_required(LOG)
@button
def timer_discard(request: HttpRequest) -> HttpResponse:
    return perform(
        request,
        lambda: services.timer_discard(actor=request.user),
        redirect_to="timesheets:week",
    )


@staff_required(LOG)
@button
def timesheet_submit(request: HttpRequest) -> HttpResponse:
    return submit(
        request,
        WeekSubmitForm(request.POST),
        lambda data: services.timesheet_submit(
            actor=request.user, user=request.user, week=data["week"]
        ),
        success=_("Week submitted for approval."),
        redirect_to=lambda timesheet: week_url(timesheet.week),
        back_to="timesheets:week",
    )
