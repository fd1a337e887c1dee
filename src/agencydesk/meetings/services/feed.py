"""A person's calendar feed link: reset it so the old address stops working."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import FeedKey


def feed_link_reset(*, actor) -> int:
    """Give ``actor``'s feed a new address; every earlier one stops working at
    once (anyone else's feed is untouched). Returns the new version."""
    with transaction.atomic():
        key, _created = FeedKey.objects.select_for_update().get_or_create(user=actor)
        FeedKey.objects.filter(pk=key.pk).update(
            version=F("version") + 1, reset_at=timezone.now()
        )
        key.refresh_from_db(fields=["version"])
    return key.version
