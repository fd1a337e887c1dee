"""Leave: the list with its request form, and a row's approve, reject or
cancel (who may is the model's rule, ``Leave.can_be_*_by``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, posted, submit, writes
from agencydesk.core.pagination import paginate

from .. import services
from ..forms import LeaveDecideForm, LeaveForm
from ..models import Leave
from ..selectors import leave_list


@staff_required("planning.view_leave")
@writes
def leave(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Leave.Status.values:
        status = ""

    def call(data):
        return services.leave_request(
            actor=request.user,
            user=data["person"] or request.user,
            kind=data["kind"],
            start=data["start"],
            end=data["end"],
            note=data["note"],
        )

    return submit(
        request,
        LeaveForm(**posted(request), viewer=request.viewer),
        call,
        template="planning/leave.html",
        context=lambda form: {
            "page": paginate(request, leave_list(status=status)),
            "status": status,
            "statuses": Leave.Status,
        },
        success=_("Leave requested."),
        redirect_to="planning:leave",
    )


@staff_required("planning.view_leave")
@button
def leave_decide(request: HttpRequest, leave_id: int) -> HttpResponse:
    item = access_object(request.viewer, Leave, leave_id)
    decisions = {
        "approve": services.leave_approve,
        "reject": services.leave_reject,
        "cancel": services.leave_cancel,
    }
    return submit(
        request,
        LeaveDecideForm(request.POST),
        lambda data: decisions[data["action"]](actor=request.user, leave=item),
        redirect_to="planning:leave",
    )
