"""Staff pages of projects and tasks: the list, a new project, the project's
board and list, and the task page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import (
    button,
    form_error_text,
    perform,
    posted,
    reads,
    submit,
    writes,
)
from agencydesk.core.files import download_response
from agencydesk.core.htmx import partial
from agencydesk.core.pagination import paginate
from agencydesk.core.panels import panels_for
from agencydesk.desk.models import Ticket

from . import services
from .forms import (
    BulkEditForm,
    ChecklistForm,
    CommentForm,
    DependencyForm,
    MoveForm,
    ProjectCreateForm,
    ProjectEditForm,
    ProjectFilterForm,
    TaskFileForm,
    TaskForm,
    TicketProjectForm,
    task_initial,
)
from .models import (
    ChecklistItem,
    Milestone,
    Project,
    Task,
    TaskDependency,
    TaskFile,
    TaskStatus,
)
from .selectors import (
    TASK_SORTS,
    project_board,
    project_for_page,
    project_task_list,
    projects_for_list,
    task_comments,
    task_files,
    task_for_page,
    task_history,
    with_task_counts,
)

PROJECT_PAGE = "work/project_detail.html"
TASK_PAGE = "work/task_detail.html"


def _project(request: HttpRequest, project_id: int, action: str = "view") -> Project:
    return access_object(request.viewer, project_for_page(), project_id, action=action)


def _task(request: HttpRequest, task_id: int, action: str = "view") -> Task:
    return access_object(request.viewer, task_for_page(), task_id, action=action)


@staff_required("work.view_project")
@reads
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None, viewer=request.viewer)
    page = paginate(request, projects_for_list(viewer=request.viewer, **form.filters()))
    with_task_counts(page.object_list)
    return render(request, "work/project_list.html", {"form": form, "page": page})


@staff_required("work.add_project")
@writes
def project_create(request: HttpRequest) -> HttpResponse:
    initial = {"owner": request.user, "method": "waterfall"}
    return submit(
        request,
        ProjectCreateForm(**posted(request), initial=initial, viewer=request.viewer),
        lambda data: services.project_create(actor=request.user, **data),
        template="work/project_form.html",
        success=lambda project: (
            _("The project %(name)s was created.") % {"name": project.name}
        ),
        redirect_to=lambda project: project,
    )


@staff_required("work.change_project")
@writes
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, action="change")
    initial = {
        "name": project.name,
        "method": project.method,
        "status": project.status,
        "start": project.start,
        "end": project.end,
        "owner": project.owner,
    }
    return submit(
        request,
        ProjectEditForm(**posted(request), initial=initial, viewer=request.viewer),
        lambda data: services.project_update(
            actor=request.user, project=project, **data
        ),
        template="work/project_form.html",
        context={"project": project},
        success=_("The project was saved."),
        redirect_to=project,
    )


def _board_context(request: HttpRequest, project: Project, **extra) -> dict:
    return {
        "project": project,
        "client": project.client,
        "columns": project_board(project=project),
        "statuses": TaskStatus.choices,
        "tab": "board",
        # Higher apps' blocks (timesheets: the project's budget and burn).
        "panels": panels_for("project", request, project=project),
        **extra,
    }


@staff_required("work.change_project")
@button
def milestone_toggle(
    request: HttpRequest, project_id: int, milestone_id: int
) -> HttpResponse:
    project = _project(request, project_id, action="change")
    milestone = access_object(
        request.viewer, Milestone.objects.filter(project=project), milestone_id
    )
    return perform(
        request,
        lambda: services.milestone_toggle(actor=request.user, milestone=milestone),
        redirect_to=project,
    )


@staff_required("work.view_project")
@reads
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's board: a column per status."""
    project = _project(request, project_id)
    return render(request, PROJECT_PAGE, _board_context(request, project))


@staff_required("work.view_project")
@reads
def project_tasks(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's tasks as a sortable list."""
    project = _project(request, project_id)
    sort = request.GET.get("sort", "due")
    sort = sort if sort.lstrip("-") in TASK_SORTS else "due"
    return render(
        request,
        "work/project_tasks.html",
        {
            "project": project,
            "client": project.client,
            "tasks": project_task_list(project=project, sort=sort),
            "sort": sort,
            "sorts": TASK_SORTS,
            "bulk_form": BulkEditForm(project=project, viewer=request.viewer),
            "statuses": TaskStatus.choices,
            "tab": "list",
        },
    )


@staff_required("work.add_task")
@writes
def task_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id)
    form = TaskForm(**posted(request), project=project, viewer=request.viewer)

    def call(data):
        data.pop("version", None)
        return services.task_create(actor=request.user, project=project, **data)

    return submit(
        request,
        form,
        call,
        template="work/task_form.html",
        context={"project": project, "client": project.client},
        success=_("The task was added."),
        redirect_to=lambda task: task,
    )


@staff_required("work.change_task")
@button
def task_move(request: HttpRequest, task_id: int) -> HttpResponse:
    """A card's move on the board (or the task page's): htmx gets the board
    back, with the refusal on top when there is one; others the page."""
    task = _task(request, task_id, action="change")
    project = task.project

    def board(bound=None) -> dict:
        error = form_error_text(bound) if bound is not None else ""
        return _board_context(request, project, move_error=error)

    return submit(
        request,
        MoveForm(request.POST),
        lambda data: services.task_move(actor=request.user, task=task, **data),
        template=PROJECT_PAGE,
        partial_template="work/partials/board.html",
        context=board,
        form_name="move_form",
        answer=(
            (lambda _moved: render(request, "work/partials/board.html", board()))
            if partial(request)
            else None
        ),
        redirect_to=project,
    )


