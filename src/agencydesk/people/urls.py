from django.urls import path

from . import account_views, views

app_name = "people"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.language_set, name="language"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/invite/", views.staff_invite, name="staff-invite"),
    path(
        "staff/<int:user_id>/invitation/",
        views.staff_invitation_send,
        name="staff-invitation-send",
    ),
    path(
        "staff/<int:user_id>/deactivate/",
        views.staff_deactivate,
        name="staff-deactivate",
    ),
    path(
        "staff/<int:user_id>/reactivate/",
        views.staff_reactivate,
        name="staff-reactivate",
    ),
    path("profile/", account_views.profile, name="profile"),
    path(
        "profile/password/",
        account_views.password_change,
        name="password-change",
    ),
    path(
        "password/forgot/",
        account_views.password_reset,
        name="password-reset",
    ),
    path(
        "password/forgot/sent/",
        account_views.password_reset_done,
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        account_views.password_set,
        name="password-reset-confirm",
    ),
    path(
        "welcome/<uidb64>/<token>/",
        account_views.invitation_accept,
        name="invitation-accept",
    ),
]
