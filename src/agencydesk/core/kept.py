"""Rows that rarely change, kept between requests in the shared cache.

Each kind of kept value is a *group* (a person's permissions, working
calendars, SLA targets). An entry carries the group's *epoch* it was read in:
``kept_forget(group)`` moves the epoch on and every entry of the group goes
stale at once, ``kept_forget(group, key)`` drops one entry. A forget happens at
once and again when the transaction commits, so a value read by another
request while the change was not yet committed is not kept past it. The cache
is the shared one (Redis, or the file cache of the embedded default), so every
web process, worker and machine sees the same invalidation.

``forget_on_change(group, Model, ...)`` ties a group to the models it is read
from: any save or delete of one of their rows forgets the group. Queryset
``update()``/``bulk_create()`` send no signals; the code that uses them on such
a model forgets the group itself. Entries also expire after an hour, so a
change made behind the application's back (a data migration, SQL by hand)
is seen within the hour at worst.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
TIMEOUT = 3600


def _epoch_key(group: str) -> str:
    return f"kept:{group}:epoch"


def _entry_key(group: str, key: Hashable) -> str:
    return f"kept:{group}:{key}"


def kept(
    group: str,
    key: Hashable,
    read: Callable[[], T],
    *,
    timeout: int = TIMEOUT,
    keep_none: bool = True,
) -> T:
    """The group's value for ``key`` from the cache, or ``read()`` and kept
    (a None read is not kept with ``keep_none=False``: keys anyone can make up,
    such as a presented token, must not fill the cache)."""
    entry_key, epoch_key = _entry_key(group, key), _epoch_key(group)
    found = cache.get_many([epoch_key, entry_key])
    epoch = found.get(epoch_key, 0)
    entry = found.get(entry_key)
    if entry is not None and entry[0] == epoch:
        return entry[1]
    value = read()
    if value is not None or keep_none:
        cache.set(entry_key, (epoch, value), timeout)
    return value


def _bump(group: str) -> None:
    try:
        cache.incr(_epoch_key(group))
    except ValueError:
        cache.set(_epoch_key(group), 1, None)


def kept_forget(group: str, key: Hashable | None = None) -> None:
    """Forget one entry of the group, or (no key) all of them; now and at commit."""
    if key is None:
        _bump(group)
        transaction.on_commit(lambda: _bump(group), robust=True)
        return
    entry_key = _entry_key(group, key)
    cache.delete(entry_key)
    transaction.on_commit(lambda: cache.delete(entry_key), robust=True)


def forget_on_change(group: str, *watched: type[models.Model]) -> None:
    """Forget the whole group whenever a row of one of ``watched`` is saved or
    deleted (called once, from an app's ``ready``)."""

    def receiver(sender: Any, **kwargs: Any) -> None:
        kept_forget(group)

    for model in watched:
        uid = f"kept:{group}:{model._meta.label}"
        post_save.connect(
            receiver, sender=model, weak=False, dispatch_uid=uid + ":save"
        )
        post_delete.connect(
            receiver, sender=model, weak=False, dispatch_uid=uid + ":delete"
        )
