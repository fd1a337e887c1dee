"""Cursor pagination: a page is the rows after the last one seen, in a fixed
order that ends on a unique field, so rows added meanwhile never repeat or
shift a page. The cursor is opaque (signed) and says which order it is for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from django.core import signing
from django.db.models import Model, Q, QuerySet

from .errors import CursorInvalidError

M = TypeVar("M", bound=Model)

_SALT = "agencydesk.api.cursor"
DEFAULT_LIMIT = 25
MAX_LIMIT = 100


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "dt" in value:
        return datetime.fromisoformat(value["dt"])
    if isinstance(value, dict) and "d" in value:
        return date.fromisoformat(value["d"])
    return value


def _value(row: Any, name: str) -> Any:
    """The value of a field of the order, following ``a__b`` across relations
    (or read from a row as a dict; ``pk`` is then ``id``)."""
    if isinstance(row, dict):
        field = name.lstrip("-")
        return row["id" if field == "pk" else field]
    value: Any = row
    for part in name.lstrip("-").split("__"):
        value = getattr(value, part)
    return value


def _after(ordering: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in ``ordering`` (a keyset condition)."""
    condition = Q()
    equal = Q()
    for name, value in zip(ordering, values, strict=True):
        field = name.lstrip("-")
        step = Q(**{f"{field}__{'lt' if name.startswith('-') else 'gt'}": value})
        condition |= equal & step
        equal &= Q(**{field: value})
    return condition


def cursor_page(
    rows: QuerySet[M],
    *,
    ordering: Sequence[str],
    cursor: str,
    limit: int,
    read: Callable[[QuerySet[M]], list[Any]] = list,
) -> tuple[list[Any], str | None]:
    """One page of ``rows`` in ``ordering`` (its last field unique) after
    ``cursor``, and the cursor of the next page (None on the last).
    ``read`` turns the page's query into its items (model instances by
    default; rows as dicts must hold the ordering's fields)."""
    rows = rows.order_by(*ordering)
    if cursor:
        try:
            data = signing.loads(cursor, salt=_SALT)
            values = [_decode(v) for v in data["v"]]
            if data["o"] != list(ordering) or len(values) != len(ordering):
                raise ValueError
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise CursorInvalidError from None
        rows = rows.filter(_after(ordering, values))
    page = read(rows[: limit + 1])
    if len(page) <= limit:
        return page, None
    page = page[:limit]
    last = page[-1]
    values = [_encode(_value(last, name)) for name in ordering]
    return page, signing.dumps({"o": list(ordering), "v": values}, salt=_SALT)
