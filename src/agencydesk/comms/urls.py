from django.urls import path

from . import views

app_name = "comms"

urlpatterns = [
    path("whatsapp/webhook/", views.whatsapp_webhook, name="whatsapp-webhook"),
]
