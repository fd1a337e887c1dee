from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_create, name="create"),
    path("<int:run_id>/", views.run_detail, name="detail"),
    path("<int:run_id>/import/", views.run_apply, name="apply"),
    path("<int:run_id>/file/", views.run_file, name="file"),
    path("templates/<str:kind>.<str:fmt>", views.template_download, name="template"),
    path("kpis/<slug:client_slug>/", views.kpi_upload, name="kpi-upload"),
]
