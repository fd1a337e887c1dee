"""/invoices, /payments, /acts and /bills: finance's money through the same
selectors and services as the pages (who sees which client's invoices, the
gap-free numbers, currency and over-payment refusals are theirs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Header, Query, Router, Status

from agencydesk.core.access import access_object, require
from agencydesk.finance import selectors, services
from agencydesk.finance.models import Act, ContractorBill, Invoice, Payment
from agencydesk.finance.pdf import invoice_pdf_response

from ..auth import FINANCE_READ, FINANCE_WRITE
from ..pagination import cursor_page
from ..schemas.billing import (
    ActFilter,
    ActIn,
    ActOut,
    ActPage,
    ActPatch,
    ApprovedChangesIn,
    BillFilter,
    BillIn,
    BillOut,
    BillPage,
    BillPatch,
    CreditNoteIn,
    FromMilestonesIn,
    FromRetainerIn,
    FromTimeIn,
    InvoiceFilter,
    InvoiceIn,
    InvoiceOut,
    InvoicePage,
    InvoicePatch,
    IssueIn,
    PaymentFilter,
    PaymentIn,
    PaymentOut,
    PaymentPage,
    ReverseIn,
)
from ..schemas.common import ERRORS
from ..services import idempotent_create
from ._shared import SYNC_ORDERINGS, client_filter

invoices = Router(tags=["finance"])
payments = Router(tags=["finance"])
acts = Router(tags=["finance"])
bills = Router(tags=["finance"])


def _client_id(request: HttpRequest, slug: str) -> int | None:
    """A client the person cannot see (or "internal": finance has no
    internal money) lists nothing rather than everything."""
    found = client_filter(request.viewer, slug)
    if "internal" in found:
        return 0
    return found.get("client_id")  # type: ignore[return-value]


def _page(rows, filters, ordering=None) -> dict[str, Any]:
    items, cursor = cursor_page(
        rows,
        ordering=ordering or SYNC_ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


def _contract(request: HttpRequest, contract_id: int):
    rows = selectors.contract_for_page(viewer=request.viewer)
    return access_object(request.viewer, rows, contract_id, action="change")


def _invoice(request: HttpRequest, invoice_id: int, action: str = "view") -> Invoice:
    rows = selectors.invoice_for_page(viewer=request.viewer)
    return access_object(request.viewer, rows, invoice_id, action=action)


@invoices.get("", response={200: InvoicePage, **ERRORS}, auth=FINANCE_READ)
def invoice_list(request: HttpRequest, filters: Query[InvoiceFilter]) -> Any:
    """Invoices and credit notes the person may see."""
    require(request.viewer, "finance.view_invoice")
    rows = selectors.invoice_list(
        viewer=request.viewer,
        status=filters.status,
        kind=filters.kind,
        client_id=_client_id(request, filters.client),
        contract_id=filters.contract,
        overdue=filters.overdue,
        date_from=filters.issued_from,
        date_to=filters.issued_to,
        updated_since=filters.updated_since,
    ).prefetch_related("lines")
    return _page(rows, filters)


@invoices.get(
    "/{int:invoice_id}", response={200: InvoiceOut, **ERRORS}, auth=FINANCE_READ
)
def invoice_get(request: HttpRequest, invoice_id: int) -> Invoice:
    """One invoice with its lines."""
    require(request.viewer, "finance.view_invoice")
    return _invoice(request, invoice_id)


PDF_RESPONSE = {
    "200": {
        "description": "The invoice as a PDF, in its client's language.",
        "content": {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}}
        },
    }
}


@invoices.get(
    "/{int:invoice_id}/pdf",
    response={**ERRORS},
    auth=FINANCE_READ,
    openapi_extra={"responses": PDF_RESPONSE},
)
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """The invoice as a PDF (a draft is a preview marked "Draft"): whoever
    may read the invoice may read its PDF."""
    require(request.viewer, "finance.view_invoice")
    rows = selectors.invoice_for_pdf(viewer=request.viewer)
    return invoice_pdf_response(access_object(request.viewer, rows, invoice_id))


@invoices.post("", response={201: InvoiceOut, **ERRORS}, auth=FINANCE_WRITE)
def invoice_create(request: HttpRequest, payload: InvoiceIn) -> Any:
    """A draft invoice of a client contract; it is numbered when issued."""
    require(request.viewer, "finance.add_invoice")
    data = payload.model_dump()
    contract = _contract(request, data.pop("contract"))
    invoice = services.invoice_create(actor=request.user, contract=contract, **data)
    return Status(201, _invoice(request, invoice.pk))


@invoices.patch(
    "/{int:invoice_id}", response={200: InvoiceOut, **ERRORS}, auth=FINANCE_WRITE
)
def invoice_update(request: HttpRequest, invoice_id: int, payload: InvoicePatch) -> Any:
    """Change a draft (the service of the page's "Change the draft"): lines
    (replaced whole), tax rate, note, deposit mark. An issued invoice is
    refused (``invoice_issued``): a credit note corrects it."""
    require(request.viewer, "finance.change_invoice")
    invoice = _invoice(request, invoice_id, "change")
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("lines") is None:
        changes.pop("lines", None)
    for name in ("tax_rate", "note", "is_deposit"):
        if name in changes and changes[name] is None:
            changes.pop(name)
    services.invoice_update(actor=request.user, invoice=invoice, **changes)
    return _invoice(request, invoice_id)


def _from_source(
    request: HttpRequest,
    key: str,
    payload: Any,
    make: Callable[[Any], Any],
) -> JsonResponse:
    """A draft made by a source service from the payload's contract, answered
    201 with the invoice; with an ``Idempotency-Key`` a retry makes no second
    one (it gets the first answer)."""
    require(request.viewer, "finance.add_invoice")

    def create() -> tuple[int, Any]:
        contract = _contract(request, payload.contract)
        made = make(contract)
        invoice, status = made if isinstance(made, tuple) else (made, True)
        body = InvoiceOut.from_orm(_invoice(request, invoice.pk)).model_dump(
            mode="json"
        )
        return (201 if status else 200), body

    status, body = idempotent_create(
        actor=request.user,
        key=key,
        payload=payload.model_dump(mode="json"),
        create=create,
    )
    return JsonResponse(body, status=status)


IDEMPOTENCY = Header("", alias="Idempotency-Key", max_length=255)


@invoices.post(
    "/from-retainer", response={201: InvoiceOut, **ERRORS}, auth=FINANCE_WRITE
)
def invoice_from_retainer(
    request: HttpRequest, payload: FromRetainerIn, idempotency_key: str = IDEMPOTENCY
) -> Any:
    """A draft billing the client's retainer of a month, once per month
    (approved changes not yet invoiced join it)."""
    return _from_source(
        request,
        idempotency_key,
        payload,
        lambda contract: services.invoice_from_retainer(
            actor=request.user, contract=contract, month=payload.month
        ),
    )


@invoices.post("/from-time", response={201: InvoiceOut, **ERRORS}, auth=FINANCE_WRITE)
def invoice_from_time(
    request: HttpRequest, payload: FromTimeIn, idempotency_key: str = IDEMPOTENCY
) -> Any:
    """A draft billing approved, not yet invoiced time of the period (time
    and materials); time at a rate in another currency refuses the whole."""
    return _from_source(
        request,
        idempotency_key,
        payload,
        lambda contract: services.invoice_from_time(
            actor=request.user,
            contract=contract,
            first=payload.first,
            last=payload.last,
            group_by=payload.group_by,
        ),
    )


@invoices.post(
    "/from-milestones", response={201: InvoiceOut, **ERRORS}, auth=FINANCE_WRITE
)
def invoice_from_milestones(
    request: HttpRequest, payload: FromMilestonesIn, idempotency_key: str = IDEMPOTENCY
) -> Any:
    """A draft billing reached, priced milestones of the contract's projects,
    each once."""
    return _from_source(
        request,
        idempotency_key,
        payload,
        lambda contract: services.invoice_from_milestones(
            actor=request.user, contract=contract, milestone_ids=payload.milestones
        ),
    )


@invoices.post(
    "/approved-changes",
    response={200: InvoiceOut, 201: InvoiceOut, **ERRORS},
    auth=FINANCE_WRITE,
)
def invoice_approved_changes(
    request: HttpRequest, payload: ApprovedChangesIn, idempotency_key: str = IDEMPOTENCY
) -> Any:
    """Put the approved change requests not yet invoiced on a draft: the one
    named, else the contract's newest (200), else a new one (201)."""

    def make(contract):
        draft = None
        if payload.invoice is not None:
            draft = _invoice(request, payload.invoice, "change")
        return services.invoice_add_approved_changes(
            actor=request.user, contract=contract, invoice=draft
        )

    return _from_source(request, idempotency_key, payload, make)


@invoices.post(
    "/{int:invoice_id}/issue",
    response={200: InvoiceOut, **ERRORS},
    auth=FINANCE_WRITE,
)
def invoice_issue(request: HttpRequest, invoice_id: int, payload: IssueIn) -> Any:
    """Issue a draft: its gap-free number, issue and due dates; final."""
    require(request.viewer, "finance.change_invoice")
    invoice = _invoice(request, invoice_id, "change")
    services.invoice_issue(
        actor=request.user, invoice=invoice, issue_date=payload.issue_date
    )
    return _invoice(request, invoice_id)


@invoices.post(
    "/{int:invoice_id}/credit-note",
    response={201: InvoiceOut, **ERRORS},
    auth=FINANCE_WRITE,
)
def credit_note_create(
    request: HttpRequest, invoice_id: int, payload: CreditNoteIn
) -> Any:
    """Cancel an issued invoice by a credit note (returned)."""
    require(request.viewer, "finance.add_invoice")
    invoice = _invoice(request, invoice_id, "change")
    note = services.credit_note_create(
        actor=request.user,
        invoice=invoice,
        reason=payload.reason,
        issue_date=payload.issue_date,
    )
    return Status(201, _invoice(request, note.pk))


@payments.get("", response={200: PaymentPage, **ERRORS}, auth=FINANCE_READ)
def payment_list(request: HttpRequest, filters: Query[PaymentFilter]) -> Any:
    """Payments, newest recorded first (reversed ones included, marked)."""
    require(request.viewer, "finance.view_payment")
    rows = selectors.payment_list(
        viewer=request.viewer,
        invoice_id=filters.invoice,
        client_id=_client_id(request, filters.client),
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    return _page(rows, filters, ordering=SYNC_ORDERINGS["created"])


def _payment(request: HttpRequest, payment_id: int, action: str = "view") -> Payment:
    rows = Payment.objects.select_related("invoice")
    return access_object(request.viewer, rows, payment_id, action=action)


@payments.post("", response={201: PaymentOut, **ERRORS}, auth=FINANCE_WRITE)
def payment_create(request: HttpRequest, payload: PaymentIn) -> Any:
    """Record a payment in the invoice's currency, never more than is due."""
    require(request.viewer, "finance.add_payment")
    data = payload.model_dump()
    invoice = _invoice(request, data.pop("invoice"), "change")
    payment = services.payment_record(actor=request.user, invoice=invoice, **data)
    return Status(201, payment)


@payments.post(
    "/{int:payment_id}/reverse",
    response={200: PaymentOut, **ERRORS},
    auth=FINANCE_WRITE,
)
def payment_reverse(request: HttpRequest, payment_id: int, payload: ReverseIn) -> Any:
    """Reverse a payment (kept on record); its invoice is due again."""
    require(request.viewer, "finance.change_payment")
    payment = _payment(request, payment_id, "change")
    return services.payment_reverse(
        actor=request.user, payment=payment, reason=payload.reason
    )


@acts.get("", response={200: ActPage, **ERRORS}, auth=FINANCE_READ)
def act_list(request: HttpRequest, filters: Query[ActFilter]) -> Any:
    """Acts (completion certificates) the person may see."""
    require(request.viewer, "finance.view_act")
    rows = selectors.act_list(
        viewer=request.viewer,
        contract_id=filters.contract,
        client_id=_client_id(request, filters.client),
        status=filters.status,
        updated_since=filters.updated_since,
    )
    return _page(rows, filters)


def _act(request: HttpRequest, act_id: int, action: str = "view") -> Act:
    rows = selectors.act_list(viewer=request.viewer)
    return access_object(request.viewer, rows, act_id, action=action)


@acts.get("/{int:act_id}", response={200: ActOut, **ERRORS}, auth=FINANCE_READ)
def act_get(request: HttpRequest, act_id: int) -> Act:
    require(request.viewer, "finance.view_act")
    return _act(request, act_id)


@acts.post("", response={201: ActOut, **ERRORS}, auth=FINANCE_WRITE)
def act_create(request: HttpRequest, payload: ActIn) -> Any:
    """Close the works of a period with an act."""
    require(request.viewer, "finance.add_act")
    data = payload.model_dump(exclude_none=True)
    contract = _contract(request, data.pop("contract"))
    act = services.act_create(actor=request.user, contract=contract, **data)
    return Status(201, _act(request, act.pk))


@acts.patch("/{int:act_id}", response={200: ActOut, **ERRORS}, auth=FINANCE_WRITE)
def act_update(request: HttpRequest, act_id: int, payload: ActPatch) -> Any:
    """Change an act; a signed act only moves its status."""
    require(request.viewer, "finance.change_act")
    act = _act(request, act_id, "change")
    services.act_update(
        actor=request.user, act=act, **payload.model_dump(exclude_unset=True)
    )
    return _act(request, act_id)


@bills.get("", response={200: BillPage, **ERRORS}, auth=FINANCE_READ)
def bill_list(request: HttpRequest, filters: Query[BillFilter]) -> Any:
    """Contractors' bills to pay, soonest due first."""
    require(request.viewer, "finance.view_contractorbill")
    rows = selectors.bill_list(
        viewer=request.viewer,
        contract_id=filters.contract,
        contractor_id=filters.contractor,
        status=filters.status,
        updated_since=filters.updated_since,
    )
    return _page(rows, filters, ordering=("due_date", "pk"))


def _bill(request: HttpRequest, bill_id: int, action: str = "view") -> ContractorBill:
    rows = selectors.bill_list(viewer=request.viewer)
    return access_object(request.viewer, rows, bill_id, action=action)


@bills.get("/{int:bill_id}", response={200: BillOut, **ERRORS}, auth=FINANCE_READ)
def bill_get(request: HttpRequest, bill_id: int) -> ContractorBill:
    require(request.viewer, "finance.view_contractorbill")
    return _bill(request, bill_id)


@bills.post("", response={201: BillOut, **ERRORS}, auth=FINANCE_WRITE)
def bill_create(request: HttpRequest, payload: BillIn) -> Any:
    """Record a contractor's bill to pay (contractor contracts only)."""
    require(request.viewer, "finance.add_contractorbill")
    data = payload.model_dump(exclude_none=True)
    contract = _contract(request, data.pop("contract"))
    bill = services.bill_create(actor=request.user, contract=contract, **data)
    return Status(201, _bill(request, bill.pk))


@bills.patch("/{int:bill_id}", response={200: BillOut, **ERRORS}, auth=FINANCE_WRITE)
def bill_update(request: HttpRequest, bill_id: int, payload: BillPatch) -> Any:
    """Change a bill or mark it paid (today unless a date is given)."""
    require(request.viewer, "finance.change_contractorbill")
    bill = _bill(request, bill_id, "change")
    services.bill_update(
        actor=request.user, bill=bill, **payload.model_dump(exclude_unset=True)
    )
    return _bill(request, bill_id)
