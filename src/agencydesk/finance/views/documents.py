"""The document status table, its download, a document's form, and what the
other side owes per account manager."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import posted, reads, submit, writes
from agencydesk.core.pagination import paginate

from .. import services
from ..exports import documents_response
from ..forms import DocumentFilterForm, DocumentForm, ManagerForm
from ..models import EVERY_CONTRACT, Document
from ..selectors import EXPECTED_LIMIT, expected_by_manager
from ..selectors import document_list as select_documents
from .contracts import viewed_contract


@staff_required("finance.view_document")
@reads
def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET or None, viewer=request.viewer)
    documents = select_documents(viewer=request.viewer, **form.filters())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return documents_response(fmt, documents)
    return render(
        request,
        "finance/document_list.html",
        {
            "form": form,
            "page": paginate(request, documents),
            "today": timezone.localdate(),
            "sees_contractors": request.viewer.has_perm(EVERY_CONTRACT),
        },
    )


@staff_required("finance.view_document")
@reads
def expected(request: HttpRequest) -> HttpResponse:
    """What the other side owes, per account manager: an account manager
    opening the page sees their own clients first-hand (the default filter)."""
    data = request.GET or {"manager": request.user.email}
    form = ManagerForm(data, viewer=request.viewer)
    manager = form.cleaned_data["manager"] if form.is_valid() else None
    groups, cut = expected_by_manager(
        viewer=request.viewer, manager_id=manager.pk if manager else None
    )
    return render(
        request,
        "finance/expected.html",
        {
            "form": form,
            "groups": groups,
            "cut": cut,
            "limit": EXPECTED_LIMIT,
            "today": timezone.localdate(),
        },
    )


@staff_required("finance.add_document")
@writes
def document_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = viewed_contract(request, contract_id, "change")
    form = DocumentForm(
        **posted(request),
        viewer=request.viewer,
        initial={"date": timezone.localdate(), "kind": Document.Kind.CONTRACT},
    )
    return submit(
        request,
        form,
        lambda data: services.document_create(
            actor=request.user, contract=contract, **data
        ),
        template="finance/document_form.html",
        context={"contract": contract},
        success=_("The document was added."),
        redirect_to=contract,
    )


@staff_required("finance.change_document")
@writes
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    documents = Document.objects.select_related(
        "contract__client", "contract__contractor", "original_holder"
    )
    document = access_object(request.viewer, documents, document_id, action="change")
    initial = {name: getattr(document, name) for name in DocumentForm.base_fields}
    form = DocumentForm(**posted(request), viewer=request.viewer, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.document_update(
            actor=request.user, document=document, **data
        ),
        template="finance/document_form.html",
        context={"contract": document.contract, "document": document},
        success=_("The document was saved."),
        redirect_to=document.contract,
    )
