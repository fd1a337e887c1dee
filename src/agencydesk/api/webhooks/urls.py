from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("new/", views.subscription_create, name="create"),
    path("<int:subscription_id>/", views.subscription_detail, name="detail"),
    path("<int:subscription_id>/edit/", views.subscription_edit, name="edit"),
    path("<int:subscription_id>/test/", views.subscription_test, name="test"),
    path("<int:subscription_id>/enable/", views.subscription_enable, name="enable"),
    path("<int:subscription_id>/delete/", views.subscription_delete, name="delete"),
    path(
        "<int:subscription_id>/deliveries/<int:delivery_id>/redeliver/",
        views.delivery_redeliver,
        name="redeliver",
    ),
]
