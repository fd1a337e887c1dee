"""Staff pages of statements of work, the scope meter and change requests."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes
from agencydesk.core.pagination import paginate
from agencydesk.desk.models import Ticket

from . import services
from .models import ChangeRequest, Project, Sow, SowLine
from .scope_forms import (
    ChangeRequestFilterForm,
    ChangeRequestForm,
    ChangeRequestLineForm,
    ContactChoiceForm,
    LineForm,
    SowCreateForm,
    SowEditForm,
    SowFilterForm,
    change_request_initial,
)
from .scope_selectors import (
    change_request_for_page,
    change_requests_for_list,
    scope_meter,
    sow_for_page,
    sows_for_list,
    today_for,
)

SOW_PAGE = "work/scope/sow_detail.html"
CR_PAGE = "work/scope/change_request_detail.html"


def _sow(request: HttpRequest, sow_id: int, action: str = "view") -> Sow:
    return access_object(request.viewer, sow_for_page(), sow_id, action=action)


def _cr(request: HttpRequest, cr_id: int, action: str = "view") -> ChangeRequest:
    return access_object(
        request.viewer, change_request_for_page(), cr_id, action=action
    )


@staff_required("work.view_sow")
@reads
def sow_list(request: HttpRequest) -> HttpResponse:
    form = SowFilterForm(request.GET or None, viewer=request.viewer)
    page = paginate(request, sows_for_list(viewer=request.viewer, **form.filters()))
    return render(request, "work/scope/sow_list.html", {"form": form, "page": page})


def _create(request: HttpRequest, project: Project | None) -> HttpResponse:
    form = SowCreateForm(
        **posted(request),
        viewer=request.viewer,
        initial={"client": project.client if project else None},
    )
    if project is not None:
        form.fields.pop("client")

    def call(data):
        client = project.client if project is not None else data.pop("client")
        return services.sow_create(
            actor=request.user, client=client, project=project, **data
        )

    return submit(
        request,
        form,
        call,
        template="work/scope/sow_form.html",
        context={"project": project},
        success=_("The statement of work was drafted."),
        redirect_to=lambda sow: sow,
    )


@staff_required("work.add_sow")
@writes
def sow_create(request: HttpRequest) -> HttpResponse:
    return _create(request, None)


@staff_required("work.add_sow")
@writes
def sow_create_for_project(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_object(
        request.viewer, Project.objects.select_related("client"), project_id
    )
    return _create(request, project)


def _sow_context(request: HttpRequest, sow: Sow, **forms) -> dict:
    context = {
        "sow": sow,
        "client": sow.client,
        "line_form": LineForm(),
        "send_form": ContactChoiceForm(client=sow.client),
        "change_requests": list(
            sow.change_requests.order_by("-created_at", "-pk")[:20]
        ),
    }
    context.update(forms)
    return context


@staff_required("work.view_sow")
@reads
def sow_detail(request: HttpRequest, sow_id: int) -> HttpResponse:
    sow = _sow(request, sow_id)
    return render(request, SOW_PAGE, _sow_context(request, sow))


@staff_required("work.change_sow")
@writes
def sow_edit(request: HttpRequest, sow_id: int) -> HttpResponse:
    sow = _sow(request, sow_id, action="change")
    initial = {
        "title": sow.title,
        "exclusions": sow.exclusions,
        "phase_two": sow.phase_two,
    }
    return submit(
        request,
        SowEditForm(**posted(request), initial=initial),
        lambda data: services.sow_update(actor=request.user, sow=sow, **data),
        template="work/scope/sow_form.html",
        context={"sow": sow, "project": sow.project},
        success=_("The statement of work was saved."),
        redirect_to=sow,
    )


def _sow_action(request, sow, form, call, name):
    return submit(
        request,
        form,
        call,
        template=SOW_PAGE,
        context=lambda bound: _sow_context(
            request, _sow(request, sow.pk), **{name: bound}
        ),
        form_name=name,
        redirect_to=sow,
    )


@staff_required("work.change_sow")
@button
def sow_line_add(request: HttpRequest, sow_id: int) -> HttpResponse:
    sow = _sow(request, sow_id, action="change")
    return _sow_action(
        request,
        sow,
        LineForm(request.POST),
        lambda data: services.sow_line_add(actor=request.user, sow=sow, **data),
        "line_form",
    )


@staff_required("work.change_sow")
@button
def sow_line_remove(request: HttpRequest, sow_id: int, line_id: int) -> HttpResponse:
    sow = _sow(request, sow_id, action="change")
    line = access_object(request.viewer, SowLine.objects.filter(sow=sow), line_id)
    return perform(
        request,
        lambda: services.sow_line_remove(actor=request.user, line=line),
        redirect_to=sow,
    )


@staff_required("work.change_sow")
@button
def sow_send(request: HttpRequest, sow_id: int) -> HttpResponse:
    sow = _sow(request, sow_id, action="change")
    return _sow_action(
        request,
        sow,
        ContactChoiceForm(request.POST, client=sow.client),
        lambda data: services.sow_send(actor=request.user, sow=sow, **data),
        "send_form",
    )


@staff_required("work.add_sow")
@button
def sow_new_version(request: HttpRequest, sow_id: int) -> HttpResponse:
    sow = _sow(request, sow_id, action="add")
    return perform(
        request,
        lambda: services.sow_new_version(actor=request.user, sow=sow),
        success=_("A new draft version was made."),
        redirect_to=sow,
        answer=lambda new: redirect(new),
    )


@staff_required("work.view_sow")
@reads
def sow_meter(request: HttpRequest, sow_id: int) -> HttpResponse:
    """Delivered vs contracted per line, in the periods holding ``on``."""
    sow = _sow(request, sow_id)
    try:
        on = date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        on = today_for(sow.client)
    rows = scope_meter(sow=sow, on=on)
    return render(
        request,
        "work/scope/sow_meter.html",
        {"sow": sow, "client": sow.client, "rows": rows, "on": on},
    )


@staff_required("work.view_changerequest")
@reads
def change_request_list(request: HttpRequest) -> HttpResponse:
    form = ChangeRequestFilterForm(request.GET or None, viewer=request.viewer)
    requests = change_requests_for_list(viewer=request.viewer, **form.filters())
    page = paginate(request, requests)
    return render(
        request, "work/scope/change_request_list.html", {"form": form, "page": page}
    )


@staff_required("work.add_changerequest")
@writes
def change_request_create(request: HttpRequest, sow_id: int) -> HttpResponse:
    sow = _sow(request, sow_id)
    return submit(
        request,
        ChangeRequestForm(**posted(request), project=sow.project),
        lambda data: services.change_request_create(
            actor=request.user, client=sow.client, sow=sow, **data
        ),
        template="work/scope/change_request_form.html",
        context={"sow": sow, "client": sow.client},
        success=_("The change request was drafted."),
        redirect_to=lambda cr: cr,
    )


def _cr_context(request: HttpRequest, cr: ChangeRequest, **forms) -> dict:
    context = {
        "cr": cr,
        "client": cr.client,
        "line_form": ChangeRequestLineForm(sow=cr.sow),
        "send_form": ContactChoiceForm(client=cr.client),
    }
    context.update(forms)
    return context


@staff_required("work.view_changerequest")
@reads
def change_request_detail(request: HttpRequest, cr_id: int) -> HttpResponse:
    cr = _cr(request, cr_id)
    return render(request, CR_PAGE, _cr_context(request, cr))


@staff_required("work.change_changerequest")
@writes
def change_request_edit(request: HttpRequest, cr_id: int) -> HttpResponse:
    cr = _cr(request, cr_id, action="change")
    return submit(
        request,
        ChangeRequestForm(
            **posted(request), initial=change_request_initial(cr), project=cr.project
        ),
        lambda data: services.change_request_update(
            actor=request.user, change_request=cr, **data
        ),
        template="work/scope/change_request_form.html",
        context={"cr": cr, "client": cr.client},
        success=_("The change request was saved."),
        redirect_to=cr,
    )


def _cr_action(request, cr, form, call, name):
    return submit(
        request,
        form,
        call,
        template=CR_PAGE,
        context=lambda bound: _cr_context(
            request, _cr(request, cr.pk), **{name: bound}
        ),
        form_name=name,
        redirect_to=cr,
    )


@staff_required("work.change_changerequest")
@button
def change_request_line_add(request: HttpRequest, cr_id: int) -> HttpResponse:
    cr = _cr(request, cr_id, action="change")
    return _cr_action(
        request,
        cr,
        ChangeRequestLineForm(request.POST, sow=cr.sow),
        lambda data: services.change_request_line_add(
            actor=request.user, change_request=cr, **data
        ),
        "line_form",
    )


@staff_required("work.change_changerequest")
@button
def change_request_send(request: HttpRequest, cr_id: int) -> HttpResponse:
    cr = _cr(request, cr_id, action="change")
    return _cr_action(
        request,
        cr,
        ContactChoiceForm(request.POST, client=cr.client),
        lambda data: services.change_request_send(
            actor=request.user, change_request=cr, **data
        ),
        "send_form",
    )


@staff_required("work.change_changerequest")
@button
def change_request_withdraw(request: HttpRequest, cr_id: int) -> HttpResponse:
    cr = _cr(request, cr_id, action="change")
    return perform(
        request,
        lambda: services.change_request_withdraw(actor=request.user, change_request=cr),
        success=_("The change request was withdrawn."),
        redirect_to=cr,
    )


@staff_required("work.add_changerequest")
@button
def ticket_out_of_scope(request: HttpRequest, ticket_number: int) -> HttpResponse:
    """The ticket page's "Out of scope" button: a draft change request."""
    ticket = access_object(
        request.viewer,
        Ticket.objects.select_related("client"),
        ticket_number,
        field_name="number",
    )
    return perform(
        request,
        lambda: services.ticket_out_of_scope(actor=request.user, ticket=ticket),
        success=_("A draft change request was opened from the ticket."),
        redirect_to=ticket.get_absolute_url(),
        answer=lambda cr: redirect(cr),
    )
