from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("clients/<slug:client_slug>/start/", views.run_start, name="run-start"),
    path(
        "clients/<slug:client_slug>/questionnaire/",
        views.questionnaire_send,
        name="questionnaire-send",
    ),
    path(
        "clients/<slug:client_slug>/feedback/",
        views.feedback_send,
        name="feedback-send",
    ),
    path(
        "clients/<slug:client_slug>/archive/",
        views.client_archive,
        name="client-archive",
    ),
    path("runs/<int:run_id>/", views.run_detail, name="run-detail"),
    path(
        "runs/<int:run_id>/items/<int:item_id>/", views.item_toggle, name="item-toggle"
    ),
    path(
        "runs/<int:run_id>/items/<int:item_id>/assign/",
        views.item_assign,
        name="item-assign",
    ),
    path(
        "questionnaires/<int:request_id>/",
        views.questionnaire_detail,
        name="questionnaire-detail",
    ),
    path(
        "questionnaire-templates/",
        views.questionnaire_builder,
        name="questionnaire-list",
    ),
    path(
        "questionnaire-templates/<int:questionnaire_id>/",
        views.questionnaire_edit,
        name="questionnaire-edit",
    ),
    path(
        "checklist-templates/",
        views.checklist_template_list,
        name="checklist-template-list",
    ),
    path(
        "checklist-templates/new/",
        views.checklist_template_create,
        name="checklist-template-create",
    ),
    path(
        "checklist-templates/<int:checklist_template_id>/",
        views.checklist_template_edit,
        name="checklist-template-edit",
    ),
    path(
        "checklist-templates/<int:checklist_template_id>/delete/",
        views.checklist_template_delete,
        name="checklist-template-delete",
    ),
    path(
        "q/<str:questionnaire_token>/",
        views.questionnaire_fill,
        name="questionnaire-fill",
    ),
    path("feedback/<str:feedback_token>/", views.feedback_fill, name="feedback-fill"),
    path("archives/<int:archive_id>/", views.archive_download, name="archive-download"),
    path("answers/<int:answer_id>/", views.answer_download, name="answer-download"),
]
