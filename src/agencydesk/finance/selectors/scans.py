"""The signed scans clients sent back, as staff see them on a contract."""

from __future__ import annotations

from django.db.models import QuerySet

from agencydesk.core.access import Viewer

from ..models import SignedScan


def signed_scans_of(*, viewer: Viewer, contract_id: int) -> QuerySet[SignedScan]:
    """A contract's scans, newest first, with the paper and who sent them."""
    return (
        SignedScan.objects.visible_to(viewer)
        .filter(contract_id=contract_id)
        .select_related("document", "act", "uploaded_by")
    )
