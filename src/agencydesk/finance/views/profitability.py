"""Profitability with money: planning's time cost beside invoiced, paid and
contractor costs per client, and the agency's totals in its base currency."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from agencydesk.core.access import require, staff_required
from agencydesk.core.actions import reads
from agencydesk.core.pagination import paginate
from agencydesk.timesheets.weeks import next_month, parse_month

from ..exports import profitability_response
from ..forms import ProfitabilityForm
from ..models import EVERY_CONTRACT
from ..selectors import profitability_with_money

# Who sees planning's profitability report (time rates) and the invoices.
SEES_RATES = "timesheets.view_rate"
SEES_MONEY = "finance.view_invoice"


@staff_required(SEES_RATES)
@reads
def profitability(request: HttpRequest) -> HttpResponse:
    require(request.viewer, SEES_MONEY)
    form = ProfitabilityForm(request.GET or None, viewer=request.viewer)
    data = form.cleaned_data if form.is_valid() else {}
    month = parse_month(data.get("month", "")) or timezone.localdate().replace(day=1)
    client, manager = data.get("client"), data.get("manager")
    view = profitability_with_money(
        viewer=request.viewer,
        first=month,
        last=next_month(month) - timedelta(days=1),
        client_id=client.pk if client else None,
        manager_id=manager.pk if manager else None,
    )
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return profitability_response(fmt, view)
    return render(
        request,
        "finance/profitability.html",
        {
            "form": form,
            "month": month,
            "view": view,
            "page": paginate(request, view.rows),
            "sees_contractors": request.viewer.has_perm(EVERY_CONTRACT),
        },
    )
