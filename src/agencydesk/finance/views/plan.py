"""The plan of a contract: planned invoices (added from the contract's page,
made into invoices), acts and contractor bills (a page each)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, submit, writes

from .. import services
from ..models import Act, ContractorBill, PlannedInvoice
from ..money_forms import ActForm, BillForm, MakeInvoiceForm, PlannedInvoiceForm
from .contracts import viewed_contract

FORM = "finance/money_form.html"


def _planned(request: HttpRequest, planned_id: int, action: str) -> PlannedInvoice:
    rows = PlannedInvoice.objects.select_related("contract__client")
    return access_object(request.viewer, rows, planned_id, action=action)


@staff_required("finance.add_plannedinvoice")
@button
def planned_add(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    return submit(
        request,
        PlannedInvoiceForm(**posted(request)),
        lambda data: services.planned_invoice_create(
            actor=request.user, contract=contract, **data
        ),
        success=_("The invoice was added to the plan."),
        redirect_to=contract,
    )


@staff_required("finance.add_invoice")
@button
def planned_invoice(request: HttpRequest, planned_id: int) -> HttpResponse:
    planned = _planned(request, planned_id, "change")
    return submit(
        request,
        MakeInvoiceForm(**posted(request)),
        lambda data: services.planned_invoice_make_invoice(
            actor=request.user, planned=planned, issue=data["issue"]
        ),
        success=_("The invoice was made from the plan."),
        redirect_to=lambda invoice: invoice,
        back_to=planned.contract,
    )


@staff_required("finance.delete_plannedinvoice")
@button
def planned_delete(request: HttpRequest, planned_id: int) -> HttpResponse:
    planned = _planned(request, planned_id, "delete")
    return perform(
        request,
        lambda: services.planned_invoice_delete(actor=request.user, planned=planned),
        success=_("The line was removed from the plan."),
        redirect_to=planned.contract,
    )


@staff_required("finance.add_act")
@writes
def act_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    today = timezone.localdate()
    form = ActForm(
        **posted(request),
        initial={
            "date": today,
            "period_start": today.replace(day=1),
            "period_end": today,
        },
    )
    return submit(
        request,
        form,
        lambda data: services.act_create(actor=request.user, contract=contract, **data),
        template=FORM,
        context={"contract": contract, "title": _("Add an act")},
        success=_("The act was added."),
        redirect_to=contract,
    )


@staff_required("finance.change_act")
@writes
def act_edit(request: HttpRequest, act_id: int) -> HttpResponse:
    rows = Act.objects.select_related("contract__client", "contract__contractor")
    act = access_object(request.viewer, rows, act_id, action="change")
    initial = {name: getattr(act, name) for name in ActForm.base_fields}
    return submit(
        request,
        ActForm(**posted(request), initial=initial),
        lambda data: services.act_update(actor=request.user, act=act, **data),
        template=FORM,
        context={"contract": act.contract, "title": _("Change the act")},
        success=_("The act was saved."),
        redirect_to=act.contract,
    )


@staff_required("finance.add_contractorbill")
@writes
def bill_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    today = timezone.localdate()
    form = BillForm(**posted(request), initial={"date": today, "due_date": today})
    return submit(
        request,
        form,
        lambda data: services.bill_create(
            actor=request.user, contract=contract, **data
        ),
        template=FORM,
        context={"contract": contract, "title": _("Record a bill to pay")},
        success=_("The bill was recorded."),
        redirect_to=contract,
    )


@staff_required("finance.change_contractorbill")
@writes
def bill_edit(request: HttpRequest, bill_id: int) -> HttpResponse:
    rows = ContractorBill.objects.select_related("contract__contractor")
    bill = access_object(request.viewer, rows, bill_id, action="change")
    initial = {name: getattr(bill, name) for name in BillForm.base_fields}
    return submit(
        request,
        BillForm(**posted(request), initial=initial),
        lambda data: services.bill_update(actor=request.user, bill=bill, **data),
        template=FORM,
        context={"contract": bill.contract, "title": _("Change the bill")},
        success=_("The bill was saved."),
        redirect_to=bill.contract,
    )
