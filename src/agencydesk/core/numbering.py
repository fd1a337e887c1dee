"""Gap-free human numbers (AD-1042): a counter row locked inside the transaction."""

from django.db import transaction
from django.db.models import F

from .models import Counter


def next_number(name: str) -> int:
    """Take the next number of sequence ``name``; rolled back with its transaction."""
    with transaction.atomic():
        # The UPDATE takes the row lock that serialises concurrent takers; a
        # rollback gives the number back.
        if not Counter.objects.filter(name=name).update(value=F("value") + 1):
            Counter.objects.get_or_create(name=name)
            Counter.objects.filter(name=name).update(value=F("value") + 1)
        return Counter.objects.values_list("value", flat=True).get(name=name)
