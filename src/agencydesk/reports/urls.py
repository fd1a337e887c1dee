from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("metrics/", views.metric_list, name="metric-list"),
    path("<slug:client_slug>/", views.kpi_list, name="kpi-list"),
    path("<slug:client_slug>/new/", views.kpi_create, name="kpi-create"),
    path("<slug:client_slug>/<int:kpi_id>/", views.kpi_update, name="kpi-update"),
    path("<slug:client_slug>/values/", views.point_add, name="point-add"),
    path("<slug:client_slug>/push/renew/", views.push_renew, name="push-renew"),
]
