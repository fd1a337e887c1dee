"""One way to paginate lists, used by every list page.

A list counts its rows only up to ``COUNT_CAP``: ``SELECT COUNT(*) FROM
(SELECT … LIMIT COUNT_CAP + 1)``, so the count costs the same at a thousand
rows and at a million. Under the cap the page shows the exact total ("26–50 of
312", "Page 2 of 13"); past it, an honest bound ("26–50 of more than 1,000",
"Page 2"). Paging keeps working to the end either way: past the cap a page
counts to the end of the asked page plus one row to know whether "Next" has
anything, so a page number beyond the cap still shows its rows (offset
paging) and one past the end shows the last page.
Lists already in memory (Python lists) are always counted exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _

PAGE_SIZE = 25
# Counting stops here (or at the end of a page beyond it): the count reads at
# most this many rows, unsorted. Tests lower it with monkeypatch.
COUNT_CAP = 1000
# No offset past this: a page number that large is garbage, not a request for
# rows (and would overflow the databases' integer for OFFSET).
MAX_OFFSET = 10**9


class Counted:
    """What is known of a list's length: the exact ``count``, or, past the
    cap, only that it holds more than ``bound`` rows (``count`` is None)."""

    def __init__(self, per_page: int, count: int | None, bound: int = 0):
        self.per_page = per_page
        self.count = count
        self.bound = count if count is not None else bound

    @property
    def is_exact(self) -> bool:
        return self.count is not None

    @property
    def num_pages(self) -> int | None:
        if self.count is None:
            return None
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def total_display(self) -> str:
        """ "312", or "more than 1,000": grouped as the language writes numbers."""
        if self.count is not None:
            return number_format(self.count, force_grouping=True)
        return _("more than %(count)s") % {
            "count": number_format(self.bound, force_grouping=True)
        }


class Page(Sequence):
    """One page of a list; the same interface as Django's ``Page`` (with
    ``paginator.num_pages`` None while only a bound is known)."""

    def __init__(self, object_list: list, number: int, paginator: Counted, more: bool):
        self.object_list = object_list
        self.number = number
        self.paginator = paginator
        self._more = more

    def __repr__(self) -> str:
        return f"<Page {self.number}>"

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        if not self.object_list:
            return 0
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


def page_number(raw: Any, per_page: int = PAGE_SIZE) -> int:
    """The page asked for: a whole number from 1; garbage is page 1."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_OFFSET // per_page)


def paginate(
    request: HttpRequest, items, per_page: int = PAGE_SIZE, *, param: str = "page"
) -> Page:
    """The requested page of ``items`` (a queryset, a list, or a sequence
    that counts itself and reads a slice, as Django's ``Paginator`` takes);
    a garbage page gives the first page, one past the end the last."""
    number = page_number(request.GET.get(param), per_page)
    if not isinstance(items, (QuerySet, list, tuple)) and hasattr(items, "count"):
        return _paged(
            items.count(), number, per_page, lambda start, stop: items[start:stop]
        )
    if not isinstance(items, QuerySet):
        items = list(items)
        return _paged(
            len(items), number, per_page, lambda start, stop: items[start:stop]
        )
    return _paged_queryset(
        items, number, per_page, lambda start, stop: list(items[start:stop])
    )


def paginate_by_ids(
    request: HttpRequest, items: QuerySet, per_page: int = PAGE_SIZE
) -> Page:
    """Like ``paginate``, but the page is chosen on primary keys alone and only
    its rows are loaded with their joins: on large filtered tables the database
    then sorts ids instead of joining every match first."""
    ids = items.values_list("pk", flat=True)
    page = _paged_queryset(
        items,
        page_number(request.GET.get("page"), per_page),
        per_page,
        lambda start, stop: list(ids[start:stop]),
    )
    keys = list(page.object_list)
    rows = (
        {
            row.pk: row
            for row in items.model._default_manager.filter(pk__in=keys)
            .select_related(*_joins(items))
            .prefetch_related(*items._prefetch_related_lookups)
        }
        if keys
        else {}
    )
    page.object_list = [rows[pk] for pk in keys if pk in rows]
    return page


def count_upto(items: QuerySet, limit: int) -> int:
    """``min(items.count(), limit)``, reading at most ``limit`` rows: the
    count of a ``LIMIT`` subquery, without the ordering (it changes no count
    and would make the database sort every match first)."""
    return items.order_by()[:limit].count()


def counts_upto(parts: Sequence[QuerySet], limit: int | None = None) -> list[int]:
    """``count_upto`` of each queryset (up to ``COUNT_CAP + 1``), in one
    statement: ``SELECT (SELECT COUNT(*) FROM (… LIMIT n)), …``. Tiles of
    counts (the desk home's stages) cost the same at any size, in one round
    trip; ``count_display`` shows them."""
    if not parts:
        return []
    limit = limit or COUNT_CAP + 1
    selects, params = [], []
    for items in parts:
        try:
            sql, item_params = (
                items.order_by().values("pk")[:limit].query.sql_with_params()
            )
        except EmptyResultSet:  # .none(), or a filter nothing can match
            selects.append("0")
            continue
        # ``sql`` is Django's own compilation, its values in ``params``.
        subquery = f"(SELECT COUNT(*) FROM ({sql}) AS counted_{len(selects)})"  # noqa: S608
        selects.append(subquery)
        params.extend(item_params)
    with connections[parts[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        return [int(n) for n in cursor.fetchone()]


def count_display(count: int) -> str:
    """A count from ``counts_upto`` as shown: "312", or "1,000+" past the cap."""
    cap = COUNT_CAP
    if count <= cap:
        return number_format(count, force_grouping=True)
    return _("%(count)s+") % {"count": number_format(cap, force_grouping=True)}


def _paged(count: int, number: int, per_page: int, rows: Callable) -> Page:
    counted = Counted(per_page, count)
    number = min(number, counted.num_pages)
    start = (number - 1) * per_page
    object_list = rows(start, start + per_page) if count else []
    return Page(object_list, number, counted, more=number < counted.num_pages)


def _paged_queryset(
    items: QuerySet, number: int, per_page: int, rows: Callable
) -> Page:
    # Count no further than the cap, or than the end of the asked page when
    # it lies beyond the cap: either the whole list fits (an exact count, and
    # a page past the end becomes the last one), or rows remain after the
    # page (a bound, and "Next"). The count reads no more rows than the page
    # query's offset walks anyway, and never sorts them.
    start = (number - 1) * per_page
    limit = max(COUNT_CAP, start + per_page) + 1
    count = count_upto(items, limit)
    if count < limit:
        return _paged(count, number, per_page, rows)
    counted = Counted(per_page, None, bound=limit - 1)
    return Page(rows(start, start + per_page), number, counted, more=True)


def _joins(items: QuerySet) -> list[str]:
    related = items.query.select_related
    if not isinstance(related, dict):
        return []

    def walk(tree: dict, prefix: str = "") -> list[str]:
        paths = []
        for name, sub in tree.items():
            path = f"{prefix}{name}"
            paths.append(path)
            paths += walk(sub, f"{path}__")
        return paths

    return walk(related)
