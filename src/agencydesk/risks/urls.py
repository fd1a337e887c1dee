from django.urls import path

from . import views

app_name = "risks"

urlpatterns = [
    path("complaints/", views.complaint_list, name="complaint-list"),
    path("complaints/new/", views.complaint_create, name="complaint-create"),
    path(
        "complaints/<int:complaint_id>/",
        views.complaint_detail,
        name="complaint-detail",
    ),
    path(
        "complaints/<int:complaint_id>/acknowledge/",
        views.complaint_acknowledge,
        name="complaint-acknowledge",
    ),
    path(
        "complaints/<int:complaint_id>/resolve/",
        views.complaint_resolve,
        name="complaint-resolve",
    ),
    path(
        "complaints/<int:complaint_id>/close/",
        views.complaint_close,
        name="complaint-close",
    ),
    path(
        "complaints/<int:complaint_id>/escalate/",
        views.complaint_escalate,
        name="complaint-escalate",
    ),
    path(
        "tickets/<int:ticket_number>/complaint/",
        views.ticket_flag,
        name="ticket-flag",
    ),
    path("", views.risk_list, name="risk-list"),
    path("new/", views.risk_create, name="risk-create"),
    path("<int:risk_id>/", views.risk_update, name="risk-update"),
    path("<int:risk_id>/escalate/", views.risk_escalate, name="risk-escalate"),
    path("escalations/", views.escalation_list, name="escalation-list"),
]
