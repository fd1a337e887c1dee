from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("pick/<slug:picker_name>/", views.pick, name="pick"),
    path("notifications/", views.notification_list, name="notification-list"),
    path(
        "notifications/<int:notification_id>/",
        views.notification_detail,
        name="notification-detail",
    ),
    path(
        "notifications/read-all/",
        views.notification_mark_all_read,
        name="notification-read-all",
    ),
]
