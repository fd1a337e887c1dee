from django.urls import path

from .views import contractors, contracts, documents

app_name = "finance"

urlpatterns = [
    path("", contracts.contract_list, name="contract-list"),
    path("contracts/new/", contracts.contract_create, name="contract-create"),
    path(
        "contracts/<int:contract_id>/",
        contracts.contract_detail,
        name="contract-detail",
    ),
    path(
        "contracts/<int:contract_id>/edit/",
        contracts.contract_edit,
        name="contract-edit",
    ),
    path(
        "contracts/<int:contract_id>/status/",
        contracts.contract_status,
        name="contract-status",
    ),
    path(
        "contracts/<int:contract_id>/files/",
        contracts.contract_file_add,
        name="contract-file-add",
    ),
    path(
        "contracts/<int:contract_id>/files/<int:file_id>/",
        contracts.contract_file_download,
        name="contract-file-download",
    ),
    path(
        "contracts/<int:contract_id>/documents/new/",
        documents.document_create,
        name="document-create",
    ),
    path("documents/", documents.document_list, name="document-list"),
    path("documents/expected/", documents.expected, name="expected"),
    path(
        "documents/<int:document_id>/edit/",
        documents.document_edit,
        name="document-edit",
    ),
    path("contractors/", contractors.contractor_list, name="contractor-list"),
    path("contractors/new/", contractors.contractor_create, name="contractor-create"),
    path(
        "contractors/<int:contractor_id>/edit/",
        contractors.contractor_edit,
        name="contractor-edit",
    ),
]
