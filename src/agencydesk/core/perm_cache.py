"""A person's permissions, kept between requests (``core.kept``).

Reading them costs two queries on every page (the person's own and their roles'
permissions); they change only when someone's roles change or a role's
permissions do. Giving a role other permissions (the admin's group page, a data
migration) forgets every entry at once; changing one person's roles forgets
only theirs.
"""

from __future__ import annotations

from collections.abc import Callable

from .kept import kept, kept_forget

GROUP = "perms"


def permissions_cached(user_id: int, read: Callable[[], set[str]]) -> set[str]:
    """The person's permissions from the cache, or ``read()`` and kept."""
    return set(kept(GROUP, user_id, lambda: frozenset(read())))


def permissions_forget(user_id: int) -> None:
    """This person's roles changed: read their permissions afresh."""
    kept_forget(GROUP, user_id)


def permissions_epoch_bump() -> None:
    """A role's permissions changed: every cached entry is stale."""
    kept_forget(GROUP)
