"""Staff pages of deliverables and approvals: add a deliverable to a task,
upload a version, send for approval, withdraw a round, open a version's file,
and the list of approvals waiting on clients (/work/approvals/)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencydesk.clients.selectors import clients_managed_by
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes
from agencydesk.core.files import download_response
from agencydesk.core.pagination import paginate

from . import services
from .approvals_forms import (
    ApprovalFilterForm,
    DeliverableForm,
    SendForm,
    VersionForm,
)
from .approvals_selectors import mark_overdue, rounds_for_desk
from .models import ApprovalRound, Deliverable, DeliverableVersion, Task

PERM = "work.send_for_approval"


def _deliverable(request: HttpRequest, deliverable_id: int) -> Deliverable:
    return access_object(
        request.viewer,
        Deliverable.objects.select_related("task__project__client"),
        deliverable_id,
    )


def _page(deliverable_or_task, title: str) -> dict:
    task = getattr(deliverable_or_task, "task", deliverable_or_task)
    return {
        "task": task,
        "project": task.project,
        "client": task.project.client,
        "deliverable": deliverable_or_task if task is not deliverable_or_task else None,
        "title": title,
    }


@staff_required(PERM)
@writes
def deliverable_create(request: HttpRequest, task_id: int) -> HttpResponse:
    task = access_object(
        request.viewer, Task.objects.select_related("project__client"), task_id
    )
    return submit(
        request,
        DeliverableForm(**posted(request), task=task, viewer=request.viewer),
        lambda data: services.deliverable_create(actor=request.user, task=task, **data),
        template="work/approvals/form.html",
        context=_page(task, _("New deliverable")),
        success=_("The deliverable was added."),
        redirect_to=task,
    )


@staff_required(PERM)
@writes
def version_add(request: HttpRequest, deliverable_id: int) -> HttpResponse:
    deliverable = _deliverable(request, deliverable_id)
    return submit(
        request,
        VersionForm(**posted(request)),
        lambda data: services.version_add(
            actor=request.user, deliverable=deliverable, **data
        ),
        template="work/approvals/form.html",
        context=_page(deliverable, _("New version")),
        success=lambda version: (
            _("Version %(number)d was added.") % {"number": version.number}
        ),
        redirect_to=deliverable.task,
    )


@staff_required(PERM)
@writes
def approval_send(request: HttpRequest, deliverable_id: int) -> HttpResponse:
    deliverable = _deliverable(request, deliverable_id)
    client_id = deliverable.task.project.client_id
    return submit(
        request,
        SendForm(**posted(request), client_id=client_id, viewer=request.viewer),
        lambda data: services.approval_send(
            actor=request.user, deliverable=deliverable, **data
        ),
        template="work/approvals/form.html",
        context=_page(deliverable, _("Send for approval")),
        success=lambda round_: (
            _("Round %(number)d was sent for approval.") % {"number": round_.number}
        ),
        redirect_to=deliverable.task,
    )


@staff_required(PERM)
@button
def approval_withdraw(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = access_object(
        request.viewer,
        ApprovalRound.objects.select_related("deliverable__task"),
        round_id,
    )
    return perform(
        request,
        lambda: services.approval_withdraw(actor=request.user, round=round_),
        success=_("The request for approval was withdrawn."),
        redirect_to=round_.deliverable.task,
    )


@staff_required("work.view_task")
@reads
def version_download(request: HttpRequest, version_id: int) -> HttpResponse:
    version = access_object(request.viewer, DeliverableVersion, version_id)
    if not version.filename:
        raise Http404
    return download_response(
        version.file, filename=version.filename, content_type=version.content_type
    )


@staff_required("work.view_task")
@reads
def approval_list(request: HttpRequest) -> HttpResponse:
    """Rounds waiting on clients (overdue ones marked), or decided ones; of
    every client the viewer sees or only of those they manage."""
    form = ApprovalFilterForm(request.GET or None, viewer=request.viewer)
    filters = form.filters()
    state = filters.get("state", "waiting")
    mine = None
    if filters.get("mine"):
        mine = [client.pk for client in clients_managed_by(viewer=request.viewer)]
    rounds = rounds_for_desk(
        viewer=request.viewer,
        client=filters.get("client"),
        client_ids=mine,
        state=state,
    )
    page = paginate(request, rounds)
    mark_overdue(page.object_list)
    return render(
        request,
        "work/approvals/list.html",
        {"form": form, "page": page, "state": state},
    )
