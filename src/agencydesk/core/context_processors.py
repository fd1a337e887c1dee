"""Template context shared by every page: navigation and the unread badge."""

from django.http import HttpRequest

from .navigation import nav_for
from .notifications import unread_count
from .panels import panels_for


def navigation(request: HttpRequest) -> dict:
    viewer = getattr(request, "viewer", None)
    if viewer is None or not viewer.is_authenticated:
        return {"viewer": viewer}
    return {
        "viewer": viewer,
        "unread_notifications": unread_count(recipient=viewer.user),
        "nav_items": nav_for(viewer),
        # Status blocks of the top bar from higher apps (the running timer).
        "nav_panels": panels_for("navbar", request) if viewer.is_staff else [],
    }
