from django.urls import path

from . import account_views, views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="client-list"),
    path("new/", views.client_create, name="client-create"),
    path(
        "access-link/<str:credential_token>/",
        account_views.credential_fill,
        name="credential-fill",
    ),
    path("<slug:client_slug>/", views.client_detail, name="client-detail"),
    path(
        "<slug:client_slug>/profile/", account_views.profile_edit, name="profile-edit"
    ),
    path("<slug:client_slug>/people/", account_views.people_edit, name="people-edit"),
    path(
        "<slug:client_slug>/contacts/new/",
        account_views.contact_add,
        name="contact-add",
    ),
    path(
        "<slug:client_slug>/contacts/<int:contact_id>/invite/",
        account_views.contact_action,
        {"action": "invite"},
        name="contact-invite",
    ),
    path(
        "<slug:client_slug>/contacts/<int:contact_id>/deactivate/",
        account_views.contact_action,
        {"action": "deactivate"},
        name="contact-deactivate",
    ),
    path(
        "<slug:client_slug>/contacts/<int:contact_id>/reactivate/",
        account_views.contact_action,
        {"action": "reactivate"},
        name="contact-reactivate",
    ),
    path("<slug:client_slug>/team/new/", account_views.team_add, name="team-add"),
    path(
        "<slug:client_slug>/log/",
        account_views.communication_log,
        name="communication-log",
    ),
    path(
        "<slug:client_slug>/materials/new/",
        account_views.material_create,
        name="material-create",
    ),
    path(
        "<slug:client_slug>/materials/<int:material_id>/versions/",
        account_views.material_version_add,
        name="material-version-add",
    ),
    path(
        "<slug:client_slug>/materials/<int:material_id>/versions/<int:version_id>/",
        account_views.material_download,
        name="material-download",
    ),
    path("<slug:client_slug>/access/", account_views.access_list, name="access-list"),
    path(
        "<slug:client_slug>/access/new/",
        account_views.access_create,
        name="access-create",
    ),
    path(
        "<slug:client_slug>/access/<int:entry_id>/state/",
        account_views.access_state,
        name="access-state",
    ),
    path(
        "<slug:client_slug>/access/<int:entry_id>/secret/",
        account_views.access_secret,
        name="access-secret",
    ),
    path(
        "<slug:client_slug>/access/links/",
        account_views.credential_request_send,
        name="credential-request-send",
    ),
    path(
        "<slug:client_slug>/access/links/<int:credential_request_id>/withdraw/",
        account_views.credential_request_withdraw,
        name="credential-request-withdraw",
    ),
    path(
        "<slug:client_slug>/access/<int:entry_id>/reveal/",
        account_views.access_reveal,
        name="access-reveal",
    ),
]
