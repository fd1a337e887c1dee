"""The client's panel: views only, reading through the apps' selectors."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencydesk.clients.selectors import contact_for_portal
from agencydesk.core.access import contact_required
from agencydesk.core.panels import panels_for


@contact_required
def home(request: HttpRequest) -> HttpResponse:
    contact = contact_for_portal(viewer=request.viewer)
    return render(
        request,
        "portal/home.html",
        {
            "contact": contact,
            "client": contact.client,
            "panels": panels_for("portal", request, client=contact.client),
        },
    )
