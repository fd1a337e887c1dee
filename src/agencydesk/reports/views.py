"""KPI pages: a client's KPIs with their latest values and target, adding and
changing one, a value typed in, the push address; the metric catalogue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes

from . import selectors, services
from .forms import KpiChangeForm, KpiForm, PointForm
from .models import Kpi


def _client(request: HttpRequest, slug: str) -> Client:
    return access_object(request.viewer, Client, slug, field_name="slug")


@staff_required("reports.view_kpi")
@reads
def kpi_list(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    lines = selectors.kpi_lines_for_client(viewer=request.viewer, client=client)
    manage = selectors.kpis_manageable(actor=request.user, client_id=client.pk)
    push = None
    if manage:
        token, secret = selectors.push_address(client=client)
        push = {
            "url": request.build_absolute_uri(reverse("api-v1:kpi_push", args=[token])),
            "secret": secret,
        }
    return render(
        request,
        "reports/kpi_list.html",
        {
            "client": client,
            "lines": lines,
            "manage": manage,
            "push": push,
            "point_form": PointForm(kpis=Kpi.objects.filter(client=client))
            if manage
            else None,
        },
    )


@staff_required("reports.add_kpi")
@writes
def kpi_create(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return submit(
        request,
        KpiForm(**posted(request)),
        lambda data: services.kpi_create(actor=request.user, client=client, **data),
        template="reports/kpi_form.html",
        context={"client": client},
        success=_("The KPI is added."),
        redirect_to=lambda kpi: kpi.get_absolute_url(),
    )


@staff_required("reports.change_kpi")
@writes
def kpi_update(request: HttpRequest, client_slug: str, kpi_id: int) -> HttpResponse:
    client = _client(request, client_slug)
    kpi = access_object(
        request.viewer,
        Kpi.objects.filter(client=client).select_related("metric", "client"),
        kpi_id,
        action="change",
    )
    initial = {"target": kpi.target, "source": kpi.source}
    return submit(
        request,
        KpiChangeForm(**posted(request), initial=initial),
        lambda data: services.kpi_update(actor=request.user, kpi=kpi, **data),
        template="reports/kpi_form.html",
        context={"client": client, "kpi": kpi},
        success=_("The KPI is saved."),
        redirect_to=lambda kpi: kpi.get_absolute_url(),
    )


@staff_required("reports.add_datapoint")
@writes
def point_add(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    kpis = Kpi.objects.visible_to(request.viewer).filter(client=client)
    return submit(
        request,
        PointForm(**posted(request), kpis=kpis),
        lambda data: services.data_point_set(actor=request.user, **data),
        template="reports/point_form.html",
        context={"client": client},
        success=_("The value is saved."),
        redirect_to=reverse("reports:kpi-list", args=[client.slug]),
    )


@staff_required("reports.change_kpi")
@button
def push_renew(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return perform(
        request,
        lambda: services.push_address_renew(actor=request.user, client=client),
        redirect_to=reverse("reports:kpi-list", args=[client.slug]),
        success=_("A new push address is made; the old one no longer works."),
    )


@staff_required("reports.view_metric")
@reads
def metric_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/metric_list.html",
        {"metrics": list(selectors.metric_catalogue())},
    )
