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
