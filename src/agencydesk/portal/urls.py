from django.urls import path

from . import views

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
]
