"""Builds the request's Viewer: who is asking and which clients they may see."""

from django.utils.functional import SimpleLazyObject

from agencydesk.core.access import Viewer, viewer_for

from .models import Contact
from .scope import staff_client_ids


def viewer_for_user(user) -> Viewer:
    """The viewer of a user; a contact sees exactly their own client, staff
    every client or, under need-to-know, the clients they work on."""
    if user is None or not user.is_authenticated:
        return viewer_for(user)
    if user.is_staff:
        return viewer_for(user, staff_scope=lambda: staff_client_ids(user))
    rows = list(
        Contact.objects.filter(user=user).values_list(
            "client_id", "sees_all_tickets", "role"
        )
    )
    return viewer_for(
        user,
        [client_id for client_id, _all, _role in rows],
        limited_to_own=any(not sees_all for _id, sees_all, _role in rows),
        contact_roles=[role for _id, _all, role in rows],
    )


class ViewerMiddleware:
    """Attach ``request.viewer`` (built on first use, once per request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for_user(request.user))
        return self.get_response(request)
