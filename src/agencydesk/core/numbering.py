"""Gap-free human numbers (AD-1042): a counter row locked inside the transaction."""

from django.db import transaction

from .models import Counter


def next_number(name: str) -> int:
    """Take the next number of sequence ``name``; rolled back with its transaction."""
    with transaction.atomic():
        Counter.objects.get_or_create(name=name)
        # The row lock serialises concurrent takers; a rollback returns the number.
        counter = Counter.objects.select_for_update().get(name=name)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value
