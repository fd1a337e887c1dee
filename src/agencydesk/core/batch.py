"""A batch scope: work done many times in a row (mail intake) shares reads and
coalesces follow-up jobs.

Inside ``with batch_scope():`` a read wrapped in ``batch_cached`` runs once per
key, and ``batch_defer`` collects items to hand to their flush function once,
when the scope ends. Outside a scope both do the plain thing at once, so
services need not know whether they run alone or in a batch. A scope lives for
one intake run (an IMAP poll, a `mail ingest` command), which bounds how
stale a cached read can be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, wraps
from typing import Any, TypeVar

from django.db import connections, models, router, transaction

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

_MISSING = object()


class Batch:
    """Reads shared across several scopes of one run; ``active()`` opens a
    scope that uses them (an intake run opens one per chunk of messages)."""

    def __init__(self) -> None:
        self.cache: dict[tuple, Any] = {}
        self.deferred: dict[str, tuple[Callable[[list], None], list]] = {}
        self.inserts: dict[type[models.Model], list[models.Model]] = {}

    @contextmanager
    def active(self) -> Iterator[None]:
        if _current.get() is not None:
            # Nested scopes join the outer one.
            yield
            return
        token = _current.set(self)
        try:
            yield
            if self.inserts:
                raise RuntimeError("Rows given to batch_insert were never flushed.")
        finally:
            _current.reset(token)
            self.inserts = {}
            # Deferred items come from work already committed: flush them even
            # when the block ends in an error.
            deferred, self.deferred = self.deferred, {}
            for flush, items in deferred.values():
                if items:
                    flush(items)


_current: ContextVar[Batch | None] = ContextVar("agencydesk_batch", default=None)


@contextmanager
def batch_scope() -> Iterator[None]:
    """Share reads and coalesce deferred jobs until the block ends (nested
    scopes join the outer one)."""
    with Batch().active():
        yield


def batch_cached(key: tuple, compute: Callable[[], T], *, keep_none: bool = True) -> T:
    """``compute()``, once per ``key`` within the current scope. ``keep_none=False``
    asks again after a ``None`` (for lookups whose answer the batch may create)."""
    scope = _current.get()
    if scope is None:
        return compute()
    value = scope.cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if value is not None or keep_none:
            scope.cache[key] = value
    return value


@contextmanager
def batch_suspended() -> Iterator[None]:
    """Run the block outside the scope, and forget what the scope has read
    and not yet inserted: after a rollback its cached reads may describe rows
    that are gone."""
    scope = _current.get()
    if scope is not None:
        scope.cache.clear()
        scope.inserts = {}
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


def batch_defer(name: str, item: Any, flush: Callable[[list], None]) -> None:
    """Hand ``item`` to ``flush`` together with the scope's other items of
    ``name`` when the scope ends; at once when no scope is open."""
    scope = _current.get()
    if scope is None:
        flush([item])
        return
    scope.deferred.setdefault(name, (flush, []))[1].append(item)


def batch_atomic(func: Callable[..., T]) -> Callable[..., T]:
    """``transaction.atomic`` for a service that intake calls many times in a
    row. Inside a batch, whose transaction is rolled back whole if any of its
    messages fails (and then redone one message at a time), the service's own
    savepoint would buy nothing and cost two round trips; elsewhere it keeps
    one, so a caller may catch the service's error and go on."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        with transaction.atomic(savepoint=_current.get() is None):
            return func(*args, **kwargs)

    return wrapper


def batch_insert(row: M) -> M:
    """Insert ``row`` now or, in a batch, together with the batch's other rows
    of its model when the batch calls ``batch_flush_inserts()`` before it
    commits. For append-only rows nothing reads back within the batch
    (timeline events, ticket transitions); their ``auto_now_add`` time is the
    flush's, a moment later."""
    scope = _current.get()
    if scope is None:
        insert_one(row)
    else:
        scope.inserts.setdefault(type(row), []).append(row)
    return row


def batch_flush_inserts() -> None:
    """Insert the rows ``batch_insert`` collected, one statement per model."""
    scope = _current.get()
    if scope is None:
        return
    inserts, scope.inserts = scope.inserts, {}
    for model, rows in inserts.items():
        model._default_manager.bulk_create(rows)


@cache
def _insert_statement(model: type[models.Model], alias: str) -> tuple[str, tuple]:
    """The INSERT of one row of ``model`` on ``alias``, its columns from the
    model's meta, made once per process."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    # An auto-incremented key is the database's to give (RETURNING).
    fields = tuple(
        f for f in meta.concrete_fields if not (f.primary_key and f.db_returning)
    )
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from meta)
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if meta.pk.db_returning and connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return sql, fields


def insert_one(row: M) -> M:
    """Insert one new row as ``bulk_create([row])`` does (no signals, the same
    ``pre_save`` and database preparation of each field), without compiling
    the statement each time: a ticket opened through the API inserts three
    such rows, and compiling them cost a fifth of its CPU."""
    model = type(row)
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, fields = _insert_statement(model, alias)
    params = [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if not pk.db_returning:
            pass
        elif connection.features.can_return_columns_from_insert:
            row.pk = cursor.fetchone()[0]
        else:
            row.pk = connection.ops.last_insert_id(
                cursor, model._meta.db_table, pk.column
            )
    row._state.adding = False
    row._state.db = alias
    return row
