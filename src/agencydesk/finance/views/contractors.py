"""Contractors: the list, adding and changing one (finance, admins, leads)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import posted, reads, submit, writes
from agencydesk.core.pagination import paginate

from .. import services
from ..forms import ContractorForm
from ..models import EVERY_CONTRACT, Contractor
from ..selectors import contractor_list as select_contractors


@staff_required(EVERY_CONTRACT)
@reads
def contractor_list(request: HttpRequest) -> HttpResponse:
    contractors = select_contractors(viewer=request.viewer)
    return render(
        request,
        "finance/contractor_list.html",
        {"page": paginate(request, contractors)},
    )


@staff_required("finance.add_contractor")
@writes
def contractor_create(request: HttpRequest) -> HttpResponse:
    form = ContractorForm(**posted(request), viewer=request.viewer)
    return submit(
        request,
        form,
        lambda data: services.contractor_create(
            actor=request.user, **form.service_kwargs(creating=True)
        ),
        template="finance/contractor_form.html",
        success=_("The contractor was added."),
        redirect_to="finance:contractor-list",
    )


@staff_required("finance.change_contractor")
@writes
def contractor_edit(request: HttpRequest, contractor_id: int) -> HttpResponse:
    contractor = access_object(
        request.viewer, Contractor, contractor_id, action="change"
    )
    initial = {
        "name": contractor.name,
        "country": contractor.country.code if contractor.country else "",
        "currency": contractor.currency,
        "email": contractor.email,
        "is_active": contractor.is_active,
    }
    form = ContractorForm(**posted(request), viewer=request.viewer, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.contractor_update(
            actor=request.user,
            contractor=contractor,
            **form.service_kwargs(creating=False),
        ),
        template="finance/contractor_form.html",
        context={"contractor": contractor},
        success=_("The contractor was saved."),
        redirect_to="finance:contractor-list",
    )
