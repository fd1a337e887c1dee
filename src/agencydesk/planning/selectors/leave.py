"""Reads of leave: the list, newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Leave


def leave_list(*, user_id: int | None = None, status: str = "") -> QuerySet[Leave]:
    """Leave, newest first, optionally one person's or in one status."""
    leaves = Leave.objects.select_related("user", "decided_by")
    if user_id:
        leaves = leaves.filter(user_id=user_id)
    if status:
        leaves = leaves.filter(status=status)
    return leaves.order_by("-start", "-pk")
