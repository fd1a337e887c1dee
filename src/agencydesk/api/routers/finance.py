"""/contracts, /contractors and /documents: finance's pages' reads and writes
(the same selectors and services, so who sees which client's contracts and
the rules are the pages'). Staff only; contractors for finance, admins and
leads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from agencydesk.core.access import access_object, require
from agencydesk.finance import selectors, services
from agencydesk.finance.models import EVERY_CONTRACT, Contract, Contractor, Document
from agencydesk.people.selectors import staff_pick_resolve
from agencydesk.work.models import Project

from ..auth import FINANCE_READ, FINANCE_WRITE
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.finance import (
    ContractFilter,
    ContractIn,
    ContractorIn,
    ContractorOut,
    ContractorPage,
    ContractorPatch,
    ContractOut,
    ContractPage,
    ContractPatch,
    DocumentFilter,
    DocumentIn,
    DocumentOut,
    DocumentPage,
    DocumentPatch,
)
from ._shared import active_client, client_filter, field_error

contracts = Router(tags=["finance"])
contractors = Router(tags=["finance"])
documents = Router(tags=["finance"])

ORDERINGS = {"date": ("-date", "-pk"), "updated": ("-updated_at", "-pk")}


def _contract(request: HttpRequest, contract_id: int, action: str = "view") -> Contract:
    rows = selectors.contract_for_page(viewer=request.viewer)
    return access_object(request.viewer, rows, contract_id, action=action)


def _document(request: HttpRequest, document_id: int, action: str = "view") -> Document:
    rows = selectors.document_list(viewer=request.viewer)
    return access_object(request.viewer, rows, document_id, action=action)


def _contractor(request: HttpRequest, contractor_id: int | None, action="view"):
    return access_object(request.viewer, Contractor, contractor_id, action=action)


def _options(request: HttpRequest, filters: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"updated_since": filters.updated_since}
    options.update(client_filter(request.viewer, filters.client))
    if filters.contractor:
        options["contractor_id"] = filters.contractor
    return options


def _projects(ids: list[int] | None) -> list[Project] | None:
    if ids is None:
        return None
    found = list(Project.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise field_error("projects", _("No project has this id."))
    return found


@contracts.get("", response={200: ContractPage, **ERRORS}, auth=FINANCE_READ)
def contract_list(request: HttpRequest, filters: Query[ContractFilter]) -> Any:
    """Contracts the person may see, newest first (or last changed first)."""
    require(request.viewer, "finance.view_contract")
    rows = selectors.contract_list(
        viewer=request.viewer, status=filters.status, **_options(request, filters)
    ).prefetch_related("projects", "files")
    items, cursor = cursor_page(
        rows,
        ordering=ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@contracts.get(
    "/{int:contract_id}", response={200: ContractOut, **ERRORS}, auth=FINANCE_READ
)
def contract_get(request: HttpRequest, contract_id: int) -> Contract:
    """One contract by id."""
    require(request.viewer, "finance.view_contract")
    return _contract(request, contract_id)


@contracts.post("", response={201: ContractOut, **ERRORS}, auth=FINANCE_WRITE)
def contract_create(request: HttpRequest, payload: ContractIn) -> Any:
    """Record a draft contract with a client or a contractor."""
    require(request.viewer, "finance.add_contract")
    data = payload.model_dump(exclude_none=True)
    client = active_client(request.viewer, data.pop("client", ""))
    contractor_id = data.pop("contractor", None)
    contractor = _contractor(request, contractor_id) if contractor_id else None
    projects = _projects(data.pop("projects", None)) or []
    contract = services.contract_create(
        actor=request.user,
        client=client,
        contractor=contractor,
        projects=projects,
        **data,
    )
    return Status(201, _contract(request, contract.pk))


@contracts.patch(
    "/{int:contract_id}", response={200: ContractOut, **ERRORS}, auth=FINANCE_WRITE
)
def contract_update(
    request: HttpRequest, contract_id: int, payload: ContractPatch
) -> Any:
    """Change a contract's terms or move its status; a field left out stays."""
    require(request.viewer, "finance.change_contract")
    contract = _contract(request, contract_id, "change")
    data = payload.model_dump(exclude_unset=True)
    status = data.pop("status", None)
    projects = _projects(data.pop("projects", None))
    if data or projects is not None:
        contract = services.contract_update(
            actor=request.user, contract=contract, projects=projects, **data
        )
    if status:
        services.contract_set_status(
            actor=request.user, contract=contract, status=status
        )
    return _contract(request, contract_id)


