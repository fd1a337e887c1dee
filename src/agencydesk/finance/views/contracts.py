"""Contracts: the list, a contract's page, recording and changing one, its
status and its file in versions."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, posted, reads, submit, writes
from agencydesk.core.files import download_response
from agencydesk.core.pagination import paginate

from .. import services
from ..forms import (
    ContractCreateForm,
    ContractEditForm,
    ContractFileForm,
    ContractFilterForm,
    ContractStatusForm,
)
from ..models import EVERY_CONTRACT, Contract
from ..money_forms import (
    MilestoneInvoiceForm,
    PlannedInvoiceForm,
    RetainerInvoiceForm,
    TimeInvoiceForm,
)
from ..selectors import (
    Billable,
    billable_for,
    contract_files_of,
    contract_for_page,
    contract_money,
    document_list,
    signed_scans_of,
    totals_by_currency,
)
from ..selectors import (
    contract_list as select_contracts,
)


def viewed_contract(
    request: HttpRequest, contract_id: int, action: str = "view"
) -> Contract:
    return access_object(
        request.viewer,
        contract_for_page(viewer=request.viewer),
        contract_id,
        action=action,
    )


@staff_required("finance.view_contract")
@reads
def contract_list(request: HttpRequest) -> HttpResponse:
    form = ContractFilterForm(request.GET or None, viewer=request.viewer)
    contracts = select_contracts(viewer=request.viewer, **form.filters())
    return render(
        request,
        "finance/contract_list.html",
        {
            "form": form,
            "page": paginate(request, contracts),
            "totals": totals_by_currency(contracts),
            "sees_contractors": request.viewer.has_perm(EVERY_CONTRACT),
        },
    )


@staff_required("finance.view_contract")
@reads
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id)
    documents = document_list(viewer=request.viewer, contract_id=contract.pk)
    today = timezone.localdate()
    billable = (
        billable_for(contract)
        if request.viewer.has_perm("finance.add_invoice")
        else Billable()
    )
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    return render(
        request,
        "finance/contract_detail.html",
        {
            "billable": billable,
            "retainer_form": RetainerInvoiceForm(months=billable.retainers),
            "time_form": TimeInvoiceForm(
                initial={"first": last_month_end.replace(day=1), "last": last_month_end}
            ),
            "milestone_form": MilestoneInvoiceForm(milestones=billable.milestones),
            "contract": contract,
            "documents": documents,
            "scans": list(
                signed_scans_of(viewer=request.viewer, contract_id=contract.pk)
            ),
            "money": contract_money(contract, today),
            "today": today,
            "plan_form": PlannedInvoiceForm(initial={"planned_date": today}),
            "status_form": ContractStatusForm(),
            "file_form": ContractFileForm(),
        },
    )


@staff_required("finance.add_contract")
@writes
def contract_create(request: HttpRequest) -> HttpResponse:
    form = ContractCreateForm(**posted(request), viewer=request.viewer)

    def create(data: dict) -> Contract:
        data = dict(data)
        return services.contract_create(
            actor=request.user, upload=data.pop("file"), **data
        )

    return submit(
        request,
        form,
        create,
        template="finance/contract_form.html",
        success=_("The contract was recorded."),
        redirect_to=lambda contract: contract,
    )


@staff_required("finance.change_contract")
@writes
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    initial = {
        name: getattr(contract, name)
        for name in ContractEditForm.base_fields
        if name != "projects"
    }
    initial["projects"] = [p.pk for p in contract.projects.all()]
    form = ContractEditForm(
        **posted(request), initial=initial, viewer=request.viewer, contract=contract
    )
    return submit(
        request,
        form,
        lambda data: services.contract_update(
            actor=request.user, contract=contract, **data
        ),
        template="finance/contract_form.html",
        context={"contract": contract},
        success=_("The contract was saved."),
        redirect_to=contract,
    )


@staff_required("finance.change_contract")
@button
def contract_status(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    return submit(
        request,
        ContractStatusForm(**posted(request)),
        lambda data: services.contract_set_status(
            actor=request.user, contract=contract, status=data["status"]
        ),
        success=_("The contract's status was changed."),
        redirect_to=contract,
    )


@staff_required("finance.change_contract")
@button
def contract_file_add(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    return submit(
        request,
        ContractFileForm(**posted(request)),
        lambda data: services.contract_add_file(
            actor=request.user,
            contract=contract,
            upload=data["file"],
            note=data["note"],
        ),
        success=_("The new version was uploaded."),
        redirect_to=contract,
    )


@staff_required("finance.view_contract")
@reads
def contract_file_download(
    request: HttpRequest, contract_id: int, file_id: int
) -> HttpResponse:
    files = contract_files_of(viewer=request.viewer, contract_id=contract_id)
    version = access_object(request.viewer, files, file_id)
    return download_response(
        version.file, filename=version.filename, content_type=version.content_type
    )


@staff_required("finance.view_contract")
@reads
def scan_download(request: HttpRequest, contract_id: int, scan_id: int) -> HttpResponse:
    """A signed scan the client sent from the portal."""
    scans = signed_scans_of(viewer=request.viewer, contract_id=contract_id)
    scan = access_object(request.viewer, scans, scan_id)
    return download_response(
        scan.file, filename=scan.filename, content_type=scan.content_type
    )
