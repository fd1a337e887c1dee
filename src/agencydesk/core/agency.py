"""The agency of this installation (a single row created by a migration)."""

from .models import Agency


def agency_get() -> Agency:
    """The agency with its working calendar."""
    return Agency.objects.select_related("calendar").get(pk=1)
