"""htmx helpers shared by every app."""

from django.http import HttpRequest


def partial(request: HttpRequest) -> bool:
    """True when htmx asks for a fragment rather than a whole page."""
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted
