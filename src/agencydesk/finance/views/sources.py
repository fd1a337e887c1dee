"""Buttons of a contract's page that make a draft from what the client owes
(a retainer month, approved time, milestones, approved changes); each opens
the draft's page to change it before it is issued."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from agencydesk.core.access import staff_required
from agencydesk.core.actions import button, posted, submit
from agencydesk.core.forms import Form

from .. import services
from ..money_forms import MilestoneInvoiceForm, RetainerInvoiceForm, TimeInvoiceForm
from ..selectors import unbilled_milestones
from .contracts import viewed_contract


def _edit_page(result) -> str:
    invoice = result[0] if isinstance(result, tuple) else result
    return reverse("finance:invoice-edit", args=[invoice.pk])


def _saved(_result) -> str:
    return _("The draft invoice was made; check it and issue it.")


@staff_required("finance.add_invoice")
@button
def from_retainer(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    return submit(
        request,
        RetainerInvoiceForm(**posted(request)),
        lambda data: services.invoice_from_retainer(
            actor=request.user, contract=contract, month=data["month"]
        ),
        success=_saved,
        redirect_to=_edit_page,
        back_to=contract,
    )


@staff_required("finance.add_invoice")
@button
def from_time(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    return submit(
        request,
        TimeInvoiceForm(**posted(request)),
        lambda data: services.invoice_from_time(
            actor=request.user, contract=contract, **data
        ),
        success=_saved,
        redirect_to=_edit_page,
        back_to=contract,
    )


@staff_required("finance.add_invoice")
@button
def from_milestones(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    form = MilestoneInvoiceForm(
        **posted(request), milestones=unbilled_milestones(contract)
    )
    return submit(
        request,
        form,
        lambda data: services.invoice_from_milestones(
            actor=request.user, contract=contract, milestone_ids=data["milestones"]
        ),
        success=_saved,
        redirect_to=_edit_page,
        back_to=contract,
    )


@staff_required("finance.add_invoice")
@button
def add_approved_changes(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    return submit(
        request,
        Form(**posted(request)),
        lambda data: services.invoice_add_approved_changes(
            actor=request.user, contract=contract
        ),
        success=lambda result: (
            _("The approved changes were put on a new draft.")
            if result[1]
            else _("The approved changes were added to the newest draft.")
        ),
        redirect_to=_edit_page,
        back_to=contract,
    )
