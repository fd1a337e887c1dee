"""The document status table: add a document to a contract, update its form,
signatures and what the other side owes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from agencydesk.clients.services import ensure_editable
from agencydesk.core.access import require_actor

from ..errors import DocumentExpectationError, DocumentHolderError
from ..models import Contract, Document
from ._shared import ensure_may_manage, lock_contract, record

FIELDS = (
    "kind",
    "number",
    "title",
    "date",
    "form",
    "signed_by_us",
    "signed_by_them",
    "expected_from_them",
    "expected_by",
    "original_holder",
    "original_location",
    "status",
)


def _check(document: Document) -> None:
    if document.expected_by and not document.expected_from_them.strip():
        raise DocumentExpectationError
    has_holder = document.original_holder_id or document.original_location.strip()
    if has_holder and document.form != Document.Form.ORIGINAL:
        raise DocumentHolderError


@transaction.atomic
def document_create(*, actor: Any, contract: Contract, **fields: Any) -> Document:
    """Add a row to the table; the contract must be open."""
    require_actor(actor, "finance.add_document")
    contract = lock_contract(actor, contract)
    document = Document(
        contract=contract, **{k: v for k, v in fields.items() if k in FIELDS}
    )
    _check(document)
    document.save()
    record(actor, contract, "document.created", document, kind=document.kind)
    return document


@transaction.atomic
def document_update(*, actor: Any, document: Document, **changes: Any) -> Document:
    """Change a row (a closed contract's documents still change: originals
    arrive after the work ends)."""
    require_actor(actor, "finance.change_document")
    document = Document.objects.select_for_update().get(pk=document.pk)
    contract = document.contract
    ensure_may_manage(actor, contract.client_id)
    if contract.client_id:
        ensure_editable(contract.client)
    for name, value in changes.items():
        if name in FIELDS:
            setattr(document, name, value)
    _check(document)
    document.save()
    record(actor, contract, "document.updated", document, status=document.status)
    return document
