from django.urls import path

from . import approvals_views, views

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
]
