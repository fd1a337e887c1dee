from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.desk_home, name="home"),
    path("tickets/", views.ticket_list, name="ticket-list"),
    path("tickets/bulk/", views.ticket_bulk, name="ticket-bulk"),
    path("tickets/new/", views.ticket_create, name="ticket-create"),
    path("board/", views.ticket_board_view, name="board"),
    path("tickets/<int:ticket_number>/", views.ticket_detail, name="ticket-detail"),
    path("tickets/<int:ticket_number>/move/", views.ticket_move, name="ticket-move"),
    path(
        "tickets/<int:ticket_number>/assign/", views.ticket_assign, name="ticket-assign"
    ),
    path(
        "tickets/<int:ticket_number>/promise/",
        views.ticket_promise,
        name="ticket-promise",
    ),
    path(
        "tickets/<int:ticket_number>/update/", views.ticket_update, name="ticket-update"
    ),
    path(
        "tickets/<int:ticket_number>/messages/",
        views.ticket_message,
        name="ticket-message",
    ),
    path(
        "tickets/<int:ticket_number>/messages/<int:message_id>/review/",
        views.message_review,
        name="message-review",
    ),
    path(
        "tickets/<int:ticket_number>/steps/<int:step_id>/",
        views.step_toggle,
        name="step-toggle",
    ),
    path(
        "attachments/<int:attachment_id>/", views.attachment_download, name="attachment"
    ),
    path("intake/", views.intake_list, name="intake"),
    path("intake/<int:inbound_id>/assign/", views.intake_assign, name="intake-assign"),
    path("intake/<int:inbound_id>/retry/", views.intake_retry, name="intake-retry"),
    path(
        "intake/<int:inbound_id>/release/",
        views.intake_release,
        name="intake-release",
    ),
    path("reports/sla/", views.report_sla, name="report-sla"),
    path("reports/csat/", views.report_csat, name="report-csat"),
]
