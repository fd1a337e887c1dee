"""Gap-free human numbers (AD-1042): a counter row locked inside the transaction."""

from django.db import connection

from .models import Counter


def next_number(name: str) -> int:
    """Take the next number of sequence ``name``; rolled back with its transaction."""
    # One statement takes the row lock that serialises concurrent takers and
    # reads the new value (PostgreSQL and SQLite ≥ 3.35 both have RETURNING);
    # a rollback gives the number back.
    table = connection.ops.quote_name(Counter._meta.db_table)
    sql = f"UPDATE {table} SET value = value + 1 WHERE name = %s RETURNING value"  # noqa: S608 - the table name is ours
    with connection.cursor() as cursor:
        cursor.execute(sql, [name])
        row = cursor.fetchone()
        if row is None:
            Counter.objects.get_or_create(name=name)
            cursor.execute(sql, [name])
            row = cursor.fetchone()
    return row[0]


def series_name(kind: str, series: str, year: int) -> str:
    """The counter of one series in one year (``invoice:INV:2026``): numbering
    restarts each year and runs apart per series, each on its own row, so
    issuing in one series never waits on another's lock."""
    name = f"{kind}:{series}:{year}"
    if len(name) > Counter._meta.get_field("name").max_length:
        raise ValueError(f"Counter name too long: {name!r}")
    return name


def next_in_series(kind: str, series: str, year: int) -> int:
    """Take the next gap-free number of ``series`` in ``year`` (1, 2, …)."""
    return next_number(series_name(kind, series, year))
