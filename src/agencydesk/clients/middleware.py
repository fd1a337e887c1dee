"""Builds the request's Viewer: who is asking and which clients they may see."""

from django.utils.functional import SimpleLazyObject

from agencydesk.core.access import Viewer, viewer_for

from .models import Contact


def viewer_for_user(user) -> Viewer:
    """The viewer of a user; a contact sees exactly their own client."""
    if user is None or not user.is_authenticated or user.is_staff:
        return viewer_for(user)
    client_ids = Contact.objects.filter(user=user).values_list("client_id", flat=True)
    return viewer_for(user, list(client_ids))


class ViewerMiddleware:
    """Attach ``request.viewer`` (built on first use, once per request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for_user(request.user))
        return self.get_response(request)
