from django.urls import path

from . import approvals_views, billing_views, project_views, scope_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tickets/", views.ticket_list, name="ticket-list"),
    path("tickets/new/", views.ticket_create, name="ticket-create"),
    path("tickets/<int:ticket_number>/", views.ticket_detail, name="ticket-detail"),
    path("tickets/<int:ticket_number>/reply/", views.ticket_reply, name="ticket-reply"),
    path("tickets/<int:ticket_number>/rate/", views.ticket_rate, name="ticket-rate"),
    path(
        "tickets/<int:ticket_number>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path("rate/<str:token>/", views.rate_link, name="rate-link"),
    # Projects: milestones and phases (portal/project_views.py).
    path("projects/", project_views.project_list, name="project-list"),
    path(
        "projects/<int:project_id>/",
        project_views.project_detail,
        name="project-detail",
    ),
    # Client approvals (portal/approvals_views.py).
    path("approvals/", approvals_views.approval_list, name="approval-list"),
    path(
        "approvals/<int:approval_request_id>/",
        approvals_views.approval_detail,
        name="approval-detail",
    ),
    path(
        "approvals/<int:approval_request_id>/file/",
        approvals_views.approval_file,
        name="approval-file",
    ),
    path(
        "approve/<str:approval_token>/",
        approvals_views.approval_link,
        name="approval-link",
    ),
    path(
        "approve/<str:approval_token>/file/",
        approvals_views.approval_link_file,
        name="approval-link-file",
    ),
    path("scope/", scope_views.scope, name="scope"),
    path("scope/<int:sow_id>/", scope_views.sow_detail, name="sow-detail"),
    path("scope/<int:sow_id>/confirm/", scope_views.sow_confirm, name="sow-confirm"),
    path(
        "change-requests/<int:cr_id>/",
        scope_views.change_request_detail,
        name="change-request-detail",
    ),
    path(
        "change-requests/<int:cr_id>/decide/",
        scope_views.change_request_decide,
        name="change-request-decide",
    ),
    path("sow/<str:sow_token>/", scope_views.sow_link, name="sow-link"),
    path(
        "change/<str:cr_token>/",
        scope_views.change_request_link,
        name="change-request-link",
    ),
    # Billing: contacts with the billing role (portal/billing_views.py).
    path("billing/", billing_views.billing, name="billing"),
    path(
        "billing/invoices/",
        billing_views.billing_invoices_page,
        name="billing-invoices",
    ),
    path(
        "billing/invoices/<int:invoice_id>/pdf/",
        billing_views.billing_invoice_pdf,
        name="billing-invoice-pdf",
    ),
    path(
        "billing/contracts/<int:contract_id>/",
        billing_views.billing_contract,
        name="billing-contract",
    ),
    path(
        "billing/documents/<int:document_id>/scan/",
        billing_views.billing_document_scan,
        name="billing-document-scan",
    ),
    path(
        "billing/acts/<int:act_id>/sign/",
        billing_views.billing_act_sign,
        name="billing-act-sign",
    ),
]
