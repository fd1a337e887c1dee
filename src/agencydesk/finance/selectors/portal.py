"""What a client's billing contact reads in the portal: their client's
contracts, issued invoices and credit notes, the acts sent to them and the
documents still awaiting them — never contractors, costs, lines of the plan,
payments' details or internal notes. The rows come through the models'
``visible_to`` (a billing contact's rows, ``ContractQuerySet.for_contacts``);
each read is one query."""

from __future__ import annotations

from django.db.models import F, QuerySet

from agencydesk.core.access import Viewer

from ..models import Act, Contract, Document, Invoice

# The home of the billing part lists at most this many papers per kind.
AWAITING_LIMIT = 20


def billing_contracts(*, viewer: Viewer) -> QuerySet[Contract]:
    return Contract.objects.visible_to(viewer).order_by("-date", "-pk")


def billing_invoices(
    *, viewer: Viewer, contract_id: int | None = None, due_only: bool = False
) -> QuerySet[Invoice]:
    """Issued invoices and credit notes (never drafts), newest first."""
    rows = Invoice.objects.visible_to(viewer).select_related("contract", "corrects")
    if contract_id:
        rows = rows.filter(contract_id=contract_id)
    if due_only:
        rows = rows.filter(status=Invoice.Status.ISSUED, kind=Invoice.Kind.INVOICE)
    return rows.order_by(F("issue_date").desc(nulls_last=True), "-pk")


def billing_acts(*, viewer: Viewer, contract_id: int | None = None) -> QuerySet[Act]:
    """Acts sent to the client (drafts are not theirs yet)."""
    rows = Act.objects.visible_to(viewer).select_related("contract")
    if contract_id:
        rows = rows.filter(contract_id=contract_id)
    return rows.order_by("-period_end", "-pk")


def billing_documents(
    *, viewer: Viewer, contract_id: int | None = None
) -> QuerySet[Document]:
    rows = Document.objects.visible_to(viewer).select_related("contract")
    if contract_id:
        rows = rows.filter(contract_id=contract_id)
    return rows.order_by("-date", "-pk")


def acts_awaiting_signature(*, viewer: Viewer) -> QuerySet[Act]:
    return (
        billing_acts(viewer=viewer)
        .filter(status=Act.Status.SENT)
        .order_by("date", "pk")
    )


def documents_awaiting(*, viewer: Viewer) -> QuerySet[Document]:
    """Open papers on which the agency expects something from the client."""
    return (
        billing_documents(viewer=viewer)
        .filter(status__in=Document.OPEN)
        .exclude(expected_from_them="")
        .order_by(F("expected_by").asc(nulls_last=True), "pk")
    )
