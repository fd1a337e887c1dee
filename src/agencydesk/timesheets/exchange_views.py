"""The exchange rate table: finance keeps it, burn converts with it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencydesk.core.access import staff_required
from agencydesk.core.errors import DomainError
from agencydesk.core.pagination import paginate

from . import services
from .forms import ExchangeRateForm
from .selectors import exchange_rate_list


@staff_required("timesheets.view_exchangerate")
def exchange_rates(request: HttpRequest) -> HttpResponse:
    form = ExchangeRateForm(request.POST or None, viewer=request.viewer)
    if request.method == "POST":
        if not request.viewer.has_perm("timesheets.add_exchangerate"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.exchange_rate_set(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Exchange rate saved."))
                return redirect("timesheets:exchange-rates")
    context = {"form": form, "page": paginate(request, exchange_rate_list())}
    return render(
        request,
        "timesheets/exchange_rates.html",
        context,
        status=422 if form.errors else 200,
    )