@contractors.get("", response={200: ContractorPage, **ERRORS}, auth=FINANCE_READ)
def contractor_list(request: HttpRequest, cursor: str = "", limit: int = 25) -> Any:
    """Contractors by name (finance, admins and leads)."""
    require(request.viewer, EVERY_CONTRACT)
    items, next_cursor = cursor_page(
        selectors.contractor_list(viewer=request.viewer),
        ordering=("name", "pk"),
        cursor=cursor[:500],
        limit=max(1, min(limit, 100)),
    )
    return {"items": items, "next_cursor": next_cursor}


@contractors.get(
    "/{int:contractor_id}", response={200: ContractorOut, **ERRORS}, auth=FINANCE_READ
)
def contractor_get(request: HttpRequest, contractor_id: int) -> Contractor:
    """One contractor (never its bank details)."""
    require(request.viewer, EVERY_CONTRACT)
    return _contractor(request, contractor_id)


@contractors.post("", response={201: ContractorOut, **ERRORS}, auth=FINANCE_WRITE)
def contractor_create(request: HttpRequest, payload: ContractorIn) -> Any:
    """Add a contractor; bank details are stored encrypted."""
    require(request.viewer, "finance.add_contractor")
    contractor = services.contractor_create(actor=request.user, **payload.model_dump())
    return Status(201, contractor)


@contractors.patch(
    "/{int:contractor_id}", response={200: ContractorOut, **ERRORS}, auth=FINANCE_WRITE
)
def contractor_update(
    request: HttpRequest, contractor_id: int, payload: ContractorPatch
) -> Any:
    """Change a contractor; a field left out stays."""
    require(request.viewer, "finance.change_contractor")
    contractor = _contractor(request, contractor_id, "change")
    return services.contractor_update(
        actor=request.user,
        contractor=contractor,
        **payload.model_dump(exclude_unset=True),
    )


@documents.get("", response={200: DocumentPage, **ERRORS}, auth=FINANCE_READ)
def document_list(request: HttpRequest, filters: Query[DocumentFilter]) -> Any:
    """The document status table, newest first (or last changed first)."""
    require(request.viewer, "finance.view_document")
    rows = selectors.document_list(
        viewer=request.viewer,
        kind=filters.kind,
        overdue=filters.overdue,
        **_options(request, filters),
    )
    items, cursor = cursor_page(
        rows,
        ordering=ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@documents.get(
    "/{int:document_id}", response={200: DocumentOut, **ERRORS}, auth=FINANCE_READ
)
def document_get(request: HttpRequest, document_id: int) -> Document:
    """One document by id."""
    require(request.viewer, "finance.view_document")
    return _document(request, document_id)


def _holder(request: HttpRequest, data: dict) -> None:
    if "original_holder" in data:
        email = data["original_holder"]
        data["original_holder"] = None
        if email:
            data["original_holder"] = staff_pick_resolve(request.viewer, email)
            if data["original_holder"] is None:
                raise field_error(
                    "original_holder", _("Nobody on the staff has this address.")
                )


@documents.post("", response={201: DocumentOut, **ERRORS}, auth=FINANCE_WRITE)
def document_create(request: HttpRequest, payload: DocumentIn) -> Any:
    """Add a document to a contract."""
    require(request.viewer, "finance.add_document")
    data = payload.model_dump(exclude_none=True)
    contract = _contract(request, data.pop("contract"), "change")
    _holder(request, data)
    document = services.document_create(actor=request.user, contract=contract, **data)
    return Status(201, _document(request, document.pk))


@documents.patch(
    "/{int:document_id}", response={200: DocumentOut, **ERRORS}, auth=FINANCE_WRITE
)
def document_update(
    request: HttpRequest, document_id: int, payload: DocumentPatch
) -> Any:
    """Change a document; a field left out stays."""
    require(request.viewer, "finance.change_document")
    document = _document(request, document_id, "change")
    data = payload.model_dump(exclude_unset=True)
    _holder(request, data)
    services.document_update(actor=request.user, document=document, **data)
    return _document(request, document_id)
