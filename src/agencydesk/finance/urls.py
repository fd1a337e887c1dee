from django.urls import path

from .views import (
    contractors,
    contracts,
    documents,
    invoices,
    plan,
    profitability,
    sources,
    weekly,
)

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
        "contracts/<int:contract_id>/scans/<int:scan_id>/",
        contracts.scan_download,
        name="scan-download",
    ),
    path(
        "contracts/<int:contract_id>/documents/new/",
        documents.document_create,
        name="document-create",
    ),
    path("weekly/", weekly.weekly, name="weekly"),
    path("profitability/", profitability.profitability, name="profitability"),
    path("documents/", documents.document_list, name="document-list"),
    path("documents/expected/", documents.expected, name="expected"),
    path(
        "documents/<int:document_id>/edit/",
        documents.document_edit,
        name="document-edit",
    ),
    path(
        "contracts/<int:contract_id>/invoices/new/",
        invoices.invoice_create,
        name="invoice-create",
    ),
    path(
        "contracts/<int:contract_id>/invoices/from-retainer/",
        sources.from_retainer,
        name="invoice-from-retainer",
    ),
    path(
        "contracts/<int:contract_id>/invoices/from-time/",
        sources.from_time,
        name="invoice-from-time",
    ),
    path(
        "contracts/<int:contract_id>/invoices/from-milestones/",
        sources.from_milestones,
        name="invoice-from-milestones",
    ),
    path(
        "contracts/<int:contract_id>/invoices/approved-changes/",
        sources.add_approved_changes,
        name="invoice-approved-changes",
    ),
    path("invoices/", invoices.invoice_list_page, name="invoice-list"),
    path("invoices/<int:invoice_id>/", invoices.invoice_detail, name="invoice-detail"),
    path("invoices/<int:invoice_id>/edit/", invoices.invoice_edit, name="invoice-edit"),
    path("invoices/<int:invoice_id>/pdf/", invoices.invoice_pdf, name="invoice-pdf"),
    path("invoices/<int:invoice_id>/send/", invoices.invoice_send, name="invoice-send"),
    path(
        "invoices/<int:invoice_id>/issue/", invoices.invoice_issue, name="invoice-issue"
    ),
    path(
        "invoices/<int:invoice_id>/delete/",
        invoices.invoice_delete,
        name="invoice-delete",
    ),
    path(
        "invoices/<int:invoice_id>/credit-note/",
        invoices.credit_note_create,
        name="credit-note-create",
    ),
    path(
        "invoices/<int:invoice_id>/payments/",
        invoices.payment_add,
        name="payment-add",
    ),
    path(
        "payments/<int:payment_id>/reverse/",
        invoices.payment_reverse,
        name="payment-reverse",
    ),
    path("contracts/<int:contract_id>/plan/", plan.planned_add, name="planned-add"),
    path(
        "plan/<int:planned_id>/invoice/",
        plan.planned_invoice,
        name="planned-invoice",
    ),
    path("plan/<int:planned_id>/delete/", plan.planned_delete, name="planned-delete"),
    path("contracts/<int:contract_id>/acts/new/", plan.act_create, name="act-create"),
    path("acts/<int:act_id>/edit/", plan.act_edit, name="act-edit"),
    path(
        "contracts/<int:contract_id>/bills/new/", plan.bill_create, name="bill-create"
    ),
    path("bills/<int:bill_id>/edit/", plan.bill_edit, name="bill-edit"),
    path("contractors/", contractors.contractor_list, name="contractor-list"),
    path("contractors/new/", contractors.contractor_create, name="contractor-create"),
    path(
        "contractors/<int:contractor_id>/edit/",
        contractors.contractor_edit,
        name="contractor-edit",
    ),
]
