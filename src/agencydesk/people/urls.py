from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.language_set, name="language"),
    path("staff/", views.staff_list, name="staff-list"),
]
