"""Time against a project's task, logged from the task's page (its panel)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, submit
from agencydesk.work.models import Task

from .. import services
from ..forms import TaskTimeForm
from ..weeks import format_minutes

LOG = "timesheets.add_timeentry"


@staff_required(LOG)
@button
def task_time_log(request: HttpRequest, task_id: int) -> HttpResponse:
    """Record time on a task: its client and ticket come with it. A refusal
    is flashed and the task page shown again."""
    task = access_object(
        request.viewer, Task.objects.select_related("project__client"), task_id
    )
    return submit(
        request,
        TaskTimeForm(request.POST, prefix="time", viewer=request.viewer),
        lambda data: services.time_entry_create(
            actor=request.user,
            user=request.user,
            day=data["day"],
            minutes=data["duration"],
            task=task,
            note=data["note"],
            is_billable=data["is_billable"],
        ),
        success=lambda entry: (
            _("%(duration)s recorded.") % {"duration": format_minutes(entry.minutes)}
        ),
        redirect_to=task,
        back_to=task,
    )
