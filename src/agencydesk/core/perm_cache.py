"""A person's permissions, kept between requests in the shared cache.

Reading them costs two queries on every page (the person's own and their roles'
permissions); they change only when someone's roles change or a role's
permissions do. Each entry carries the *epoch* it was read in: giving a role
other permissions (the admin's group page, a data migration) moves the epoch on
and every entry goes stale at once; changing one person's roles forgets only
theirs. The cache is the shared one (Redis, or the file cache of the embedded
default), so every web process and machine sees the same invalidation.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache

EPOCH_KEY = "core:perms-epoch"
TIMEOUT = 24 * 3600


def _user_key(user_id: int) -> str:
    return f"core:perms:{user_id}"


def permissions_cached(user_id: int, read: Callable[[], set[str]]) -> set[str]:
    """The person's permissions from the cache, or ``read()`` and kept."""
    found = cache.get_many([EPOCH_KEY, _user_key(user_id)])
    epoch = found.get(EPOCH_KEY, 0)
    entry = found.get(_user_key(user_id))
    if entry is not None and entry[0] == epoch:
        return set(entry[1])
    perms = read()
    cache.set(_user_key(user_id), (epoch, frozenset(perms)), TIMEOUT)
    return perms


def permissions_forget(user_id: int) -> None:
    """This person's roles changed: read their permissions afresh."""
    cache.delete(_user_key(user_id))


def permissions_epoch_bump() -> None:
    """A role's permissions changed: every cached entry is stale."""
    try:
        cache.incr(EPOCH_KEY)
    except ValueError:
        cache.set(EPOCH_KEY, 1, None)
