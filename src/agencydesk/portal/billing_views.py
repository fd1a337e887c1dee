"""The billing part of the client's panel, for contacts with the billing
role: the client's contracts, issued invoices (PDF in the client's language),
acts awaiting their signature, and the signed scans they send back. Reads
through finance's selectors (the rows a billing contact sees are those of
the finance models' ``visible_to``), writes through finance's services.

A contact without the billing role has no menu entry and gets 404 here, as
for any object that is not theirs: the part does not exist for them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.models import Contact
from agencydesk.core.access import access_object, contact_required
from agencydesk.core.actions import button, reads, submit
from agencydesk.core.pagination import paginate
from agencydesk.finance import services
from agencydesk.finance.pdf import invoice_pdf_response
from agencydesk.finance.selectors import (
    AWAITING_LIMIT,
    acts_awaiting_signature,
    billing_acts,
    billing_contracts,
    billing_documents,
    billing_invoices,
    documents_awaiting,
    invoice_for_pdf,
)

from .forms import BillingInvoiceFilterForm, SignedScanForm

# A contract's page lists at most this many of its invoices (the invoices
# page has them all).
CONTRACT_INVOICES = 20
CONTRACT_PAPERS = 100


def billing_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A portal page of the billing part: contacts with the billing role."""

    @contact_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.viewer.has_contact_role(Contact.Role.BILLING):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _today(request: HttpRequest):
    return timezone.localdate()


@billing_required
@reads
def billing(request: HttpRequest) -> HttpResponse:
    """What waits for the client's signature, and their contracts."""
    viewer = request.viewer
    acts = list(acts_awaiting_signature(viewer=viewer)[: AWAITING_LIMIT + 1])
    documents = list(documents_awaiting(viewer=viewer)[: AWAITING_LIMIT + 1])
    context = {
        "acts": acts[:AWAITING_LIMIT],
        "documents": documents[:AWAITING_LIMIT],
        "more_waiting": len(acts) > AWAITING_LIMIT or len(documents) > AWAITING_LIMIT,
        "page": paginate(request, billing_contracts(viewer=viewer)),
        "scan_form": SignedScanForm(),
        "today": _today(request),
    }
    return render(request, "portal/billing/index.html", context)


@billing_required
@reads
def billing_invoices_page(request: HttpRequest) -> HttpResponse:
    form = BillingInvoiceFilterForm(request.GET or None)
    show = form.cleaned_data.get("show", "") if form.is_valid() else ""
    invoices = billing_invoices(viewer=request.viewer, due_only=show == "due")
    context = {
        "form": form,
        "page": paginate(request, invoices),
        "filtered": bool(show),
        "today": _today(request),
    }
    return render(request, "portal/billing/invoices.html", context)


@billing_required
@reads
def billing_contract(request: HttpRequest, contract_id: int) -> HttpResponse:
    viewer = request.viewer
    contract = access_object(viewer, billing_contracts(viewer=viewer), contract_id)
    invoices = list(
        billing_invoices(viewer=viewer, contract_id=contract.pk)[
            : CONTRACT_INVOICES + 1
        ]
    )
    context = {
        "contract": contract,
        "invoices": invoices[:CONTRACT_INVOICES],
        "more_invoices": len(invoices) > CONTRACT_INVOICES,
        "acts": list(
            billing_acts(viewer=viewer, contract_id=contract.pk)[:CONTRACT_PAPERS]
        ),
        "documents": list(
            billing_documents(viewer=viewer, contract_id=contract.pk)[:CONTRACT_PAPERS]
        ),
        "scan_form": SignedScanForm(),
        "today": _today(request),
    }
    return render(request, "portal/billing/contract.html", context)


@billing_required
@reads
def billing_invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """The invoice's PDF, drawn by finance's renderer in the client's language."""
    viewer = request.viewer
    return invoice_pdf_response(
        access_object(viewer, invoice_for_pdf(viewer=viewer), invoice_id)
    )


def _back(request: HttpRequest, contract_id: int) -> str:
    """Back to the page the form was on (the contract's or the billing home)."""
    if request.POST.get("from") == "contract":
        return reverse("portal:billing-contract", args=[contract_id])
    return reverse("portal:billing")


@billing_required
@button
def billing_document_scan(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = request.viewer
    document = access_object(
        viewer, billing_documents(viewer=viewer), document_id, action="scan"
    )
    return submit(
        request,
        SignedScanForm(request.POST, request.FILES),
        lambda data: services.document_receive_signed_scan(
            actor=request.user, document=document, upload=data["file"]
        ),
        success=_("Thank you: the signed scan of %(document)s was received.")
        % {"document": document.title},
        redirect_to=_back(request, document.contract_id),
    )


@billing_required
@button
def billing_act_sign(request: HttpRequest, act_id: int) -> HttpResponse:
    viewer = request.viewer
    act = access_object(viewer, billing_acts(viewer=viewer), act_id, action="sign")
    return submit(
        request,
        SignedScanForm(request.POST, request.FILES),
        lambda data: services.act_sign_by_client(
            actor=request.user, act=act, upload=data["file"]
        ),
        success=_("Thank you: the act %(act)s is signed.") % {"act": act},
        redirect_to=_back(request, act.contract_id),
    )
