"""Staff pages people plan from: "my work", the month calendars, the project's
timeline (page and PDF), the list tab's bulk edit and the task exports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, reads, submit
from agencydesk.core.exports import table_response
from agencydesk.core.pagination import paginate

from . import services
from .forms import BulkEditForm, MyWorkFilterForm
from .models import Milestone, Project, Task
from .schedule import (
    fill_month,
    month_grid,
    my_milestones,
    my_tasks,
    parse_month,
    period_counts,
    project_timeline,
    projects_of_person,
)
from .selectors import project_for_page


def _project(request: HttpRequest, project_id: int, action: str = "view") -> Project:
    return access_object(request.viewer, project_for_page(), project_id, action=action)


# --- My work ----------------------------------------------------------------


def my_work_context(request: HttpRequest, *, per_page: int = 25) -> dict:
    """The viewer's own tasks with the filters asked in the query string: the
    page of tasks, the count of each period, the filter form (shared by the
    page and the specialist home's panel)."""
    viewer, person = request.viewer, request.user
    today = timezone.localdate()
    form = MyWorkFilterForm(
        request.GET or None,
        viewer=viewer,
        projects=projects_of_person(viewer=viewer, person=person),
    )
    filters = form.filters()
    period = filters.pop("period", "")
    base = my_tasks(viewer=viewer, person=person, today=today, **filters)
    tasks = my_tasks(
        viewer=viewer, person=person, today=today, period=period, **filters
    )
    return {
        "form": form,
        "period": period,
        "counts": period_counts(base, today),
        "page": paginate(request, tasks, per_page),
        "today": today,
    }


@staff_required("work.view_task")
@reads
def my_work(request: HttpRequest) -> HttpResponse:
    """The tasks the viewer owns or helps with, by when they are due."""
    return render(
        request,
        "work/my_work.html",
        {"mine": my_work_context(request), "tab": "list"},
    )


@staff_required("work.view_task")
@reads
def my_calendar(request: HttpRequest) -> HttpResponse:
    """A month of the viewer's open tasks and their projects' milestones."""
    viewer, person = request.viewer, request.user
    today = timezone.localdate()
    month = month_grid(parse_month(request.GET.get("month"), today), today)
    fill_month(
        month,
        my_tasks(viewer=viewer, person=person, today=today, include_done=True),
        my_milestones(viewer=viewer, person=person),
    )
    return render(request, "work/my_calendar.html", {"month": month, "tab": "calendar"})


@staff_required("work.view_task")
@reads
def my_work_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The viewer's tasks (as filtered on the page) as CSV or XLSX."""
    viewer, person = request.viewer, request.user
    today = timezone.localdate()
    form = MyWorkFilterForm(
        request.GET or None,
        viewer=viewer,
        projects=projects_of_person(viewer=viewer, person=person),
    )
    filters = form.filters()
    tasks = my_tasks(viewer=viewer, person=person, today=today, **filters)
    return _tasks_table(fmt, "my-tasks", tasks)


# --- A project's calendar, timeline and exports -------------------------------


@staff_required("work.view_project")
@reads
def project_calendar(request: HttpRequest, project_id: int) -> HttpResponse:
    """A month of the project: tasks on their due dates and milestones."""
    project = _project(request, project_id)
    today = timezone.localdate()
    first = parse_month(request.GET.get("month"), project.start)
    if "month" not in request.GET and project.start <= today:
        first = today.replace(day=1)
    month = month_grid(first, today)
    fill_month(
        month,
        Task.objects.filter(project=project),
        Milestone.objects.filter(project=project),
    )
    return render(
        request,
        "work/project_calendar.html",
        {
            "project": project,
            "client": project.client,
            "month": month,
            "tab": "calendar",
        },
    )


def _timeline_context(request: HttpRequest, project: Project) -> dict:
    return {
        "project": project,
        "client": project.client,
        "timeline": project_timeline(project=project, today=timezone.localdate()),
        "tab": "timeline",
    }


@staff_required("work.view_project")
@reads
def project_timeline_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project on a time axis (SVG), printable."""
    project = _project(request, project_id)
    return render(
        request, "work/project_timeline.html", _timeline_context(request, project)
    )


# The PDF's page and type (given to WeasyPrint, not in the template: page
# templates carry no inline style under the Content-Security-Policy).
TIMELINE_PDF_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; font-size: 10pt;
       color: #212529; }
h1 { font-size: 14pt; margin: 0 0 2mm; }
p { margin: 0 0 4mm; color: #495057; }
svg.work-timeline { width: 100%; height: auto; }
"""


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict:
    # Everything the PDF shows is in the page: WeasyPrint fetches nothing (no
    # file:// read, no request to this server or any other).
    raise ValueError(f"not fetched: {url[:80]}")


@staff_required("work.view_project")
@reads
def project_timeline_pdf(request: HttpRequest, project_id: int) -> HttpResponse:
    """The timeline as a PDF (WeasyPrint draws the same SVG)."""
    from weasyprint import CSS, HTML

    project = _project(request, project_id)
    html = render_to_string(
        "work/project_timeline_pdf.html",
        _timeline_context(request, project),
        request=request,
    )
    pdf = HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(string=TIMELINE_PDF_CSS, url_fetcher=_no_fetching)]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"timeline-{project.pk}.pdf"
    )
    return response


@staff_required("work.view_project")
@reads
def project_tasks_export(
    request: HttpRequest, project_id: int, fmt: str
) -> HttpResponse:
    project = access_object(
        request.viewer, Project.objects.select_related("client"), project_id
    )
    tasks = (
        Task.objects.filter(project=project)
        .select_related("project__client", "area", "owner")
        .order_by("order", "pk")
    )
    return _tasks_table(fmt, f"project-{project.pk}-tasks", tasks)


def _tasks_table(fmt: str, name: str, tasks) -> HttpResponse:
    header = [
        _("Task"),
        _("Client"),
        _("Project"),
        _("Status"),
        _("Owner"),
        _("Area"),
        _("Start"),
        _("Due"),
        _("Estimate (hours)"),
    ]
    rows = (
        [
            str(task),
            task.project.client.name,
            task.project.name,
            task.get_status_display(),
            task.owner.display_name if task.owner else "",
            str(task.area) if task.area else "",
            task.start.isoformat() if task.start else "",
            task.due.isoformat() if task.due else "",
            task.estimate_hours if task.estimate_hours is not None else "",
        ]
        for task in tasks.iterator(chunk_size=2000)
    )
    return table_response(fmt, name, header, rows)


# --- Bulk edit of the list tab ------------------------------------------------


@staff_required("work.change_task")
@button
def tasks_bulk(request: HttpRequest, project_id: int) -> HttpResponse:
    """Change the ticked tasks of the list tab at once (all or none)."""
    project = _project(request, project_id)
    back = reverse("work:project-tasks", args=[project.pk])
    return submit(
        request,
        BulkEditForm(request.POST, project=project, viewer=request.viewer),
        lambda data: services.tasks_bulk_edit(
            actor=request.user, project=project, **data
        ),
        success=lambda changed: (
            ngettext(
                "%(count)d task was changed.",
                "%(count)d tasks were changed.",
                len(changed),
            )
            % {"count": len(changed)}
        ),
        redirect_to=back,
    )
