"""Staff pages of client accounts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import posted, reads, submit, writes
from agencydesk.core.pagination import paginate
from agencydesk.core.panels import panels_for
from agencydesk.core.timeline import timeline_entries, timeline_for_client

from . import services
from .forms import ClientFilterForm, ClientForm, CommLogForm, TimelineFilterForm
from .selectors import (
    client_list_for_staff,
    clients_for_page,
    last_contact_for_client,
    materials_for_client,
)


@staff_required("clients.view_client")
@reads
def client_list(request: HttpRequest) -> HttpResponse:
    form = ClientFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    clients = client_list_for_staff(
        viewer=request.viewer,
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        country=filters.get("country", ""),
    )
    page = paginate(request, clients)
    return render(request, "clients/client_list.html", {"page": page, "form": form})


@staff_required("clients.add_client")
@writes
def client_create(request: HttpRequest) -> HttpResponse:
    return submit(
        request,
        ClientForm(**posted(request)),
        lambda data: services.client_create(actor=request.user, **data),
        template="clients/client_form.html",
        success=_("The client account was created."),
        redirect_to=lambda client: client,
    )


def timeline_context(request: HttpRequest, client, *, use_filters: bool = True) -> dict:
    """The timeline block of the client page: filter form, page and entries."""
    form = TimelineFilterForm(request.GET or None if use_filters else None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = timeline_for_client(
        viewer=request.viewer,
        client_id=client.pk,
        kind=filters.get("kind", ""),
        query=filters.get("q", ""),
    )
    page = paginate(request, events)
    return {
        "client": client,
        "page": page,
        "entries": timeline_entries(page.object_list),
        "form": form,
    }


@staff_required("clients.view_client")
@reads
def client_detail(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = access_object(
        request.viewer, clients_for_page(), client_slug, field_name="slug"
    )
    context = timeline_context(request, client)
    if request.htmx:
        return render(request, "clients/partials/timeline.html", context)
    context.update(
        materials=materials_for_client(viewer=request.viewer, client=client),
        last_contact=last_contact_for_client(viewer=request.viewer, client=client),
        comm_form=CommLogForm(),
        panels=panels_for("client", request, client=client),
    )
    return render(request, "clients/client_detail.html", context)
