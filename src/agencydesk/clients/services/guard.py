"""The read-only guard of archived accounts, which every write of the clients
app (and the apps above it) takes first."""

from __future__ import annotations

from ..errors import ClientArchivedError
from ..models import Client


def ensure_editable(client: Client) -> Client:
    """Re-read the client under a row lock; refuse when it is archived."""
    locked = Client.objects.select_for_update().get(pk=client.pk)
    if locked.is_archived:
        raise ClientArchivedError
    return locked
