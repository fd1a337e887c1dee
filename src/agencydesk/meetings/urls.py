from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("feed/", views.feed_page, name="feed-page"),
    path("feed/reset/", views.feed_reset, name="feed-reset"),
    path("agendas/", views.agenda_template_list, name="agenda-template-list"),
    path("agendas/new/", views.agenda_template_create, name="agenda-template-create"),
    path(
        "agendas/<int:agenda_template_id>/",
        views.agenda_template_edit,
        name="agenda-template-edit",
    ),
    path(
        "agendas/<int:agenda_template_id>/delete/",
        views.agenda_template_delete,
        name="agenda-template-delete",
    ),
    path("feed/<str:feed_token>.ics", views.feed, name="feed"),
    path(
        "clients/<slug:client_slug>/new/", views.meeting_create, name="meeting-create"
    ),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("<int:meeting_id>/recap/", views.meeting_recap, name="meeting-recap"),
    path("<int:meeting_id>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("<int:meeting_id>/actions/", views.action_item_add, name="action-add"),
    path(
        "<int:meeting_id>/actions/<int:action_id>/task/",
        views.action_item_to_task,
        name="action-task",
    ),
    path(
        "<int:meeting_id>/actions/<int:action_id>/done/",
        views.action_item_done,
        name="action-done",
    ),
    path(
        "<int:meeting_id>/invite.ics", views.meeting_invitation, name="meeting-invite"
    ),
]