def _task_context(request: HttpRequest, task: Task, **forms) -> dict:
    context = {
        "task": task,
        "project": task.project,
        "client": task.project.client,
        "history": task_history(viewer=request.viewer, task=task),
        "form": TaskForm(
            initial=task_initial(task), project=task.project, viewer=request.viewer
        ),
        "move_form": MoveForm(initial={"status": task.status, "version": task.version}),
        "dependency_form": DependencyForm(task=task, viewer=request.viewer),
        "checklist_form": ChecklistForm(),
        "statuses": TaskStatus.choices,
        "comments": task_comments(task=task),
        "comment_form": CommentForm(),
        "files": task_files(task=task),
        "file_form": TaskFileForm(),
        # Time, meetings… (higher apps) add their blocks to the task page.
        "panels": panels_for("task", request, task=task),
    }
    context.update(forms)
    return context


@staff_required("work.view_task")
@reads
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id)
    return render(request, TASK_PAGE, _task_context(request, task))


def _task_action(request: HttpRequest, task: Task, form, call, name: str):
    """A form of the task page: a refusal shows the page again with the form
    as typed (422); a success goes back to the task."""
    return submit(
        request,
        form,
        call,
        template=TASK_PAGE,
        context=lambda bound: _task_context(
            request, _task(request, task.pk), **{name: bound}
        ),
        form_name=name,
        redirect_to=task,
    )


@staff_required("work.change_task")
@button
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id, action="change")
    return _task_action(
        request,
        task,
        TaskForm(request.POST, project=task.project, viewer=request.viewer),
        lambda data: services.task_update(actor=request.user, task=task, **data),
        "form",
    )


@staff_required("work.change_task")
@button
def dependency_add(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id, action="change")
    return _task_action(
        request,
        task,
        DependencyForm(request.POST, task=task, viewer=request.viewer),
        lambda data: services.dependency_add(actor=request.user, task=task, **data),
        "dependency_form",
    )


@staff_required("work.change_task")
@button
def dependency_remove(
    request: HttpRequest, task_id: int, dependency_id: int
) -> HttpResponse:
    task = _task(request, task_id, action="change")
    dependency = access_object(
        request.viewer, TaskDependency.objects.filter(task=task), dependency_id
    )
    return perform(
        request,
        lambda: services.dependency_remove(actor=request.user, dependency=dependency),
        redirect_to=task,
    )


@staff_required("work.change_task")
@button
def checklist_add(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id, action="change")
    return _task_action(
        request,
        task,
        ChecklistForm(request.POST),
        lambda data: services.checklist_add(actor=request.user, task=task, **data),
        "checklist_form",
    )


@staff_required("work.change_task")
@button
def checklist_toggle(
    request: HttpRequest, task_id: int, checklist_item_id: int
) -> HttpResponse:
    task = _task(request, task_id, action="change")
    item = access_object(
        request.viewer, ChecklistItem.objects.filter(task=task), checklist_item_id
    )
    return perform(
        request,
        lambda: services.checklist_toggle(actor=request.user, item=item),
        redirect_to=task,
    )


@staff_required("work.change_task")
@button
def task_comment_add(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id, action="change")
    return _task_action(
        request,
        task,
        CommentForm(request.POST),
        lambda data: services.task_comment_add(actor=request.user, task=task, **data),
        "comment_form",
    )


@staff_required("work.change_task")
@button
def task_file_add(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id, action="change")
    return _task_action(
        request,
        task,
        TaskFileForm(request.POST, request.FILES),
        lambda data: services.task_file_add(
            actor=request.user, task=task, upload=data["upload"]
        ),
        "file_form",
    )


@staff_required("work.view_task")
@reads
def task_file_download(
    request: HttpRequest, task_id: int, file_id: int
) -> HttpResponse:
    """A task's file, for whoever may view the task (no separate permission),
    always as a download."""
    task = _task(request, task_id)
    # The task's access is the file's: roles hold no separate file permission.
    stored = get_object_or_404(TaskFile, task=task, pk=file_id)
    return download_response(
        stored.file, filename=stored.filename, content_type=stored.content_type
    )


@staff_required("work.change_project")
@button
def ticket_project(request: HttpRequest, ticket_number: int) -> HttpResponse:
    """The ticket page's "Production goes to project" (a panel of the ticket
    page posts here): errors are flashed, the browser goes back to the ticket."""
    ticket = access_object(
        request.viewer,
        Ticket.objects.select_related("client"),
        ticket_number,
        action="move",
        field_name="number",
    )

    def done(tasks) -> str:
        if tasks:
            return ngettext(
                "The ticket's work goes to the chosen project: %(n)d task was made.",
                "The ticket's work goes to the chosen project: %(n)d tasks were made.",
                len(tasks),
            ) % {"n": len(tasks)}
        return _("The ticket's work goes to the chosen project.")

    return submit(
        request,
        TicketProjectForm(request.POST, viewer=request.viewer),
        lambda data: services.ticket_project_pick(
            actor=request.user, ticket=ticket, project=data["project"]
        ),
        success=done,
        redirect_to=ticket.get_absolute_url(),
    )
