"""Approving timesheet weeks: the list, one week, the ticked weeks at once."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, reads, submit
from agencydesk.core.pagination import paginate

from .. import services
from ..forms import WeekDecideForm, WeeksDecideForm
from ..models import TimesheetWeek
from ..selectors import timesheets_awaiting_approval

APPROVE = "timesheets.approve_timesheetweek"


@staff_required(APPROVE)
@reads
def approval_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, timesheets_awaiting_approval())
    return render(request, "timesheets/approvals.html", {"page": page})


def _decided_message(action: str, count: int) -> str:
    if action == "approve":
        done = ngettext("%(n)s week approved.", "%(n)s weeks approved.", count)
    else:
        done = ngettext(
            "%(n)s week returned to its person.",
            "%(n)s weeks returned to their people.",
            count,
        )
    return done % {"n": count}


@staff_required(APPROVE)
@button
def timesheets_decide_many(request: HttpRequest) -> HttpResponse:
    """Approve or return the weeks ticked on the approvals page or the home."""
    form = WeeksDecideForm(request.POST)

    def call(data) -> str:
        decided = services.timesheets_decide_many(
            actor=request.user, **form.service_kwargs()
        )
        return _decided_message(data["action"], len(decided))

    return submit(
        request,
        form,
        call,
        success=lambda message: message,
        redirect_to="timesheets:approvals",
    )


@staff_required(APPROVE)
@button
def timesheet_decide(request: HttpRequest, timesheet_id: int) -> HttpResponse:
    timesheet = access_object(request.viewer, TimesheetWeek, timesheet_id)
    decisions = {
        "approve": services.timesheet_approve,
        "reopen": services.timesheet_reopen,
    }
    return submit(
        request,
        WeekDecideForm(request.POST),
        lambda data: decisions[data["action"]](actor=request.user, timesheet=timesheet),
        redirect_to="timesheets:approvals",
    )
