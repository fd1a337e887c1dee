"""The rate tables: cost and bill rates, and the exchange rates burn converts
with (finance keeps them)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from agencydesk.core.access import staff_required
from agencydesk.core.actions import posted, submit, writes
from agencydesk.core.pagination import paginate

from .. import services
from ..forms import ExchangeRateForm, RateForm
from ..selectors import exchange_rate_list, rate_list


def _may_add(request: HttpRequest, permission: str) -> bool:
    """Seeing the table is not changing it: a POST without the right is refused."""
    may_add = request.viewer.has_perm(permission)
    if request.method == "POST" and not may_add:
        raise PermissionDenied
    return may_add


@staff_required("timesheets.view_rate")
@writes
def rates(request: HttpRequest) -> HttpResponse:
    may_add = _may_add(request, "timesheets.add_rate")
    form = RateForm(**posted(request), viewer=request.viewer)
    return submit(
        request,
        form,
        lambda data: services.rate_set(actor=request.user, **form.service_kwargs()),
        template="timesheets/rates.html",
        context=lambda form: {
            "page": paginate(request, rate_list()),
            "may_add": may_add,
        },
        success=_("Rate saved."),
        redirect_to="timesheets:rates",
    )


@staff_required("timesheets.view_exchangerate")
@writes
def exchange_rates(request: HttpRequest) -> HttpResponse:
    may_add = _may_add(request, "timesheets.add_exchangerate")
    return submit(
        request,
        ExchangeRateForm(**posted(request), viewer=request.viewer),
        lambda data: services.exchange_rate_set(actor=request.user, **data),
        template="timesheets/exchange_rates.html",
        context=lambda form: {
            "page": paginate(request, exchange_rate_list()),
            "may_add": may_add,
        },
        success=_("Exchange rate saved."),
        redirect_to="timesheets:exchange-rates",
    )
