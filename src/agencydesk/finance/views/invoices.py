"""Invoices: the list with its downloads for accounting, an invoice's page,
a new draft, and the buttons that issue, delete, credit, and record or
reverse payments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes
from agencydesk.core.pagination import paginate

from .. import services
from ..exports import acts_response, invoices_response, payments_response
from ..models import Invoice, Payment
from ..money_forms import (
    LINE_ROWS,
    CreditNoteForm,
    InvoiceFilterForm,
    InvoiceForm,
    IssueForm,
    PaymentForm,
    ReverseForm,
    draft_initial,
)
from ..pdf import invoice_pdf_response
from ..selectors import (
    act_list,
    invoice_for_page,
    invoice_for_pdf,
    invoice_list,
    invoice_totals_by_currency,
    payment_list,
)
from .contracts import viewed_contract


def viewed_invoice(
    request: HttpRequest, invoice_id: int, action: str = "view"
) -> Invoice:
    return access_object(
        request.viewer,
        invoice_for_page(viewer=request.viewer),
        invoice_id,
        action=action,
    )


def _export(request: HttpRequest, filters: dict, fmt: str) -> HttpResponse:
    """The table accounting asked for (invoices, payments or acts), over the
    same client and period as the list."""
    table = request.GET.get("table", "invoices")
    period = {
        "client_id": filters.get("client_id"),
        "date_from": filters.get("date_from"),
        "date_to": filters.get("date_to"),
    }
    if table == "payments":
        return payments_response(
            fmt, payment_list(viewer=request.viewer, **period).order_by("date", "pk")
        )
    if table == "acts":
        return acts_response(
            fmt, act_list(viewer=request.viewer, **period).order_by("period_end", "pk")
        )
    rows = invoice_list(viewer=request.viewer, **filters).order_by("issue_date", "pk")
    return invoices_response(fmt, rows)


@staff_required("finance.view_invoice")
@reads
def invoice_list_page(request: HttpRequest) -> HttpResponse:
    form = InvoiceFilterForm(request.GET or None, viewer=request.viewer)
    filters = form.filters()
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(request, filters, fmt)
    invoices = invoice_list(viewer=request.viewer, **filters)
    return render(
        request,
        "finance/invoice_list.html",
        {
            "form": form,
            "page": paginate(request, invoices),
            "totals": invoice_totals_by_currency(invoices),
            "today": timezone.localdate(),
        },
    )


@staff_required("finance.view_invoice")
@reads
def invoice_detail(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = viewed_invoice(request, invoice_id)
    return render(
        request,
        "finance/invoice_detail.html",
        {
            "invoice": invoice,
            "contract": invoice.contract,
            "today": timezone.localdate(),
            "payment_form": PaymentForm(
                initial={
                    "date": timezone.localdate(),
                    "amount": invoice.amount_due,
                    "currency": invoice.currency,
                }
            ),
            "issue_form": IssueForm(initial={"issue_date": timezone.localdate()}),
            "credit_form": CreditNoteForm(),
            "reverse_form": ReverseForm(),
        },
    )


@staff_required("finance.view_invoice")
@reads
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """The invoice as a PDF in its client's language (a draft is a preview
    marked "Draft")."""
    viewer = request.viewer
    return invoice_pdf_response(
        access_object(viewer, invoice_for_pdf(viewer=viewer), invoice_id)
    )


@staff_required("finance.change_invoice")
@button
def invoice_send(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = viewed_invoice(request, invoice_id, "change")
    return perform(
        request,
        lambda: services.invoice_send(actor=request.user, invoice=invoice),
        success=lambda sent: (
            _("The invoice was sent to %(recipients)s.")
            % {"recipients": ", ".join(sent.sent_to)}
        ),
        redirect_to=invoice,
    )


@staff_required("finance.add_invoice")
@writes
def invoice_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    form = InvoiceForm(
        **posted(request),
        viewer=request.viewer,
        initial={"tax_rate": contract.tax_rate, "series": "INV"},
    )
    return submit(
        request,
        form,
        lambda data: services.invoice_create(
            actor=request.user, contract=contract, **form.service_kwargs()
        ),
        template="finance/invoice_form.html",
        context={"contract": contract},
        success=_("The draft invoice was saved."),
        redirect_to=lambda invoice: invoice,
    )


@staff_required("finance.change_invoice")
@writes
def invoice_edit(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """Change a draft's lines, tax rate, note or deposit mark (an issued
    invoice is never changed: a credit note corrects it)."""
    invoice = viewed_invoice(request, invoice_id, "change")
    if not invoice.is_draft:
        raise PermissionDenied
    form = InvoiceForm(
        **posted(request),
        viewer=request.viewer,
        rows=max(LINE_ROWS, invoice.lines.count() + 2),
        initial=draft_initial(invoice),
    )
    form.fields["series"].disabled = True  # the series is chosen once
    return submit(
        request,
        form,
        lambda data: services.invoice_update(
            actor=request.user,
            invoice=invoice,
            **{k: v for k, v in form.service_kwargs().items() if k != "series"},
        ),
        template="finance/invoice_form.html",
        context={"contract": invoice.contract, "invoice": invoice},
        success=_("The draft invoice was saved."),
        redirect_to=lambda saved: saved,
    )


@staff_required("finance.change_invoice")
@button
def invoice_issue(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = viewed_invoice(request, invoice_id, "change")
    return submit(
        request,
        IssueForm(**posted(request)),
        lambda data: services.invoice_issue(
            actor=request.user, invoice=invoice, issue_date=data["issue_date"]
        ),
        success=lambda issued: (
            _("The invoice %(number)s was issued.") % {"number": issued.number}
        ),
        redirect_to=invoice,
    )


@staff_required("finance.delete_invoice")
@button
def invoice_delete(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = viewed_invoice(request, invoice_id, "delete")
    contract = invoice.contract
    return perform(
        request,
        lambda: services.invoice_delete(actor=request.user, invoice=invoice),
        success=_("The draft was deleted."),
        redirect_to=contract,
    )


@staff_required("finance.add_invoice")
@button
def credit_note_create(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = viewed_invoice(request, invoice_id, "change")
    return submit(
        request,
        CreditNoteForm(**posted(request)),
        lambda data: services.credit_note_create(
            actor=request.user, invoice=invoice, reason=data["reason"]
        ),
        success=lambda note: (
            _("The credit note %(number)s cancels the invoice.")
            % {"number": note.number}
        ),
        redirect_to=lambda note: note,
        back_to=invoice,
    )


@staff_required("finance.add_payment")
@button
def payment_add(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = viewed_invoice(request, invoice_id, "change")
    return submit(
        request,
        PaymentForm(**posted(request)),
        lambda data: services.payment_record(
            actor=request.user, invoice=invoice, **data
        ),
        success=_("The payment was recorded."),
        redirect_to=invoice,
    )


@staff_required("finance.change_payment")
@button
def payment_reverse(request: HttpRequest, payment_id: int) -> HttpResponse:
    payments = Payment.objects.select_related("invoice")
    payment = access_object(request.viewer, payments, payment_id, action="change")
    return submit(
        request,
        ReverseForm(**posted(request)),
        lambda data: services.payment_reverse(
            actor=request.user, payment=payment, reason=data["reason"]
        ),
        success=_("The payment was reversed; the invoice is due again."),
        redirect_to=payment.invoice,
    )
