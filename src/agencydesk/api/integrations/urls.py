from django.urls import path

from . import views

app_name = "integrations"

urlpatterns = [
    path("", views.integration_list, name="list"),
    path("new/", views.integration_create, name="create"),
    path("<int:integration_id>/", views.integration_detail, name="detail"),
    path(
        "<int:integration_id>/tokens/new/",
        views.integration_token_create,
        name="token-create",
    ),
    path(
        "<int:integration_id>/tokens/<int:token_id>/revoke/",
        views.integration_token_revoke,
        name="token-revoke",
    ),
    path(
        "<int:integration_id>/deactivate/",
        views.integration_deactivate,
        name="deactivate",
    ),
    path(
        "<int:integration_id>/reactivate/",
        views.integration_reactivate,
        name="reactivate",
    ),
]
