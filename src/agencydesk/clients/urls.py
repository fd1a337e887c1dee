from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="client-list"),
    path("new/", views.client_create, name="client-create"),
    path("<slug:client_slug>/", views.client_detail, name="client-detail"),
]
