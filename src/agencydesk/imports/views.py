"""Import pages: the runs, a new upload (checked at once), a run's rows, the
button that imports it, the stored file and the templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes
from agencydesk.core.exports import CONTENT_TYPES, table_response
from agencydesk.core.files import download_response
from agencydesk.core.pagination import paginate
from agencydesk.reports.selectors import mappings_for_client

from . import selectors, services
from .forms import ImportForm, KpiImportForm, ResultsFilterForm
from .kinds import KINDS
from .models import ImportRun

VIEW = "imports.view_importrun"
ADD = services.PERMISSION


@staff_required(VIEW)
@reads
def run_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.runs_for_list())
    return render(request, "imports/list.html", {"page": page})


@staff_required(ADD)
@writes
def run_create(request: HttpRequest) -> HttpResponse:
    kinds = services.kinds_allowed(request.user)
    return submit(
        request,
        ImportForm(**posted(request), kinds=kinds),
        lambda data: services.import_check(
            actor=request.user, kind=data["kind"], upload=data["file"]
        ),
        template="imports/create.html",
        context={"kinds": [KINDS[k] for k in kinds]},
        redirect_to=lambda run: run.get_absolute_url(),
    )


@staff_required()
@reads
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.access_run(request.viewer, run_id)
    filters = ResultsFilterForm(request.GET)
    show = filters.cleaned_data["show"] if filters.is_valid() else ""
    page = paginate(request, selectors.results_shown(run, show), per_page=100)
    return render(
        request,
        "imports/detail.html",
        {
            "run": run,
            "page": page,
            "filters": filters,
            "may_import": services.may_import(request.user, run),
        },
    )


@staff_required()
@button
def run_apply(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.access_run(request.viewer, run_id)
    return perform(
        request,
        lambda: services.import_apply(actor=request.user, run=run),
        redirect_to=run.get_absolute_url(),
        answer=lambda done: _after_import(request, done),
    )


def _after_import(request: HttpRequest, run: ImportRun) -> HttpResponse:
    if run.status == ImportRun.Status.IMPORTED:
        messages.success(
            request,
            ngettext("Imported %(count)d row.", "Imported %(count)d rows.", run.rows)
            % {"count": run.rows},
        )
    else:
        messages.error(
            request,
            ngettext(
                "Nothing was imported: %(count)d row failed.",
                "Nothing was imported: %(count)d rows failed.",
                run.errors,
            )
            % {"count": run.errors},
        )
    return redirect(run.get_absolute_url())


@staff_required()
@reads
def run_file(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.access_run(request.viewer, run_id)
    if not run.file:
        raise Http404
    return download_response(
        run.file,
        filename=run.filename,
        content_type="application/octet-stream",
    )


@staff_required(ADD)
@reads
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in services.kinds_allowed(request.user) or fmt not in CONTENT_TYPES:
        raise Http404
    columns = KINDS[kind].columns
    return table_response(
        fmt,
        f"import-{kind}",
        [c.name for c in columns],
        [[c.example for c in columns]],
    )


@staff_required("reports.add_datapoint")
@writes
def kpi_upload(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = access_object(request.viewer, Client, client_slug, field_name="slug")
    mappings = mappings_for_client(client=client)
    return submit(
        request,
        KpiImportForm(**posted(request), mappings=mappings),
        lambda data: services.kpi_import_check(
            actor=request.user,
            client=client,
            source=data["source"],
            upload=data["file"],
        ),
        template="imports/kpi_create.html",
        context={"client": client, "mappings": mappings},
        redirect_to=lambda run: run.get_absolute_url(),
    )
